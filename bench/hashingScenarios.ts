import type { ChildProcess } from "node:child_process";
import bcrypt from "bcryptjs";
import { createBenchDb, seedUsers, type BenchDb } from "./benchDb";
import { freePort, percentile, postLogin, round, serveEnv, setup, spawnCli, startBenchEmulator, stopChild, waitForHealth, type BenchLine } from "./support";

const PASSWORD = "Bench-Password-1";
const COST = 10;

interface Served {
  port: number;
  login(identifier: string, password: string): Promise<number>;
}

/** `serve` on a seeded scratch database beside an emulator; `seed` changes rows before the service opens them. */
async function withService<T>(name: string, users: number, env: Record<string, string>, seed: (db: BenchDb) => Promise<void>, work: (s: Served) => Promise<T>): Promise<T> {
  const db = await createBenchDb(name);
  const handle = db.open();
  await seedUsers(handle, users, bcrypt.hashSync(PASSWORD, COST));
  await handle.destroy();
  await seed(db);
  const emulator = await startBenchEmulator();
  const port = await freePort();
  let server: ChildProcess | undefined;
  try {
    server = spawnCli(["serve"], serveEnv(db.env, port, emulator, env));
    await waitForHealth(port);
    const login = async (identifier: string, password: string): Promise<number> => {
      const res = await postLogin(port, identifier, password);
      await res.arrayBuffer();
      return res.status;
    };
    return await work({ port, login });
  } finally {
    if (server) await stopChild(server);
    await emulator.stop();
    await db.drop();
  }
}

/**
 * 200 first logins at once (bcrypt cost 10, 2 hashing threads) while GET /healthz is asked
 * every ~20 ms: how long the event loop makes /healthz wait while the pool hashes.
 * test/e2e/hashingOffThread.test.ts checks the order of events; this measures the time.
 */
export async function hashingOffThreadLine(db: string): Promise<BenchLine> {
  const logins = 200;
  const workers = 2;
  const sampleEveryMs = 20;
  const results = await withService("offthread", logins, { HASH_WORKERS: String(workers) }, async () => undefined, async (s) => {
    let done = false;
    const started = performance.now();
    const all = Promise.all(Array.from({ length: logins }, (_, i) => s.login(`user${i + 1}`, PASSWORD))).finally(() => {
      done = true;
    });
    const healthMs: number[] = [];
    // Bounded: 3000 samples at 20 ms or more is a minute or more; the burst takes seconds.
    for (let i = 0; i < 3000 && !done; i++) {
      const t0 = performance.now();
      await (await fetch(`http://127.0.0.1:${s.port}/healthz`)).arrayBuffer();
      const ms = performance.now() - t0;
      healthMs.push(ms);
      await new Promise((r) => setTimeout(r, Math.max(0, sampleEveryMs - ms)));
    }
    const statuses = await all;
    const seconds = (performance.now() - started) / 1000;
    healthMs.sort((a, b) => a - b);
    return {
      logins_per_s: round(logins / seconds),
      non_200_logins: statuses.filter((x) => x !== 200).length,
      healthz_samples: healthMs.length,
      healthz_p50_ms: round(percentile(healthMs, 0.5)),
      healthz_p90_ms: round(percentile(healthMs, 0.9)),
      healthz_max_ms: round(healthMs[healthMs.length - 1] ?? 0),
    };
  });
  // PGlite's one embedded connection queues /healthz's `select 1` behind the logins' queries.
  const bound = db === "postgresql" ? 50 : 100;
  return {
    scenario: "hashing_off_thread",
    setup: setup({ db, bcrypt_cost: COST, hash_workers: workers, first_logins: logins, healthz_every_ms: sampleEveryMs }),
    results,
    goal: `healthz p90 < ${bound} ms (${db})`,
    met: results.healthz_p90_ms < bound && results.non_200_logins === 0,
  };
}

/**
 * Login medians of a wrong password for a real user against an unknown, inactive,
 * unusable-password and migrated (linked) user's, bcrypt cost 10, sequential requests taken in
 * turn so the machine's load drifts over all cases alike. test/e2e/timingParity.test.ts counts
 * the hashes each path runs; this measures the time.
 */
export async function timingParityLine(db: string, samples: number): Promise<BenchLine> {
  // user1 real, user2 inactive, user3 unusable password, user4 migrated by its first login below.
  const seed = async (d: BenchDb): Promise<void> => {
    const h = d.open();
    await h("users").where({ username: "user2" }).update({ is_active: false });
    await h("users").where({ username: "user3" }).update({ password: "!" });
    await h.destroy();
  };
  const medians = await withService("parity", 4, {}, seed, async (s) => {
    if ((await s.login("user4", PASSWORD)) !== 200) throw new Error("timing_parity: the linked user's first login failed");
    const cases: Record<string, [string, string]> = {
      wrong_password: ["user1", "Wrong-Pass-1"],
      unknown: ["no-such-user-anywhere", "Wrong-Pass-1"],
      inactive: ["user2", PASSWORD],
      unusable: ["user3", "Wrong-Pass-1"],
      linked: ["user4", "Wrong-Pass-1"],
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (let i = 0; i < samples; i++) {
      for (const [name, [identifier, password]] of Object.entries(cases)) {
        const t0 = performance.now();
        const status = await s.login(identifier, password);
        if (status !== 401) throw new Error(`timing_parity: ${name} answered ${status}, not 401`);
        times[name]?.push(performance.now() - t0);
      }
    }
    return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, round(percentile(v.sort((a, b) => a - b), 0.5))]));
  });
  const wrong = medians.wrong_password ?? 0;
  const within = Object.values(medians).every((m) => Math.abs(m - wrong) < wrong * 0.25 + 10);
  return {
    scenario: "timing_parity",
    setup: setup({ db, bcrypt_cost: COST, samples_each: samples, order: "cases in turn, one request at a time", emulator_latency_ms: 0 }),
    results: Object.fromEntries(Object.entries(medians).map(([k, v]) => [`${k}_p50_ms`, v])),
    goal: "each p50 within 25 % + 10 ms of wrong_password's",
    met: within,
  };
}
