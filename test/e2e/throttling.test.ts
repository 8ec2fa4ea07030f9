import { startTestApp, type TestApp } from "../support/startTestApp";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    env: { THROTTLE_ACCOUNT_IP_MAX: "3", THROTTLE_IP_MAX: "6", THROTTLE_WINDOW_SECONDS: "900", TRUST_PROXY: "true" },
  });
});

afterAll(async () => {
  await t.close();
});

beforeEach(async () => {
  await t.testDb.db("auth0_login_failures").delete();
});

async function login(identifier: string, password: string, ip: string) {
  const res = await t.client().postJson("/api/login", { identifier, password }, { "x-forwarded-for": ip });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as any };
}

/** Moves every recorded failure back in time, as if the window had passed. */
async function age(seconds: number): Promise<void> {
  await t.testDb.db("auth0_login_failures").update({ at: t.testDb.db.raw("at - (? * interval '1 second')", [seconds]) });
}

it("throttles one account from one IP after the limit, even with the right password, until the window passes", async () => {
  const u = await t.users.create();
  for (let i = 0; i < 3; i++) expect((await login(u.username, "Wrong-Pass-1", "10.0.0.1")).status).toBe(401);
  const blocked = await login(u.username, u.password, "10.0.0.1");
  expect(blocked.status).toBe(429);
  expect(blocked.body.error).toBe("too_many_attempts");
  expect(Number(blocked.retryAfter)).toBeGreaterThan(800);
  expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(900);
  // Another IP is not affected: an attacker cannot lock the owner out from elsewhere.
  expect((await login(u.username, u.password, "10.0.0.2")).status).toBe(200);
  await age(901);
  expect((await login(u.username, u.password, "10.0.0.1")).status).toBe(200);
});

it("throttles an IP across accounts, unknown ones included, and answers the page with a plain message", async () => {
  const u = await t.users.create();
  for (let i = 0; i < 6; i++) expect((await login(`nobody-${i}`, "Wrong-Pass-1", "10.0.0.3")).status).toBe(401);
  expect((await login(u.username, u.password, "10.0.0.3")).status).toBe(429);
  const client = t.client();
  const csrf = await client.csrfFrom("/login");
  const page = await client.postForm("/login", { identifier: u.username, password: u.password, _csrf: csrf }, { "x-forwarded-for": "10.0.0.3" });
  expect(page.status).toBe(429);
  expect(page.headers.get("retry-after")).toBeTruthy();
  expect(await page.text()).toMatch(/Too many failed attempts/);
});

it("does not count throttled attempts, so hammering does not extend the block", async () => {
  const u = await t.users.create();
  for (let i = 0; i < 3; i++) await login(u.username, "Wrong-Pass-1", "10.0.0.4");
  for (let i = 0; i < 5; i++) expect((await login(u.username, "Wrong-Pass-1", "10.0.0.4")).status).toBe(429);
  expect(Number((await t.testDb.db("auth0_login_failures").where({ ip: "10.0.0.4" }).count({ n: "*" }).first())?.n)).toBe(3);
});

it("clears an account's failures from an IP after a successful login", async () => {
  const u = await t.users.create();
  for (let i = 0; i < 2; i++) await login(u.username, "Wrong-Pass-1", "10.0.0.5");
  expect((await login(u.username, u.password, "10.0.0.5")).status).toBe(200);
  for (let i = 0; i < 2; i++) expect((await login(u.username, "Wrong-Pass-1", "10.0.0.5")).status).toBe(401);
  expect((await login(u.username, u.password, "10.0.0.5")).status).toBe(200);
});
