import type { Knex } from "knex";
import { BulkImportStore } from "../../src/bulkImport/BulkImportStore";
import { hashFingerprint } from "../../src/bulkImport/hashFingerprint";
import { migrateLatest } from "../../src/db/migrateLatest";
import { BulkImportFixtures } from "../support/bulkImportFixtures";
import { createTestDb, type TestDb } from "../support/testDb";

/** updateResent: what a file sent again carries (fingerprint, address), set in one statement, only for the users named. */

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

it("sets each named user's fingerprint and address, for a thousand users at once, and leaves the others alone", async () => {
  const ids = Array.from({ length: 1002 }, (_, i) => String(i + 1));
  await new BulkImportFixtures(db).run([{ status: "prepared", open: ids }], { finished: false });
  const before = await db("auth0_bulk_import_users").where({ legacy_user_id: "1002" }).first();

  const changed = ids.slice(0, 1001).map((id) => ({ legacyUserId: id, fingerprint: hashFingerprint(`new-hash-${id}`), email: `moved-${id}@example.com` }));
  await new BulkImportStore(db).updateResent(changed);

  const rows: Array<{ legacy_user_id: string; fingerprint: string; email: string }> = await db("auth0_bulk_import_users").select("legacy_user_id", "fingerprint", "email");
  const byId = new Map(rows.map((r) => [r.legacy_user_id, r]));
  expect(byId.get("1")).toMatchObject({ fingerprint: hashFingerprint("new-hash-1"), email: "moved-1@example.com" });
  expect(byId.get("1001")).toMatchObject({ fingerprint: hashFingerprint("new-hash-1001"), email: "moved-1001@example.com" });
  expect(changed.every((c) => byId.get(c.legacyUserId)?.fingerprint === c.fingerprint && byId.get(c.legacyUserId)?.email === c.email)).toBe(true);
  expect(byId.get("1002")).toMatchObject({ fingerprint: before.fingerprint, email: before.email });
  expect(before.fingerprint).toBe(hashFingerprint("fixture-hash-1002"));
});

it("changes nothing for no users", async () => {
  const before = await db("auth0_bulk_import_users").select("legacy_user_id", "fingerprint", "email").orderBy("legacy_user_id");
  expect(before.length).toBeGreaterThan(0);
  await new BulkImportStore(db).updateResent([]);
  expect(await db("auth0_bulk_import_users").select("legacy_user_id", "fingerprint", "email").orderBy("legacy_user_id")).toEqual(before);
});
