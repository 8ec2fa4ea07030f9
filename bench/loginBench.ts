import bcrypt from "bcryptjs";
import { Auth0Emulator } from "../src/auth0/emulator/Auth0Emulator";
import { createBenchDb, seedUsers } from "./benchDb";
import { freePort, percentile, round, spawnCli, stopChild, waitForHealth } from "./support";

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
      const res = await fetch(`http://127.0.0.1:${port}/api/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ identifier: `user${i}`, password: "Bench-Password-1" }),
      });
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

  const emulator = new Auth0Emulator({ clientId: "bench", clientSecret: "bench-secret", connections: [{ name: "Username-Password-Authentication", passwordPolicy: "good" }] });
  await emulator.start();
  emulator.setFaults({ latencyMs: opts.latencyMs });
  const port = await freePort();
  const server = spawnCli(["serve"], {
    ...db.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    NODE_ENV: "development",
    SESSION_SECRET: "bench-session-secret-0123456789abcdefghij",
    AUTH0_DOMAIN: emulator.baseUrl,
    AUTH0_CLIENT_ID: "bench",
    AUTH0_CLIENT_SECRET: "bench-secret",
    AUTH0_MGMT_RATE: "0",
    THROTTLE_ACCOUNT_IP_MAX: "1000000",
    THROTTLE_IP_MAX: "1000000",
    LEGACY_TABLE: "users",
    // `HASH_WORKERS=0 npm run bench` measures hashing on the main thread, for comparison.
    ...(process.env.HASH_WORKERS ? { HASH_WORKERS: process.env.HASH_WORKERS } : {}),
  });
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
