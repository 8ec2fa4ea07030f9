import { execFile, spawn } from "node:child_process";
import { ManagementClient } from "auth0";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { runCliLoadedModules } from "../support/runCli";
import { createTestDb, type TestDb } from "../support/testDb";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/auth0-migrate.js");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  const cleanEnv: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "silent" };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) cleanEnv[k] = v;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv, timeout: 60000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("auth0-migrate CLI", () => {
  let dataDir: string;
  let testDb: TestDb | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "a0m-cli-"));
  });

  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await testDb?.cleanup();
  });

  it("prints help listing its commands and exits 0", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["serve", "db:migrate", "emulator"]) expect(r.stdout).toContain(command);
  });

  it("--help loads commander and nothing of the service (a fast start for scripts)", async () => {
    const { result, packages, files } = await runCliLoadedModules(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("migrate-status");
    expect(packages).toEqual(["commander"]);
    expect(files.filter((f) => f.startsWith("dist/src/"))).toEqual(["dist/src/errors.js"]);
    expect(files.filter((f) => f.startsWith("dist/cli/commands/"))).toEqual(["dist/cli/commands/optionParsers.js"]);
  });

  it("exits 2 on an unknown command", async () => {
    const r = await cli(["no-such-command"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/i);
  });

  it("exits 2 on invalid configuration, naming the variable", async () => {
    const r = await cli(["db:migrate"], { AUTH0_TIMEOUT_MS: "soon", DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("AUTH0_TIMEOUT_MS");
  });

  it("refuses a production start without secrets, naming the first missing one", async () => {
    const r = await cli(["serve"], { NODE_ENV: "production" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("SESSION_SECRET");
  });

  it("db:migrate creates the service's tables once, and knex's CLI agrees they are current", async () => {
    let env: Record<string, string | undefined>;
    if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) {
      testDb = await createTestDb();
      env = { DATABASE_URL: testDb.url };
    } else {
      env = { DATA_DIR: dataDir };
    }
    const first = await cli(["db:migrate"], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(/applied: .*auth0_links/);
    const second = await cli(["db:migrate"], env);
    expect(second.stdout).toMatch(/already up to date/);

    const knexBin = path.join(ROOT, "node_modules/knex/bin/cli.js");
    const { stdout } = await run(process.execPath, [knexBin, "--knexfile", "knexfile.ts", "migrate:status"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) } as Record<string, string>,
      timeout: 60000,
    });
    expect(stdout).toMatch(/No Pending Migration files Found/i);
  }, 120000);

  it("runs the emulator standalone for the unchanged SDK, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "emulator", "--port", "0", "--password-policy", "low"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "" },
    });
    let out = "";
    child.stdout.on("data", (c) => (out += String(c)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const until = Date.now() + 20000;
    while (!/listening on http:\/\/127\.0\.0\.1:\d+/.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const domain = /listening on http:\/\/(127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(domain).toBeDefined();
    const mgmt = new ManagementClient({ domain: domain!, clientId: "emulator-client", clientSecret: "emulator-secret", fetch: loopbackFetch, maxRetries: 0 });
    const created = await mgmt.users.create({ connection: "Username-Password-Authentication", email: "Solo@Example.com", password: "simple" });
    expect(created.email).toBe("solo@example.com");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
