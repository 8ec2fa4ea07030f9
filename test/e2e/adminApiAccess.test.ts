import { createLegacyTable } from "../support/legacyUsers";
import { MigrationFixtures } from "../support/migrationFixtures";
import { createSharedTestDb, runCli, type SharedTestDb } from "../support/runCli";
import { startTestApp, type TestApp } from "../support/startTestApp";

let shared: SharedTestDb;
let t: TestApp;
let appClosed = false;

beforeAll(async () => {
  shared = await createSharedTestDb();
  await createLegacyTable(shared.testDb.db, "users");
  t = await startTestApp({ testDb: shared.testDb, env: { ADMIN_USERS: "named-admin, Mail.Admin@Example.com" } });
});

afterAll(async () => {
  if (!appClosed) await t.close({ db: true });
  await shared.testDb.cleanup();
});

async function loggedIn(identifier: string, password: string) {
  const client = t.client();
  const res = await client.postJson("/api/login", { identifier, password });
  expect(res.status).toBe(200);
  return client;
}

describe("GET /api/admin/status access", () => {
  it("answers 401 to an anonymous request", async () => {
    const res = await t.client().get("/api/admin/status");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("does not look at a bearer token without ADMIN_API_AUDIENCE (sessions only)", async () => {
    const token = t.emulator.signToken({ iss: `${t.emulator.baseUrl}/`, sub: "m@clients", aud: "any", exp: Math.floor(Date.now() / 1000) + 60, scope: "read:migration_status" });
    const res = await t.client().get("/api/admin/status", { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("answers 403 to a logged-in user who is not staff", async () => {
    const u = await t.users.create();
    const client = await loggedIn(u.username, u.password);
    const res = await client.get("/api/admin/status");
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "forbidden" });
  });

  it("answers 200 with the report to a staff user (legacy is_staff)", async () => {
    const u = await t.users.create({ isStaff: true });
    const client = await loggedIn(u.username, u.password);
    const res = await client.get("/api/admin/status");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    for (const key of ["total_users", "active_users", "migrated_users", "migrated_percent", "by_method", "pending", "conflict", "weak_password", "no_email", "emailed_unmigrated"]) {
      expect(body).toHaveProperty(key);
    }
    expect(body.total_users).toBe(Number((await t.testDb.db("users").count({ n: "*" }))[0]!.n));
  });

  it("answers 200 to users named in ADMIN_USERS, by username or by email in any case", async () => {
    const byName = await t.users.create({ username: "named-admin" });
    const byEmail = await t.users.create({ email: "mail.admin@EXAMPLE.com" });
    for (const u of [byName, byEmail]) {
      const client = await loggedIn(u.username, u.password);
      expect((await client.get("/api/admin/status")).status).toBe(200);
    }
  });

  it("takes access away at once when is_staff is revoked or the user is deactivated", async () => {
    const u = await t.users.create({ isStaff: true });
    const client = await loggedIn(u.username, u.password);
    expect((await client.get("/api/admin/status")).status).toBe(200);
    await t.testDb.db("users").where({ id: u.id }).update({ is_staff: false });
    expect((await client.get("/api/admin/status")).status).toBe(403);
    await t.testDb.db("users").where({ id: u.id }).update({ is_staff: true, is_active: false });
    expect((await client.get("/api/admin/status")).status).toBe(401);
  });

  it("returns the same JSON as `migrate-status --json`", async () => {
    const fixtures = new MigrationFixtures(t.testDb.db);
    const pending = await t.users.create();
    await fixtures.attempted(pending.id, "pending");
    await fixtures.emailed(pending.id);
    const admin = await t.users.create({ isStaff: true });
    const client = await loggedIn(admin.username, admin.password);
    const api = (await (await client.get("/api/admin/status")).json()) as Record<string, unknown>;
    expect(api).toMatchObject({ pending: 1, emailed_unmigrated: 1 });
    expect(api.migrated_users).toBeGreaterThan(0);

    await t.close({ db: true });
    appClosed = true;
    await shared.releaseForChild();
    const cli = await runCli(["migrate-status", "--json"], { ...shared.childEnv, LEGACY_TABLE: "users" });
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as Record<string, unknown>;
    // The same figures; only the moment they were read differs.
    expect({ ...fromCli, generated_at: undefined }).toEqual({ ...api, generated_at: undefined });
  }, 60000);
});
