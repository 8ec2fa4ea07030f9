import { createBenchDb, seedUsers } from "./benchDb";
import { mixedLegacyHashes } from "./bulkImportBench";
import { outputOf, round, rssMb, serveEnv, spawnCli, startBenchEmulator } from "./support";

export interface BulkImportEndToEndResult {
  kind: string;
  users: number;
  seed_seconds: number;
  importable: number;
  files: number;
  jobs: number;
  inserted: number;
  failed: number;
  linked: number;
  links_in_db: number;
  wall_seconds: number;
  linked_per_s: number;
  rss_mb_at_10k: number;
  peak_rss_mb: number;
  poll_interval_ms: number;
}

const CHECKPOINT = 10_000;

/**
 * The real `bulk-import` end to end: `users` legacy users of mixed formats (bench/bulkImportBench.ts's
 * vectors, taken in turn) seeded by SQL, then the built CLI (its own process, so its RSS is its own)
 * against the in-process emulator's jobs API, with its default poll interval. Wall time is spawn to
 * exit (every importable user linked); RSS of the CLI is sampled every 100 ms, and the links it
 * made are counted meanwhile, to read RSS when 10,000 users were linked.
 */
export async function bulkImportEndToEndBench(users: number): Promise<BulkImportEndToEndResult> {
  const db = await createBenchDb("bulk");
  const handle = db.open();
  const seedStarted = performance.now();
  await seedUsers(handle, users, await mixedLegacyHashes());
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const emulator = await startBenchEmulator();
  const pollMs = 2000;
  try {
    // serve's environment minus PORT: the same tenant, database and legacy table.
    const { PORT: _port, ...env } = serveEnv(db.env, 0, emulator);
    const child = spawnCli(["bulk-import", "--json"], env);
    let stdout = "";
    child.stdout?.on("data", (c) => (stdout += String(c)));
    let linked = 0;
    let peak = 0;
    let atCheckpoint = 0;
    let counting = false;
    const started = performance.now();
    const sampler = setInterval(() => {
      const rss = rssMb(child.pid ?? 0);
      peak = Math.max(peak, rss);
      if (linked < CHECKPOINT) atCheckpoint = Math.max(atCheckpoint, rss);
      if (counting) return;
      counting = true;
      handle("auth0_links")
        .where({ method: "bulk_import" })
        .count<{ n: string }[]>({ n: "*" })
        .then((r) => (linked = Number(r[0]?.n ?? 0)))
        .catch(() => undefined)
        .finally(() => (counting = false));
    }, 100);
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    clearInterval(sampler);
    const wall = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`bulk-import exited ${code}: ${outputOf(child).slice(-2000)}`);
    const s = JSON.parse(stdout) as { importable_by_format: Record<string, number>; files: number; jobs: number; inserted: number; failed: number; linked: number };
    const [{ n }] = (await handle("auth0_links").where({ method: "bulk_import" }).count({ n: "*" })) as [{ n: string }];
    return {
      kind: db.kind,
      users,
      seed_seconds: round(seedSeconds),
      importable: Object.values(s.importable_by_format).reduce((a, b) => a + b, 0),
      files: s.files,
      jobs: s.jobs,
      inserted: s.inserted,
      failed: s.failed,
      linked: s.linked,
      links_in_db: Number(n),
      wall_seconds: round(wall),
      linked_per_s: round(s.linked / wall),
      rss_mb_at_10k: round(atCheckpoint),
      peak_rss_mb: round(peak),
      poll_interval_ms: pollMs,
    };
  } finally {
    await emulator.stop();
    await handle.destroy();
    await db.drop();
  }
}
