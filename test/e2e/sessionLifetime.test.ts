import { startTestApp, type TestApp } from "../support/startTestApp";

// Issue 17 item 10: an active session renewed itself forever. SESSION_MAX_AGE ends it however active.

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { SESSION_MAX_AGE: "3600" } });
});

afterAll(async () => {
  await t.close();
});

it("ends an active session SESSION_MAX_AGE after its login, for the JSON API and the pages", async () => {
  const u = await t.users.create();
  const client = t.client();
  expect((await client.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
  expect((await client.get("/api/me")).status).toBe(200);
  expect((await client.get("/")).status).toBe(200);

  // The login an hour and a minute ago; the session was in use a moment ago (idle expiry far off).
  const [row] = await t.testDb.db("auth0_sessions").whereRaw("data->>'uid' = ?", [u.id]).update({ created_at: t.testDb.db.raw("now() - interval '61 minutes'") }, ["expires_at"]);
  expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 3600 * 1000);

  expect((await client.get("/api/me")).status).toBe(401);
  const page = await client.get("/");
  expect(page.status).toBe(303);
  expect(page.headers.get("location")).toBe("/login");

  // A new login starts a new lifetime.
  expect((await client.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
  expect((await client.get("/api/me")).status).toBe(200);
});

it("keeps a session younger than SESSION_MAX_AGE", async () => {
  const u = await t.users.create();
  const client = t.client();
  expect((await client.postJson("/api/login", { identifier: u.username, password: u.password })).status).toBe(200);
  await t.testDb.db("auth0_sessions").whereRaw("data->>'uid' = ?", [u.id]).update({ created_at: t.testDb.db.raw("now() - interval '59 minutes'") });
  expect((await client.get("/api/me")).status).toBe(200);
});
