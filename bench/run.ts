import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bcryptCeiling } from "./bcryptCeiling";
import { bulkImportPrepareBench } from "./bulkImportBench";
import { bulkImportEndToEndBench } from "./bulkImportEndToEndBench";
import { benchDatabaseUrl } from "./benchDb";
import { cliStart } from "./cliStart";
import { coldStart } from "./coldStart";
import { gatewayLines } from "./gatewayScenarios";
import { hashingOffThreadLine, timingParityLine } from "./hashingScenarios";
import { loginBench } from "./loginBench";
import { migrateStatusBench } from "./migrateStatusBench";
import { resetEmailBench } from "./resetEmailBench";
import { ROOT, round, setup, type BenchLine } from "./support";

/**
 * `npm run bench`: every scenario in one run, one JSON line each on stdout, and
 * docs/BENCHMARKS.md rewritten from the same figures. Loopback only; every loop is bounded.
 */
async function main(): Promise<void> {
  const lines: BenchLine[] = [];
  const emit = (line: BenchLine): void => {
    lines.push(line);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  const db = benchDatabaseUrl() ? "postgresql" : "pglite";
  const quick = process.env.BENCH_QUICK === "1";
  const users = quick ? 300 : 2000;
  const file = path.join(ROOT, "docs/BENCHMARKS.md");

  // `BENCH_ONLY=gateway npm run bench`: the gateway scenarios alone, their rows replaced in place.
  if (process.env.BENCH_ONLY === "gateway") {
    for (const line of await gatewayLines(db, quick)) emit(line);
    if (!quick) writeFileSync(file, replaceRows(readFileSync(file, "utf8"), lines));
    return;
  }

  // `BENCH_ONLY=hashing npm run bench`: hashing_off_thread and timing_parity alone, likewise.
  if (process.env.BENCH_ONLY === "hashing") {
    for (const line of await hashingLines(db, quick)) emit(line);
    if (!quick) writeFileSync(file, replaceRows(readFileSync(file, "utf8"), lines));
    return;
  }

  // `BENCH_ONLY=bulk npm run bench`: bulk_import_prepare and bulk_import alone, likewise.
  if (process.env.BENCH_ONLY === "bulk") {
    for (const line of await bulkLines(db, quick)) emit(line);
    if (!quick) writeFileSync(file, replaceRows(readFileSync(file, "utf8"), lines));
    return;
  }

  const ceiling = await bcryptCeiling(10, quick ? 2 : 5);
  const logins = await loginBench({ users, concurrency: 32, latencyMs: 30, cost: 10 });
  const ratio = logins.first.perSecond / ceiling.perSecond;
  emit({
    scenario: "first_logins",
    setup: setup({ db, bcrypt_cost: 10, users, concurrency: 32, emulator_latency_ms: 30 }),
    results: { logins_per_s: logins.first.perSecond, p50_ms: logins.first.p50, p99_ms: logins.first.p99, statuses: logins.first.statuses, bcrypt_ceiling_per_s: round(ceiling.perSecond), ceiling_threads: ceiling.threads, ratio: round(ratio, 2) },
    goal: "ratio >= 0.9",
    met: ratio >= 0.9,
  });
  const overhead = logins.migrated.p50 - 30;
  emit({
    scenario: "migrated_logins",
    setup: setup({ db, users, concurrency: 32, emulator_latency_ms: 30 }),
    results: { logins_per_s: logins.migrated.perSecond, p50_ms: logins.migrated.p50, p99_ms: logins.migrated.p99, statuses: logins.migrated.statuses, overhead_ms: round(overhead) },
    goal: "p50 - emulator latency <= 3 ms",
    met: overhead <= 3,
  });
  emit({
    scenario: "migrated_logins_serial",
    setup: setup({ db, users: logins.migratedSerial.logins, concurrency: 1, emulator_latency_ms: 30 }),
    results: { p50_ms: logins.migratedSerial.p50, p99_ms: logins.migratedSerial.p99, overhead_ms: round(logins.migratedSerial.p50 - 30) },
  });

  for (const line of await hashingLines(db, quick)) emit(line);

  const emailUsers = quick ? 5000 : 100_000;
  const emailGoal = ">= 300 emails/s; RSS flat (<= 200 MB) from 10,000 to 100,000 users";
  // V8 sizes its heap lazily: with default flags RSS settles above 200 MB without leaking; the
  // documented NODE_OPTIONS cap holds it (README, docs/password-reset.md). Both are measured.
  const defaultHeap = await resetEmailBench({ users: emailUsers, checkpoint: Math.min(10_000, emailUsers) });
  emit({
    scenario: "send_reset_emails_default_heap",
    setup: setup({ db, users: emailUsers, concurrency: 16, smtp: "counting sink on 127.0.0.1", node_options: "(none)" }),
    results: defaultHeap,
    goal: emailGoal,
    met: defaultHeap.perSecond >= 300 && defaultHeap.peakRssMb <= 200,
  });
  const nodeOptions = "--max-old-space-size=96";
  const emails = await resetEmailBench({ users: emailUsers, checkpoint: Math.min(10_000, emailUsers), nodeOptions });
  emit({
    scenario: "send_reset_emails",
    setup: setup({ db, users: emailUsers, concurrency: 16, smtp: "counting sink on 127.0.0.1", node_options: nodeOptions }),
    results: emails,
    goal: emailGoal,
    met: emails.perSecond >= 300 && emails.peakRssMb <= 200,
  });

  const statusUsers = quick ? 100_000 : 1_000_000;
  const statusSetup = setup({ db, legacy_users: statusUsers, migrated: "40 %", seeded: "generate_series (bench/seedMillion.ts)" });
  const statusGoal = "query <= 1 s and <= 3x count(*)";
  if (db !== "postgresql") {
    const reason = "needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL";
    process.stderr.write(`migrate_status skipped: ${reason}\n`);
    emit({ scenario: "migrate_status", setup: statusSetup, results: { skipped: reason }, goal: statusGoal });
  } else {
    const status = await migrateStatusBench({ users: statusUsers, runs: 5 });
    emit({ scenario: "migrate_status", setup: statusSetup, results: { ...status }, goal: statusGoal, met: status.seconds <= 1 && status.ratio <= 3 });
  }

  const cli = await cliStart(5);
  emit({
    scenario: "cli_start",
    setup: setup({ db: "pglite (sandbox DATA_DIR, seeded by a first serve)", runs: 5, baseline: "node -e 0" }),
    results: { ...cli },
    goal: "--help <= bare node + 0.15 s; migrate-status --json <= bare node + 0.35 s",
    met: cli.help_delta_s <= 0.15 && cli.status_delta_s <= 0.35,
  });

  for (const line of await bulkLines(db, quick)) emit(line);

  const cold = await coldStart();
  emit({ scenario: "sandbox_cold_start", setup: setup({ db: "pglite (fresh DATA_DIR)", command: "npx auth0-migrate serve" }), results: cold });

  for (const line of await gatewayLines(db, quick)) emit(line);

  if (!quick) {
    writeFileSync(file, render(lines, existingHistory(file)));
  }
}

async function hashingLines(db: string, quick: boolean): Promise<BenchLine[]> {
  return [await hashingOffThreadLine(db), await timingParityLine(db, quick ? 7 : 21)];
}

const BULK_FORMATS = "bcrypt-10, bcrypt-4, pbkdf2_sha256, argon2, scrypt, md5, unsalted md5, phpass (not importable)";
const BULK_GOAL = ">= 5000 users prepared/s; RSS flat (<= 200 MB) from 10,000 to 100,000 users";

/** bulk_import_prepare (the CPU side alone) and bulk_import (the real CLI into the emulator, PostgreSQL only). */
async function bulkLines(db: string, quick: boolean): Promise<BenchLine[]> {
  const users = Number(process.env.BENCH_BULK_USERS) || (quick ? 10_000 : 100_000);
  const prepared = await bulkImportPrepareBench(users);
  const lines: BenchLine[] = [
    {
      scenario: "bulk_import_prepare",
      setup: setup({ users, formats: BULK_FORMATS }),
      results: { ...prepared },
      goal: BULK_GOAL,
      met: prepared.users_per_s >= 5000 && prepared.peak_rss_mb <= 200,
    },
  ];
  const e2eSetup = setup({ db, legacy_users: users, formats: `${BULK_FORMATS}, taken in turn`, auth0: "in-process emulator (jobs run when polled)", command: "auth0-migrate bulk-import --json (built CLI, own process)" });
  const e2eGoal = "RSS flat (<= 200 MB) from 10,000 to 100,000 users";
  if (db !== "postgresql") {
    const reason = "needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL";
    process.stderr.write(`bulk_import skipped: ${reason}\n`);
    lines.push({ scenario: "bulk_import", setup: e2eSetup, results: { skipped: reason }, goal: e2eGoal });
    return lines;
  }
  const e2e = await bulkImportEndToEndBench(users);
  lines.push({ scenario: "bulk_import", setup: e2eSetup, results: { ...e2e }, goal: e2eGoal, met: e2e.linked === e2e.importable && e2e.peak_rss_mb <= 200 });
  return lines;
}

const HISTORY = "## History";

/** The hand-written history section of the previous file, kept across runs. */
function existingHistory(file: string): string {
  if (!existsSync(file)) return `${HISTORY}\n\nNo earlier figures yet.\n`;
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(HISTORY);
  return at >= 0 ? text.slice(at) : `${HISTORY}\n\nNo earlier figures yet.\n`;
}

function row(l: BenchLine): string {
  return `| ${l.scenario} | ${fmt(l.setup)} | ${fmt(l.results)} | ${l.goal ?? ""} | ${l.met === undefined ? "" : l.met ? "yes" : "**no**"} |`;
}

/** The table with these scenarios' rows replaced (or added at its end), and their notes added once. */
function replaceRows(text: string, lines: BenchLine[]): string {
  const out = text.split("\n");
  for (const l of lines) {
    const at = out.findIndex((x) => x.startsWith(`| ${l.scenario} |`));
    if (at >= 0) out[at] = row(l);
    else out.splice(out.findIndex((x, i) => i > 0 && out[i - 1]?.startsWith("|") && x.trim() === ""), 0, row(l));
  }
  let result = out.join("\n");
  for (const note of lines.map((l) => NOTES[l.scenario]).filter((n): n is string => !!n)) {
    if (!result.includes(note)) result = result.replace("See the history below", `${note}\n\nSee the history below`);
  }
  return result;
}

function render(lines: BenchLine[], history: string): string {
  const rows = lines.map(row);
  return `# Benchmarks

Written by \`npm run bench\` (set \`BENCH_DATABASE_URL\` or \`TEST_DATABASE_URL\` for PostgreSQL; PGlite
otherwise) on ${new Date().toISOString().slice(0, 10)}. All scenarios measured in one run; servers and
sinks on 127.0.0.1 only.

| scenario | setup | results | goal | met |
|---|---|---|---|---|
${rows.join("\n")}

${notes(lines)}See the history below for before/after figures of changes made for speed.

${history}`;
}

/** How to read a scenario's figures, printed under the table when the scenario ran. */
const NOTES: Record<string, string> = {
  migrate_status:
    "**migrate_status**: `seconds` is the report's one query (median of 5, in process) against the seeded " +
    "legacy table and the service's tables; `count_seconds` a bare `select count(*)` of the legacy table in the " +
    "same database and run; `cli_seconds` the whole `migrate-status --json` process (Node start, config, " +
    "migrations check, query). The query is one parallel scan of the legacy table hash-joined to " +
    "`auth0_links`, the stuck migration states and the users ever emailed; the joins, not the scan, are its cost.",
  gateway_verify:
    "**gateway_verify**: autocannon (its own process, 64 connections, one valid session) against `/auth/verify` " +
    "and against a bare Koa app answering 200 in the same process as the service, one after the other " +
    "(`ratio` = verify / bare). `gateway_verify_cache_off` is the same with `AUTH_VERIFY_CACHE_SECONDS=0` (session, " +
    "legacy user and migration state read on every request). `gateway_nginx`: `GET /app/page` through nginx with " +
    "docs/integration.md's config, against the same config without the `auth_request` check " +
    "(`ratio` = with / without). On a 2-core machine shared with other work, the load generator, nginx, the " +
    "service and the upstream compete for the same cores: read the ratios, not the absolute figures.",
};

NOTES.hashing_off_thread =
  "**hashing_off_thread**: 200 first logins sent at once (bcrypt cost 10, `HASH_WORKERS=2`) while `GET /healthz` " +
  "is asked every ~20 ms until they have all answered; the percentiles are /healthz's round trips. " +
  "`test/e2e/hashingOffThread.test.ts` checks only the order (answers while every thread hashes), this row the time. " +
  "**timing_parity**: login medians of 21 requests per case, one at a time, the cases taken in turn: a wrong password " +
  "for a real user, an unknown user, an inactive user (right password), an unusable stored password and a migrated " +
  "user's wrong password (Auth0: the emulator, no added latency). `test/e2e/timingParity.test.ts` counts one bcrypt " +
  "check per case; this row shows what that costs (docs/RELIABILITY.md, Enumeration).";

NOTES.bulk_import =
  "**bulk_import_prepare**: the CPU side alone (identify, convert, build the record, pack 500 KB files), in " +
  "a process of its own running the built code (`bench/bulkImportPrepareChild.cjs`: no ts-node, no database); " +
  "`peak_rss_mb` is read at every finished file and at the end. **bulk_import**: the built `auth0-migrate " +
  "bulk-import --json` in its own process, with its defaults (`--poll-interval` 2000 ms, at most 2 jobs in " +
  "flight), against the in-process emulator, whose jobs run when they are polled (no processing delay, as by " +
  "default); the legacy `users` table is seeded by `generate_series` with the eight vectors taken in turn " +
  "(phpass, 1 in 8, is not importable). `wall_seconds` is spawn to exit, when every importable user is " +
  "linked (`links_in_db` counts `auth0_links.method = bulk_import` afterwards); with two files per poll, " +
  "about 25 polls of 2 s, roughly 50 s, are waiting, not work. `rss_mb_at_10k` is the CLI's peak RSS until " +
  "10,000 users were linked (sampled every 100 ms), `peak_rss_mb` over the whole run.";

NOTES.cli_start =
  "**cli_start**: wall-clock seconds from spawn to exit, medians of 5 interleaved runs beside `node -e 0` " +
  "(`*_delta_s` is the excess over bare Node). Each command loads its own code only when it runs; " +
  "`npx_help_s` shows what npx adds, hence `./node_modules/.bin/auth0-migrate` in scripts (README).";

function notes(lines: BenchLine[]): string {
  const text = lines.filter((l) => NOTES[l.scenario] && !l.results.skipped).map((l) => NOTES[l.scenario]);
  return text.length ? `${text.join("\n\n")}\n\n` : "";
}

function fmt(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("<br>");
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
