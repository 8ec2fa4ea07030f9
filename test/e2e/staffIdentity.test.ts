import type { HttpClient } from "../support/HttpClient";
import { startTestApp, type TestApp } from "../support/startTestApp";
import { loggedIn } from "../support/loggedIn";

/**
 * Issue 17.4: an ADMIN_USERS email names a user only when no one else holds it, compared by
 * PostgreSQL (as the login's lookup is), so giving yourself an admin's address (in any case,
 * or with the Kelvin sign U+212A, which JavaScript folds to "k") earns nothing. A shared
 * address identifies nobody for Auth0 either.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_USERS: "boss@example.com,kate@example.com,solo@example.com" } });
});

afterAll(async () => {
  await t.close();
});

async function expectRefusedAdmin(client: HttpClient, campaign: string): Promise<void> {
  expect((await client.get("/admin")).status).toBe(403);
  expect((await client.get("/api/admin/status")).status).toBe(403);
  const csrf = await client.csrfFrom("/");
  expect((await client.postForm("/admin/campaigns", { _csrf: csrf, name: campaign })).status).toBe(403);
  expect(await t.testDb.db("auth0_reset_campaigns").where({ name: campaign }).first()).toBeUndefined();
}

describe("ADMIN_USERS by email", () => {
  it("admits the sole holder of a listed address", async () => {
    const solo = await t.users.create({ email: "Solo@Example.com" });
    const client = await loggedIn(t.client(), solo);
    expect((await client.get("/admin")).status).toBe(200);
  });

  it("refuses /admin and campaign start to a non-staff user holding an admin's address", async () => {
    await t.users.create({ email: "boss@example.com" });
    const squatter = await t.users.create({ email: "BOSS@example.com" });
    await expectRefusedAdmin(await loggedIn(t.client(), squatter), "squatter");
  });

  it("refuses the Kelvin-sign spelling of an admin's address", async () => {
    await t.users.create({ email: "kate@example.com" });
    const kelvin = await t.users.create({ email: "\u212Aate@example.com" });
    await expectRefusedAdmin(await loggedIn(t.client(), kelvin), "kelvin");
  });

  it("admits by username and by id:<legacy id>", async () => {
    const byId = await t.users.create();
    const named = await t.users.create();
    const app = await startTestApp({ testDb: t.testDb, sharedEmulator: t.emulator, env: { ADMIN_USERS: `id:${byId.id},${named.username}` } });
    try {
      for (const u of [byId, named]) {
        const client = app.client();
        const csrf = await client.csrfFrom("/login");
        expect((await client.postForm("/login", { _csrf: csrf, identifier: u.username, password: u.password })).status).toBe(303);
        expect((await client.get("/admin")).status).toBe(200);
      }
    } finally {
      await app.close({ db: true, emulator: true });
    }
  });
});

describe("a shared address for Auth0", () => {
  it("creates no Auth0 account by an address another legacy user holds (state no_email)", async () => {
    const a = await t.users.create({ email: "family@example.com" });
    await t.users.create({ email: "Family@Example.com" });
    const res = await t.client().postJson("/api/login", { identifier: a.username, password: a.password });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { migration: { state: string } }).migration.state).toBe("no_email");
    expect(t.emulator.listUsers().filter((u) => (u.email ?? "").toLowerCase() === "family@example.com")).toHaveLength(0);
  });
});
