import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { startTestApp, type TestApp } from "../support/startTestApp";
import { testDatabaseUrl } from "../support/testDb";

/**
 * Hashing runs in a worker pool, so the event loop keeps answering while a burst of first
 * logins hashes: 200 concurrent first logins (bcrypt cost 10, the default preset's) while
 * GET /healthz is sampled every ~20 ms. Bound: p90 under 50 ms on PostgreSQL. On PGlite the
 * one embedded connection serialises every query, /healthz's `select 1` included, behind the
 * logins' queries: there the bound is 100 ms (README, "Hashing off the main thread").
 */
const LOGINS = 200;
const SAMPLE_EVERY_MS = 20;
const P90_BOUND_MS = testDatabaseUrl() ? 50 : 100;

let hashOfPassword: string;

beforeAll(async () => {
  hashOfPassword = await new BcryptHasher(10).encode("Burst-Login-Pass-1");
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Fires every first login at once and samples /healthz until they have all answered. */
async function burst(t: TestApp): Promise<{ statuses: number[]; healthMs: number[]; healthStatuses: number[]; seconds: number }> {
  const users = [];
  for (let i = 0; i < LOGINS; i++) users.push(await t.users.create({ passwordHash: hashOfPassword, password: "Burst-Login-Pass-1" }));
  let done = false;
  const started = performance.now();
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
  const healthMs: number[] = [];
  const healthStatuses: number[] = [];
  // Bounded: the logins finish well within the test timeout; 3000 samples is a minute.
  for (let i = 0; i < 3000 && !done; i++) {
    const t0 = performance.now();
    const res = await fetch(`${t.baseUrl}/healthz`);
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    healthMs.push(ms);
    healthStatuses.push(res.status);
    await new Promise((r) => setTimeout(r, Math.max(0, SAMPLE_EVERY_MS - ms)));
  }
  const statuses = await logins;
  return { statuses, healthMs: healthMs.sort((a, b) => a - b), healthStatuses, seconds: (performance.now() - started) / 1000 };
}

async function measure(env: Record<string, string>) {
  const t = await startTestApp({ hasherCosts: { bcryptCost: 10 }, env });
  try {
    const r = await burst(t);
    const report = {
      hash_workers: env.HASH_WORKERS ?? "default",
      logins_per_s: Math.round(LOGINS / r.seconds),
      healthz_samples: r.healthMs.length,
      healthz_p50_ms: Math.round(percentile(r.healthMs, 0.5)),
      healthz_p90_ms: Math.round(percentile(r.healthMs, 0.9)),
      healthz_max_ms: Math.round(r.healthMs[r.healthMs.length - 1] ?? 0),
    };
    process.stderr.write(`healthz under ${LOGINS} first logins (${t.testDb.kind}): ${JSON.stringify(report)}\n`);
    return { ...r, report };
  } finally {
    await t.close();
  }
}

it(`keeps /healthz p90 under ${P90_BOUND_MS} ms while ${LOGINS} first logins hash in the pool`, async () => {
  const r = await measure({ HASH_WORKERS: "2" });
  expect(r.statuses).toEqual(new Array(LOGINS).fill(200));
  expect(r.healthStatuses.every((s) => s === 200)).toBe(true);
  // Enough samples that the p90 is a measurement, not one lucky request.
  expect(r.healthMs.length).toBeGreaterThanOrEqual(20);
  expect(r.report.healthz_p90_ms).toBeLessThan(P90_BOUND_MS);
}, 120_000);
