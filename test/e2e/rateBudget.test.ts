import { startTestApp, type TestApp } from "../support/startTestApp";

async function apiLogin(t: TestApp, u: { username: string; password: string }) {
  const started = Date.now();
  const res = await t.client().postJson("/api/login", { identifier: u.username, password: u.password });
  return { status: res.status, body: (await res.json()) as any, ms: Date.now() - started };
}

const managementCalls = (t: TestApp, since: number) => t.emulator.requestsSince(since).filter((r) => r.target === "management").length;

describe("the fleet's Auth0 Management budget", () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { AUTH0_MGMT_RATE: "1", AUTH0_MGMT_BURST: "3" };
    a = await startTestApp({ env });
    // A second instance on the same database and tenant.
    b = await startTestApp({ env, testDb: a.testDb, sharedEmulator: a.emulator });
  });

  afterAll(async () => {
    await b.close({ db: true, emulator: true });
    await a.close();
  });

  it("is shared by instances through PostgreSQL: spent, logins still succeed at once and stay pending", async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => a.users.create()));
    const results = [];
    for (const [i, u] of users.entries()) results.push(await apiLogin(i % 2 === 0 ? a : b, u));
    for (const r of results) expect(r.status).toBe(200);
    const states = results.map((r) => r.body.migration.state);
    expect(states.filter((s) => s === "migrated")).toHaveLength(3);
    expect(states.slice(3)).toEqual(["pending", "pending"]);
    const reasons = await a.testDb.db("auth0_migration_state").whereIn("legacy_user_id", users.slice(3).map((u) => u.id)).pluck("reason");
    expect(reasons).toEqual(["rate_limited", "rate_limited"]);
  });
});

describe("Auth0's own rate-limit answers", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ emulator: { rateLimit: { limit: 2, windowSeconds: 60 } } });
  });

  afterAll(async () => {
    await t.close();
  });

  it("closes the budget at x-ratelimit-remaining 0 until x-ratelimit-reset, without delaying logins", async () => {
    const [u1, u2, u3] = await Promise.all([t.users.create(), t.users.create(), t.users.create()]);
    expect((await apiLogin(t, u1!)).body.migration.state).toBe("migrated");
    expect((await apiLogin(t, u2!)).body.migration.state).toBe("migrated");
    const budget = await t.testDb.db("auth0_rate_budget").where({ name: "management" }).first();
    expect(budget.blocked_until).not.toBeNull();
    expect(new Date(budget.blocked_until).getTime()).toBeGreaterThan(Date.now());
    const since = t.emulator.lastRequestSeq;
    const third = await apiLogin(t, u3!);
    expect(third.status).toBe(200);
    expect(third.body.migration.state).toBe("pending");
    expect(managementCalls(t, since)).toBe(0);
    expect(third.ms).toBeLessThan(1000);
  });

  it("honours Retry-After on a 429", async () => {
    await t.testDb.db("auth0_rate_budget").update({ blocked_until: null });
    t.emulator.reset();
    const u = await t.users.create();
    t.emulator.setFaults({ rules: [{ kind: "rate_limit", target: "management", retryAfterSeconds: 120, remaining: 1 }] });
    expect((await apiLogin(t, u)).body.migration.state).toBe("pending");
    const blocked = new Date((await t.testDb.db("auth0_rate_budget").first()).blocked_until).getTime();
    expect(blocked).toBeGreaterThan(Date.now() + 100_000);
    const since = t.emulator.lastRequestSeq;
    expect((await apiLogin(t, u)).body.migration.state).toBe("pending");
    expect(managementCalls(t, since)).toBe(0);
    // Once the reset time has passed, the next login migrates.
    await t.testDb.db("auth0_rate_budget").update({ blocked_until: t.testDb.db.raw("now() - interval '1 second'") });
    expect((await apiLogin(t, u)).body.migration.state).toBe("migrated");
  });
});
