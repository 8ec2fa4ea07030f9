import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { AUTH0_OUTAGE_POLICY: "legacy" } });
});

afterAll(async () => {
  await t.close();
});

it("AUTH0_OUTAGE_POLICY=legacy accepts the synced local hash of a linked user while Auth0 is down, and only that", async () => {
  const u = await t.users.create();
  const client = t.client();
  const first = await client.postJson("/api/login", { identifier: u.username, password: u.password });
  expect(((await first.json()) as any).migration.state).toBe("migrated");

  t.emulator.setFaults({ rules: [{ kind: "error_5xx", target: "password_grant" }] });
  const ok = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  expect(ok.status).toBe(200);
  const wrong = await t.client().postJson("/api/login", { identifier: u.username, password: "Wrong-Pass-123" });
  expect(wrong.status).toBe(401);
  t.emulator.clearFaults();
});

it("still refuses a user Auth0 blocked: a block is an answer, not an outage", async () => {
  const u = await t.users.create();
  const first = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  const auth0Id = ((await first.json()) as any).migration.auth0_user_id as string;
  t.emulator.setBlocked(auth0Id, true);
  const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  expect(res.status).toBe(401);
});
