import type { FaultRule } from "../../src/auth0/emulator/Auth0Emulator";
import type { CreatedLegacyUser } from "../support/legacyUsers";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * The fault run (docs/RELIABILITY.md): 2,000 logins by 500 legacy users while the emulator
 * injects 5xx, 429 with reset times, hangs past the time budget, connection resets and latency.
 */
const USERS = 500;
const LOGINS = 2000;
const PREMIGRATED = 150;
const WRONG_SHARE = 0.25;
const CONCURRENCY = 16;
const BUDGET_MS = 800;

const FAULTS: FaultRule[] = [
  { kind: "error_5xx", probability: 0.08, status: 503 },
  { kind: "rate_limit", probability: 0.05, retryAfterSeconds: 1 },
  { kind: "hang", probability: 0.05, hangMs: 3000 },
  { kind: "reset", probability: 0.05 },
];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      AUTH0_TIMEOUT_MS: String(BUDGET_MS),
      // The run is about Auth0 faults, not brute-force throttling of 500 wrong passwords from one IP.
      THROTTLE_ACCOUNT_IP_MAX: "100000",
      THROTTLE_IP_MAX: "100000",
    },
  });
});

afterAll(async () => {
  await t.close();
});

async function login(u: CreatedLegacyUser, password: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${t.baseUrl}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: u.username, password }),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: Date.now() - started };
}

it("keeps every invariant through 2,000 logins under injected Auth0 faults", async () => {
  const rand = prng(4242);
  const users: CreatedLegacyUser[] = [];
  for (let i = 0; i < USERS; i++) users.push(await t.users.create());
  for (const u of users.slice(0, PREMIGRATED)) expect((await login(u, u.password)).status).toBe(200);
  expect(Number((await t.testDb.db("auth0_links").count({ n: "*" }).first())?.n)).toBe(PREMIGRATED);

  const since = t.emulator.lastRequestSeq;
  t.emulator.setFaults({ rules: FAULTS, latencyMs: 20, latencyJitterMs: 30, seed: 7 });
  const plan = Array.from({ length: LOGINS }, () => {
    const user = users[Math.floor(rand() * USERS)] as CreatedLegacyUser;
    const wrong = rand() < WRONG_SHARE;
    return { user, wrong, password: wrong ? `${user.password}-wrong` : user.password };
  });
  const results: Array<{ wrong: boolean; user: CreatedLegacyUser; status: number; ms: number }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.length) {
      const p = plan[next++]!;
      results.push({ ...p, ...(await login(p.user, p.password)) });
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = Date.now() - started;
  t.emulator.clearFaults();
  const injected: Record<string, number> = {};
  for (const r of t.emulator.requestsSince(since)) if (r.fault) injected[r.fault] = (injected[r.fault] ?? 0) + 1;

  const linkedIds = new Set((await t.testDb.db("auth0_links").pluck("legacy_user_id")).map(String));
  // No wrong password got in.
  expect(results.filter((r) => r.wrong && r.status === 200)).toEqual([]);
  // Every correct login succeeded; the only refusal allowed is the fail-closed 503 of a linked user.
  const refusedCorrect = results.filter((r) => !r.wrong && r.status !== 200);
  for (const r of refusedCorrect) {
    expect(r.status).toBe(503);
    expect(linkedIds.has(r.user.id)).toBe(true);
  }
  for (const r of results.filter((x) => x.wrong)) expect([401, 503]).toContain(r.status);
  // Every answer within the contract's 5 seconds.
  expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(5000);

  // At most one Auth0 user per legacy user; every link names an existing Auth0 user.
  const perLegacy = new Map<string, number>();
  for (const au of t.emulator.listUsers()) {
    const id = String(au.app_metadata.legacy_id);
    perLegacy.set(id, (perLegacy.get(id) ?? 0) + 1);
  }
  expect([...perLegacy.values()].filter((n) => n > 1)).toEqual([]);
  const links = await t.testDb.db("auth0_links").select("legacy_user_id", "auth0_user_id");
  for (const l of links) expect(t.emulator.getUser(l.auth0_user_id)).toBeDefined();
  // A linked user's recorded state is "migrated", whatever order concurrent attempts ended in.
  const linkedNotMigrated = await t.testDb
    .db("auth0_migration_state")
    .whereIn("legacy_user_id", [...linkedIds])
    .whereNot({ state: "migrated" })
    .select("legacy_user_id", "state", "reason");
  expect(linkedNotMigrated).toEqual([]);

  // Faults off: let the requests still hanging in the emulator (a shared Management token
  // fetch among them) run out, and Auth0's 429 reset times pass; then one more login of
  // each pending user migrates it.
  await new Promise((r) => setTimeout(r, 3500));
  await t.testDb.db("auth0_rate_budget").update({ blocked_until: null });
  const pending = (await t.testDb.db("auth0_migration_state").where({ state: "pending" }).pluck("legacy_user_id")).map(String);
  for (const id of pending) {
    const u = users.find((x) => x.id === id)!;
    expect((await login(u, u.password)).status).toBe(200);
  }
  const stillPending = await t.testDb.db("auth0_migration_state").where({ state: "pending" }).select("legacy_user_id", "reason", "attempts", "claimed_until");
  expect(stillPending).toEqual([]);

  const states = (await t.testDb.db("auth0_migration_state").select("state").count({ n: "*" }).groupBy("state")) as unknown as Array<{ state: string; n: unknown }>;
  const statusCounts: Record<number, number> = {};
  for (const r of results) statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
  process.stderr.write(
    `fault run: ${JSON.stringify({
      logins: LOGINS,
      users: USERS,
      concurrency: CONCURRENCY,
      budget_ms: BUDGET_MS,
      elapsed_ms: elapsed,
      p99_ms: results.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(results.length * 0.99)],
      max_ms: Math.max(...results.map((r) => r.ms)),
      statuses: statusCounts,
      wrong_password_attempts: results.filter((r) => r.wrong).length,
      correct_refused_503: refusedCorrect.length,
      faults_injected: injected,
      pending_after_run: pending.length,
      states_after_healing: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
      links_after_healing: links.length + pending.length,
    })}\n`,
  );
}, 300000);
