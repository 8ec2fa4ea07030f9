import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createDb } from "../../src/db/createDb";
import { createTestDb, testDatabaseUrl, type TestDb } from "./testDb";

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/auth0-migrate.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the given environment (plus PATH and HOME). */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const cleanEnv: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "silent", ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv, timeout: 60000 });
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

/** PostgreSQL when TEST_DATABASE_URL is set (a fresh schema); else PGlite in a temporary folder. */
export async function createSharedTestDb(): Promise<SharedTestDb> {
  if (testDatabaseUrl()) {
    const testDb = await createTestDb();
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
