import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { OffThreadHasherRegistry } from "../../src/legacy/hashers/OffThreadHasherRegistry";
import { startTestApp, type TestApp } from "../support/startTestApp";

/**
 * Hashing runs in a worker pool, so the event loop keeps answering while a burst of first
 * logins hashes: 200 concurrent first logins (bcrypt cost 10, the default preset's) while
 * GET /healthz is asked again and again. Shown by order, not by time: /healthz answers arrive
 * while logins are still pending and both hashing threads are busy, and the logins' checks
 * ran in the pool. How fast /healthz answers (its p90) is `npm run bench`'s `hashing_off_thread`.
 */
const LOGINS = 200;
const WORKERS = 2;
// Each /healthz answered while the burst was hashing on every thread; a burst of 200 bcrypt-10
// checks on 2 threads lasts seconds, a /healthz round trip milliseconds.
const MIN_ANSWERS_WHILE_HASHING = 10;
const PAUSE_MS = 20;

let hashOfPassword: string;

beforeAll(async () => {
  hashOfPassword = await new BcryptHasher(10).encode("Burst-Login-Pass-1");
});

interface HealthAnswer {
  status: number;
  loginsPending: boolean;
  threadsBusy: number;
}

/** Fires every first login at once and asks /healthz until they have all answered. */
async function burst(t: TestApp, hashing: OffThreadHasherRegistry): Promise<{ statuses: number[]; health: HealthAnswer[] }> {
  const users = [];
  for (let i = 0; i < LOGINS; i++) users.push(await t.users.create({ passwordHash: hashOfPassword, password: "Burst-Login-Pass-1" }));
  let done = false;
  const logins = Promise.all(
    users.map(async (u) => {
      const res = await fetch(`${t.baseUrl}/api/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identifier: u.username, password: u.password }),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  ).finally(() => {
    done = true;
  });
  const health: HealthAnswer[] = [];
  // Bounded: the logins finish well within the test timeout; 3000 requests at one per 20 ms or more is a minute or more.
  for (let i = 0; i < 3000 && !done; i++) {
    const res = await fetch(`${t.baseUrl}/healthz`);
    await res.arrayBuffer();
    // Read the moment the answer is in: were logins still waiting, and how many threads were hashing?
    health.push({ status: res.status, loginsPending: !done, threadsBusy: hashing.pool.running });
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  return { statuses: await logins, health };
}

it(`keeps answering /healthz while ${LOGINS} first logins hash on ${WORKERS} worker threads`, async () => {
  const t = await startTestApp({ hasherCosts: { bcryptCost: 10 }, env: { HASH_WORKERS: String(WORKERS) } });
  try {
    const hashing = t.app.hashers;
    if (!(hashing instanceof OffThreadHasherRegistry)) throw new Error("HASH_WORKERS=2 did not give the app a hashing pool");
    expect(hashing.pool.size).toBe(WORKERS);
    const before = hashing.pool.completed;
    const r = await burst(t, hashing);
    const whileHashing = r.health.filter((h) => h.loginsPending && h.threadsBusy === WORKERS).length;
    process.stderr.write(`healthz under ${LOGINS} first logins (${t.testDb.kind}): ${JSON.stringify({ answers: r.health.length, while_every_thread_hashed: whileHashing })}\n`);
    expect(r.statuses).toEqual(new Array(LOGINS).fill(200));
    expect(r.health.every((h) => h.status === 200)).toBe(true);
    // The event loop answered again and again while every thread was busy with the burst.
    expect(whileHashing).toBeGreaterThanOrEqual(MIN_ANSWERS_WHILE_HASHING);
    // Every login's check ran in the pool, not on the main thread.
    expect(hashing.pool.completed - before).toBeGreaterThanOrEqual(LOGINS);
  } finally {
    await t.close();
  }
}, 120_000);
