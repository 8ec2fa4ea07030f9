import bcrypt from "bcryptjs";
import { createBenchDb, seedUsers } from "./benchDb";
import { freePort, percentile, postLogin, round, serveEnv, spawnCli, startBenchEmulator, stopChild, waitForHealth } from "./support";

export interface LoginRun {
  logins: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

async function drive(port: number, users: number, concurrency: number): Promise<LoginRun> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 1;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next <= users) {
      const i = next++;
      const t0 = performance.now();
      const res = await postLogin(port, `user${i}`, "Bench-Password-1");
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    logins: users,
    seconds: round(seconds, 2),
    perSecond: round(users / seconds),
    p50: round(percentile(latencies, 0.5)),
    p99: round(percentile(latencies, 0.99)),
    statuses,
  };
}

/** First logins (unmigrated, bcrypt cost 10), then the same users again (migrated). */
export async function loginBench(opts: { users: number; concurrency: number; latencyMs: number; cost: number }) {
  const db = await createBenchDb("logins");
  const handle = db.open();
  await seedUsers(handle, opts.users, bcrypt.hashSync("Bench-Password-1", opts.cost));
  await handle.destroy();

  const emulator = await startBenchEmulator();
  emulator.setFaults({ latencyMs: opts.latencyMs });
  const port = await freePort();
  const server = spawnCli(
    ["serve"],
    // `HASH_WORKERS=0 npm run bench` measures hashing on the main thread, for comparison.
    serveEnv(db.env, port, emulator, process.env.HASH_WORKERS ? { HASH_WORKERS: process.env.HASH_WORKERS } : {}),
  );
  try {
    await waitForHealth(port);
    const first = await drive(port, opts.users, opts.concurrency);
    const migrated = await drive(port, opts.users, opts.concurrency);
    // The same logins one at a time: the service's own cost per login when nothing queues.
    const migratedSerial = await drive(port, Math.min(200, opts.users), 1);
    return { kind: db.kind, first, migrated, migratedSerial };
  } finally {
    await stopChild(server);
    await emulator.stop();
    await db.drop();
  }
}
