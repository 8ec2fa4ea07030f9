import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { setAuth0Password } from "../support/emulatorAdmin";
import type { CreatedLegacyUser } from "../support/legacyUsers";
import { importInProcess } from "../support/importInProcess";
import { startTestApp, type TestApp } from "../support/startTestApp";

/** Imported users log in through the service; the safety net repairs a silently wrong conversion only on proof. */

let t: TestApp;
let plain: CreatedLegacyUser;
let corrupt: CreatedLegacyUser;
let changed: CreatedLegacyUser;
let resetInAuth0: CreatedLegacyUser;
let weak: CreatedLegacyUser;

async function apiLogin(identifier: string, password: string): Promise<{ status: number; body: any }> {
  const res = await t.client().postJson("/api/login", { identifier, password });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  t = await startTestApp();
  plain = await t.users.create({ format: "pbkdf2_sha256" });
  corrupt = await t.users.create({ format: "md5" });
  changed = await t.users.create({ format: "bcrypt" });
  resetInAuth0 = await t.users.create({ format: "md5" });
  // A password Auth0's policy refuses: the import skips the policy, the repair cannot skip it.
  weak = await t.users.create({ format: "md5", password: "abc" });
  // Auth0 accepts both at import; their stored hash will not verify (a wrong conversion).
  t.emulator.importJobs.corruptImportOf(corrupt.email as string);
  t.emulator.importJobs.corruptImportOf(changed.email as string);
  t.emulator.importJobs.corruptImportOf(resetInAuth0.email as string);
  t.emulator.importJobs.corruptImportOf(weak.email as string);
  const db = t.testDb.db;
  const summary = await importInProcess(t, "repair-test:1");
  expect(summary).toMatchObject({ inserted: 5, linked: 5 });
  // The legacy app changed this user's hash after the import (same password, new salt).
  await db("users").where({ id: changed.id }).update({ password: await new BcryptHasher(4).encode(changed.password) });
}, 120_000);

afterAll(async () => {
  await t.close();
});

it("an imported user logs in through the service with the old password; a wrong one is refused", async () => {
  expect((await apiLogin(plain.username, `${plain.password}x`)).status).toBe(401);
  const ok = await apiLogin(plain.username, plain.password);
  expect(ok.status).toBe(200);
  expect(ok.body.migration).toMatchObject({ state: "migrated", method: "bulk_import" });
  const link = await t.testDb.db("auth0_links").where({ legacy_user_id: plain.id }).first();
  expect(link).toMatchObject({ method: "bulk_import", auth0_user_id: `auth0|legacy-${plain.id}` });
});

it("a wrong password is refused for a corrupted import too (no repair without the legacy proof)", async () => {
  expect((await apiLogin(corrupt.username, `${corrupt.password}x`)).status).toBe(401);
  expect(t.emulator.getUser(`auth0|legacy-${corrupt.id}`)?.logins_count ?? 0).toBe(0);
});

it("repairs a corrupted import at login: unchanged legacy hash, right password, never logged in to Auth0 (import_repaired)", async () => {
  const r = await apiLogin(corrupt.username, corrupt.password);
  expect(r.status).toBe(200);
  expect(r.body.migration).toMatchObject({ state: "migrated", method: "bulk_import" });
  const row = await t.testDb.db("auth0_bulk_import_users").where({ legacy_user_id: corrupt.id }).first();
  expect(row.repaired_at).not.toBeNull();
  expect(await t.app.metrics.registry.getSingleMetricAsString("auth0_migrate_import_repaired_total")).toMatch(/ 1$/m);
  // Auth0 now holds the password itself: the next login needs no repair.
  expect((await apiLogin(corrupt.username, corrupt.password)).status).toBe(200);
  expect(await t.app.metrics.registry.getSingleMetricAsString("auth0_migrate_import_repaired_total")).toMatch(/ 1$/m);
});

it("does not repair when the legacy hash changed since the import (invariant 1)", async () => {
  expect((await apiLogin(changed.username, changed.password)).status).toBe(401);
  const row = await t.testDb.db("auth0_bulk_import_users").where({ legacy_user_id: changed.id }).first();
  expect(row.repaired_at).toBeNull();
});

it("does not repair a user who logged in to Auth0 since the import (the Auth0 password is theirs now)", async () => {
  // `plain` logged in above (Auth0 counted it), then changed the password in Auth0 directly.
  expect(t.emulator.getUser(`auth0|legacy-${plain.id}`)?.logins_count).toBeGreaterThan(0);
  await setAuth0Password(t.emulator, `auth0|legacy-${plain.id}`, "Changed-In-Auth0-1!");
  expect((await apiLogin(plain.username, plain.password)).status).toBe(401);
  const row = await t.testDb.db("auth0_bulk_import_users").where({ legacy_user_id: plain.id }).first();
  expect(row.repaired_at).toBeNull();
  expect((await apiLogin(plain.username, "Changed-In-Auth0-1!")).status).toBe(200);
});

it("does not repair a user whose password was changed in Auth0 without a login since (a reset there): the old password stays refused", async () => {
  const auth0Id = `auth0|legacy-${resetInAuth0.id}`;
  // The user reset the password in Auth0 (the old one leaked) and has not logged in since.
  await setAuth0Password(t.emulator, auth0Id, "Reset-In-Auth0-1!");
  expect(t.emulator.getUser(auth0Id)?.logins_count ?? 0).toBe(0);
  expect((await apiLogin(resetInAuth0.username, resetInAuth0.password)).status).toBe(401);
  const row = await t.testDb.db("auth0_bulk_import_users").where({ legacy_user_id: resetInAuth0.id }).first();
  expect(row.repaired_at).toBeNull();
  expect((await apiLogin(resetInAuth0.username, "Reset-In-Auth0-1!")).status).toBe(200);
});

it("a corrupted import whose proven password the tenant's policy refuses: let in as weak_password and asked for a new one, never locked out", async () => {
  expect((await apiLogin(weak.username, "abd")).status).toBe(401);
  const r = await apiLogin(weak.username, "abc");
  expect(r.status).toBe(200);
  expect(r.body.migration).toMatchObject({ state: "weak_password", method: "bulk_import" });
  const row = await t.testDb.db("auth0_bulk_import_users").where({ legacy_user_id: weak.id }).first();
  expect(row.repaired_at).toBeNull();
  // The form login sends them to choose a new password.
  const page = await t.client().loginForm(weak.username, "abc");
  expect(page.status).toBe(303);
  expect(page.headers.get("location")).toMatch(/^\/account\/password\?next=/);
});
