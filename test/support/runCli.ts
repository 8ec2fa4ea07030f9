import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Knex } from "knex";
import { createDb } from "../../src/db/createDb";
import { createTestDb, testDatabaseUrl, type TestDb, type TestDbOptions } from "./testDb";

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/auth0-migrate.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the given environment (plus PATH and HOME). */
export async function runCli(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<CliResult> {
  const cleanEnv: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "silent", ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, BIN, ...args], { cwd: ROOT, env: cleanEnv, timeout: 60000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** A test database a child process can open too. */
export interface SharedTestDb {
  testDb: TestDb;
  /** DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite) for the child. */
  childEnv: Record<string, string>;
  /** Closes this process's handle first where the database allows one process only (PGlite). */
  releaseForChild(): Promise<void>;
}

/** PostgreSQL when TEST_DATABASE_URL is set or `postgres` asked (a fresh schema); else PGlite in a temporary folder. */
export async function createSharedTestDb(opts: TestDbOptions = {}): Promise<SharedTestDb> {
  if (testDatabaseUrl() || opts.postgres) {
    const testDb = await createTestDb(opts);
    return { testDb, childEnv: { DATABASE_URL: testDb.url as string }, releaseForChild: async () => undefined };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "a0m-shared-"));
  const db = createDb({ pgliteDir: dir });
  let open = true;
  const release = async (): Promise<void> => {
    if (open) await db.destroy();
    open = false;
  };
  const testDb: TestDb = {
    db,
    kind: "pglite",
    url: undefined,
    schema: undefined,
    cleanup: async () => {
      await release();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { testDb, childEnv: { DATA_DIR: dir }, releaseForChild: release };
}

/** Runs `fn` on a handle of the shared database: the test's own, or (PGlite allows one process at a time) a fresh one closed after. */
export async function withSharedDb<T>(shared: SharedTestDb, fn: (db: Knex) => Promise<T>): Promise<T> {
  if (shared.testDb.kind !== "pglite") return fn(shared.testDb.db);
  const db = createDb({ pgliteDir: shared.childEnv.DATA_DIR as string });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** Runs the CLI and lists the packages (node_modules/<name>) and project files it loaded. */
export async function runCliLoadedModules(args: string[], env: Record<string, string> = {}): Promise<{ result: CliResult; packages: string[]; files: string[] }> {
  const result = await runCli(args, env, ["--require", path.join(ROOT, "test/support/reportLoadedModules.cjs")]);
  const line = result.stderr.split("\n").find((l) => l.startsWith("LOADED_MODULES "));
  if (!line) throw new Error(`no LOADED_MODULES line from the CLI; stderr: ${result.stderr.slice(-2000)}`);
  const loaded = JSON.parse(line.slice("LOADED_MODULES ".length)) as string[];
  const packages = new Set<string>();
  for (const file of loaded) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (m) packages.add(m[1] as string);
  }
  const files = loaded.filter((f) => !f.includes("node_modules")).map((f) => path.relative(ROOT, f));
  return { result, packages: [...packages].sort(), files };
}
