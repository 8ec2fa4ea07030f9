import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BIN, freePort, outputOf, ROOT, round, spawnCli, stopChild, waitForHealth } from "./support";

export interface CliStartResult {
  runs: number;
  /** `node -e 0`: bare Node start, the baseline (median seconds). */
  node_s: number;
  /** `node bin/auth0-migrate.js --help` (median seconds) and its excess over bare Node. */
  help_s: number;
  help_delta_s: number;
  /** `migrate-status --json` on the seeded sandbox data (PGlite) and its excess over bare Node. */
  status_s: number;
  status_delta_s: number;
  /** PGlite alone opening the same data folder, one `select 1`, closing: the floor under status_s. */
  pglite_open_s: number;
  /** `npx auth0-migrate --help`, for comparison: npx's own start-up comes on top. */
  npx_help_s: number;
  /** The report agrees with the seeded sandbox (a sanity check, not a timing). */
  status_total_users: number;
}

/** Runs a command to its exit; resolves to the wall-clock seconds and its stdout. */
function timed(command: string, args: string[], env: Record<string, string>): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += String(c)));
    child.stderr.on("data", (c) => (stderr = (stderr + String(c)).slice(-4000)));
    child.on("error", reject);
    child.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, stdout });
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

// A bare PGlite start on a data folder (argv[1]), for the floor of any command that reads it.
const PGLITE_OPEN = `
const { PGlite } = require(${JSON.stringify(require.resolve("@electric-sql/pglite"))});
const db = new PGlite(process.argv[1]);
db.query("select 1").then(() => db.close());
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The sandbox's data as a first `serve` leaves it: migrations applied, demo users seeded. */
async function seedSandbox(dir: string): Promise<void> {
  const port = await freePort();
  const child = spawnCli(["serve"], { DATA_DIR: dir, PORT: String(port), LOG_LEVEL: "warn" });
  try {
    await waitForHealth(port, 120_000);
  } catch (err) {
    throw new Error(`sandbox serve did not start: ${outputOf(child)}`, { cause: err });
  } finally {
    await stopChild(child);
  }
}

/**
 * Start-up of the CLI beside bare Node, in the same run and interleaved (so a busy machine
 * weighs on every command alike): medians of `runs` of each.
 */
export async function cliStart(runs = 5): Promise<CliStartResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "a0m-clistart-"));
  try {
    await seedSandbox(dir);
    const statusEnv = { DATA_DIR: dir, LOG_LEVEL: "warn" };
    const node: number[] = [];
    const help: number[] = [];
    const status: number[] = [];
    const npxHelp: number[] = [];
    const pglite: number[] = [];
    let totalUsers = -1;
    // One untimed round first: the file system cache, not the code, would otherwise decide it.
    await timed(process.execPath, [BIN, "migrate-status", "--json"], statusEnv);
    for (let i = 0; i < runs; i += 1) {
      node.push((await timed(process.execPath, ["-e", "0"], {})).seconds);
      help.push((await timed(process.execPath, [BIN, "--help"], {})).seconds);
      const s = await timed(process.execPath, [BIN, "migrate-status", "--json"], statusEnv);
      status.push(s.seconds);
      totalUsers = Number((JSON.parse(s.stdout) as { total_users?: unknown }).total_users);
      pglite.push((await timed(process.execPath, ["-e", PGLITE_OPEN, path.join(dir, "pglite")], {})).seconds);
      npxHelp.push((await timed("npx", ["--no-install", "auth0-migrate", "--help"], {})).seconds);
    }
    const nodeS = median(node);
    return {
      runs,
      node_s: round(nodeS, 3),
      help_s: round(median(help), 3),
      help_delta_s: round(median(help) - nodeS, 3),
      status_s: round(median(status), 3),
      status_delta_s: round(median(status) - nodeS, 3),
      pglite_open_s: round(median(pglite), 3),
      npx_help_s: round(median(npxHelp), 3),
      status_total_users: totalUsers,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
