import type { Knex } from "knex";
import { resolveLegacySchema } from "../src/legacy/legacyPresets";
import { MigrationStatusQuery } from "../src/status/MigrationStatusQuery";
import { createBenchDb } from "./benchDb";
import { seedMillion } from "./seedMillion";
import { round, spawnCli } from "./support";

export interface MigrateStatusResult {
  users: number;
  seed_seconds: number;
  /** The report's query, in process (median). */
  seconds: number;
  /** `select count(*)` of the legacy table (median), same database, same run. */
  count_seconds: number;
  ratio: number;
  /** The whole `migrate-status --json` command: Node start, config, migrations check, query (median). */
  cli_seconds: number;
  /** The report agrees with the seeded shape (a sanity check, not a timing). */
  total_users_reported: number;
  migrated_percent_reported: number;
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

async function runCliOnce(env: Record<string, string>): Promise<Record<string, unknown>> {
  const child = spawnCli(["migrate-status", "--json"], { ...env, LOG_LEVEL: "warn" });
  let stdout = "";
  child.stdout?.on("data", (c) => (stdout += String(c)));
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  if (code !== 0) throw new Error(`migrate-status exited ${code}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** migrate-status against `users` legacy users (40 % migrated) in PostgreSQL, beside a bare count(*). */
export async function migrateStatusBench(opts: { users: number; runs: number }): Promise<MigrateStatusResult> {
  const db = await createBenchDb("status");
  if (db.kind !== "postgresql") throw new Error("migrate_status needs PostgreSQL");
  let handle: Knex | undefined;
  try {
    handle = db.open();
    const seedStarted = performance.now();
    await seedMillion(handle, { users: opts.users, migratedFraction: 0.4 });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const query = new MigrationStatusQuery(handle, resolveLegacySchema("default", {}));
    const h = handle;
    // Warm both (first reads pull the tables into shared buffers), then alternate-free medians.
    await h.raw("select count(*) from users");
    const report = await query.report();
    const countSeconds = await median(opts.runs, () => h.raw("select count(*) from users"));
    const seconds = await median(opts.runs, () => query.report());
    const cliSeconds = await median(3, () => runCliOnce(db.env));
    return {
      users: opts.users,
      seed_seconds: round(seedSeconds, 1),
      seconds: round(seconds, 3),
      count_seconds: round(countSeconds, 3),
      ratio: round(seconds / countSeconds, 1),
      cli_seconds: round(cliSeconds, 3),
      total_users_reported: report.total_users,
      migrated_percent_reported: report.migrated_percent,
    };
  } finally {
    await handle?.destroy();
    await db.drop();
  }
}

/** Standalone: `node -r ts-node/register/transpile-only bench/migrateStatusBench.ts [users]` (after `npm run build`). */
if (require.main === module) {
  migrateStatusBench({ users: Number(process.argv[2] ?? 1_000_000), runs: 5 }).then(
    (r) => process.stdout.write(`${JSON.stringify({ scenario: "migrate_status", results: r })}\n`),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
