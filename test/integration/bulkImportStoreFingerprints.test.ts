import type { Knex } from "knex";
import { BulkImportStore } from "../../src/bulkImport/BulkImportStore";
import { hashFingerprint } from "../../src/bulkImport/hashFingerprint";
import { migrateLatest } from "../../src/db/migrateLatest";
import { BulkImportFixtures } from "../support/bulkImportFixtures";
import { createTestDb, type TestDb } from "../support/testDb";

/** updateFingerprints: the fingerprints of a file sent again, set in chunks, only for the users named. */

let t: TestDb;
let db: Knex;

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await migrateLatest(db);
}, 60_000);

afterAll(async () => {
  await t.cleanup();
});

it("sets each named user's fingerprint, across more than one chunk, and leaves the others alone", async () => {
  const ids = Array.from({ length: 1002 }, (_, i) => String(i + 1));
  await new BulkImportFixtures(db).run([{ status: "prepared", open: ids }], { finished: false });
  const before = await db("auth0_bulk_import_users").where({ legacy_user_id: "1002" }).first();

  const changed = ids.slice(0, 1001).map((id) => ({ legacyUserId: id, fingerprint: hashFingerprint(`new-hash-${id}`) }));
  await new BulkImportStore(db).updateFingerprints(changed);

  const rows: Array<{ legacy_user_id: string; fingerprint: string }> = await db("auth0_bulk_import_users").select("legacy_user_id", "fingerprint");
  const byId = new Map(rows.map((r) => [r.legacy_user_id, r.fingerprint]));
  expect(byId.get("1")).toBe(hashFingerprint("new-hash-1"));
  expect(byId.get("1001")).toBe(hashFingerprint("new-hash-1001"));
  expect(changed.every((c) => byId.get(c.legacyUserId) === c.fingerprint)).toBe(true);
  expect(byId.get("1002")).toBe(before.fingerprint);
  expect(before.fingerprint).toBe(hashFingerprint("fixture-hash-1002"));
});

it("does nothing for no users", async () => {
  await expect(new BulkImportStore(db).updateFingerprints([])).resolves.toBeUndefined();
});
