import { setAuth0Password } from "../support/emulatorAdmin";
import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ table: "auth_user", idType: "uuid", env: { LEGACY_PRESET: "django", AUTH0_OUTAGE_POLICY: "legacy" } });
});

afterAll(async () => {
  await t.close();
});

it("logs a Django user in with a pbkdf2_sha256 hash and a uuid id, and migrates them", async () => {
  const u = await t.users.create({ format: "pbkdf2_sha256" });
  expect(u.id).toMatch(/^[0-9a-f-]{36}$/);
  const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  expect(body.user.id).toBe(u.id);
  expect(body.migration).toMatchObject({ state: "migrated", method: "login" });
  expect(t.emulator.getUser(body.migration.auth0_user_id)?.app_metadata).toEqual({ legacy_id: u.id });
  const row = await t.testDb.db("auth_user").where({ id: u.id }).first();
  expect(row.last_login).not.toBeNull();
});

it("under the legacy outage policy, re-syncs in Django's format a password Auth0 accepted", async () => {
  const u = await t.users.create({ format: "pbkdf2_sha256" });
  const first = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  const auth0Id = ((await first.json()) as any).migration.auth0_user_id as string;
    await setAuth0Password(t.emulator, auth0Id, "Changed-In-Auth0-2");
  expect((await t.client().postJson("/api/login", { identifier: u.username, password: "Changed-In-Auth0-2" })).status).toBe(200);
  await t.app.backend.drain();
  const row = await t.testDb.db("auth_user").where({ id: u.id }).first();
  expect(row.password).toMatch(/^pbkdf2_sha256\$1000\$/);
});
