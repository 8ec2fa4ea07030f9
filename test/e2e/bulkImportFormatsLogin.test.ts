import { convertLegacyHash } from "../../src/bulkImport/converters/convertLegacyHash";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { HASH_VECTORS, type HashVector } from "../support/hashVectors";
import { importInProcess } from "../support/importInProcess";
import type { CreatedLegacyUser } from "../support/legacyUsers";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * Issue 14's end-to-end proof, per importable format: a legacy user of each published vector is
 * bulk-imported, then logs in THROUGH THE SERVICE with the old password (the service asks the
 * emulator's password grant, which verifies the imported hash as Auth0 does); a wrong one is refused.
 */

const registry = createHasherRegistry("bcrypt");
let t: TestApp;
const imported: Array<{ user: CreatedLegacyUser; vector: HashVector }> = [];

beforeAll(async () => {
  // Auth0's time budget widened: the emulator verifies real vectors at their own costs (Django's
  // argon2 at 100 MiB) while the service checks the same hash alongside, on a loaded CI machine;
  // this test is about the verdicts, not the time (the default 1.5 s made one answer a 503).
  t = await startTestApp({ env: { THROTTLE_ACCOUNT_IP_MAX: "1000", THROTTLE_IP_MAX: "1000", AUTH0_TIMEOUT_MS: "30000" } });
  // An empty password never reaches a login (refused before any check).
  for (const vector of HASH_VECTORS.filter((v) => v.password !== "")) {
    if (!convertLegacyHash(registry, vector.encoded).conversion.importable) continue;
    imported.push({ user: await t.users.create({ passwordHash: vector.encoded }), vector });
  }
  const summary = await importInProcess(t, "formats-login:1");
  expect(summary).toMatchObject({ failed: 0, linked: imported.length });
}, 180_000);

afterAll(async () => {
  await t.close();
});

async function apiLogin(identifier: string, password: string): Promise<{ status: number; body: any }> {
  const res = await t.client().postJson("/api/login", { identifier, password });
  return { status: res.status, body: await res.json() };
}

it("imports a user of every format docs/bulk-import.md lists as importable", () => {
  expect([...new Set(imported.map((i) => i.vector.format))].sort()).toEqual(
    ["argon2", "aspnet_identity", "bcrypt", "django_bcrypt", "md5", "pbkdf2_sha1", "pbkdf2_sha256", "scrypt", "sha1", "unsalted_md5", "unsalted_sha1"].sort(),
  );
});

it("each imported user logs in through the service with the old password, checked by Auth0 (no repair); a wrong password is refused", async () => {
  for (const { user, vector } of imported) {
    const wrong = await apiLogin(user.username, vector.wrong ?? `${vector.password}z`);
    expect({ source: vector.source, status: wrong.status }).toEqual({ source: vector.source, status: 401 });
    const right = await apiLogin(user.username, vector.password);
    expect({ source: vector.source, status: right.status, migration: right.body.migration }).toEqual({
      source: vector.source,
      status: 200,
      migration: { state: "migrated", method: "bulk_import", auth0_user_id: `auth0|legacy-${user.id}` },
    });
    // Auth0 verified the imported hash itself: the safety net did not step in.
    expect(t.emulator.getUser(`auth0|legacy-${user.id}`)?.logins_count).toBeGreaterThan(0);
  }
  const repaired = await t.testDb.db("auth0_bulk_import_users").whereNotNull("repaired_at");
  expect(repaired).toEqual([]);
}, 180_000);
