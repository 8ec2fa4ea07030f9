import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { setAuth0Password } from "../support/emulatorAdmin";
import { startTestApp, type TestApp } from "../support/startTestApp";
import { createTestDb, testDatabaseUrl, type TestDb } from "../support/testDb";

// Backend mode with a real Django (Debian's python3-django, scripts/ensure-django.sh) against the
// running service and PostgreSQL. Without them this test fails: it never skips.
const PYTHON = process.env.DJANGO_PYTHON ?? "/usr/bin/python3";
const PACKAGE_DIR = path.resolve(__dirname, "../../integrations/django");
const SCENARIOS = path.join(PACKAGE_DIR, "tests/scenarios.py");
const KEY = "django-backend-key-0123456789abcdefghijklmnop";
const run = promisify(execFile);

jest.setTimeout(120_000);

let testDb: TestDb;
let t: TestApp | undefined;
let site: string;
let ids: Record<string, string>;

async function python(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(PYTHON, args, { env: { ...process.env, ...env }, timeout: 90_000, maxBuffer: 10 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${PYTHON} ${args.join(" ")} failed: ${e.message}\n${e.stderr ?? ""}\n${e.stdout ?? ""}`);
  }
}

/** Runs one phase of integrations/django/tests/scenarios.py; its JSON answer. */
async function phase(name: string, env: Record<string, string> = {}): Promise<any> {
  const { stdout } = await python([SCENARIOS, name], {
    PYTHONPATH: path.join(site, "lib"),
    DJANGO_DATABASE_URL: testDatabaseUrl() as string,
    DJANGO_DB_SCHEMA: testDb.schema as string,
    AUTH0_MIGRATE_URL: t ? t.baseUrl : "http://127.0.0.1:9",
    AUTH0_MIGRATE_API_KEY: KEY,
    ...env,
  });
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] as string);
}

async function linkOf(legacyId: string): Promise<{ auth0_user_id: string; method: string }> {
  return testDb.db("auth0_links").where({ legacy_user_id: legacyId }).first();
}

beforeAll(async () => {
  // Django and psycopg2 must be there: a missing one fails here, naming what to install.
  await python(["-c", "import django, psycopg2; assert django.VERSION >= (3, 2), django.VERSION"]);
  testDb = await createTestDb();
  if (testDb.kind !== "postgresql") throw new Error("the Django integration test needs PostgreSQL: set TEST_DATABASE_URL");
  // Installed the way the docs say (pip install ./integrations/django), into a throwaway target.
  // pip builds in the source folder: build from a copy, so the worktree stays clean.
  site = mkdtempSync(path.join(tmpdir(), "auth0-migrate-django-"));
  const source = path.join(site, "src");
  cpSync(PACKAGE_DIR, source, { recursive: true, filter: (from) => !/(^|\/)(build|tests|__pycache__|[^/]*\.egg-info)$/.test(from) });
  await python(["-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "--target", path.join(site, "lib"), source]);
  // Django creates auth_user in the schema; then the service starts reading it.
  ids = (await phase("setup")).ids;
  t = await startTestApp({ testDb, table: "auth_user", env: { LEGACY_PRESET: "django", BACKEND_API_KEYS: KEY } });
});

afterAll(async () => {
  if (t) await t.close({ db: true });
  if (testDb) await testDb.cleanup();
  if (site) rmSync(site, { recursive: true, force: true });
});

it("installs with pip, depending on Django only", async () => {
  const { stdout } = await python([
    "-c",
    "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['project']['dependencies'])",
    path.join(PACKAGE_DIR, "pyproject.toml"),
  ]);
  expect(stdout.trim()).toBe("['Django>=3.2,<6']");
  const { stdout: where } = await python(["-c", "import auth0_migrate_django; print(auth0_migrate_django.__file__)"], { PYTHONPATH: path.join(site, "lib") });
  expect(where.trim().startsWith(path.join(site, "lib"))).toBe(true);
});

it("checks its settings at start (Django system checks), naming each one", async () => {
  expect(await phase("checks")).toEqual({ checks: "ok" });
});

it("logs in through Django's LoginView with the backend, migrating the user into Auth0", async () => {
  const result = await phase("login");
  expect(result.alice).toMatchObject({ state: "migrated", method: "login" });
  const link = await linkOf(ids.alice as string);
  expect(t!.emulator.checkPassword(link.auth0_user_id, "Legacy-Alice-Pass-1")).toBe(true);
  expect(t!.emulator.getUser(link.auth0_user_id)?.app_metadata).toEqual({ legacy_id: ids.alice });
});

it("resets a password through PasswordResetConfirmView with the form: both stores, old refused, new accepted", async () => {
  const result = await phase("reset");
  const link = await linkOf(ids.rita as string);
  expect(link.method).toBe("password_change");
  expect(t!.emulator.checkPassword(link.auth0_user_id, result.password)).toBe(true);
  expect(t!.emulator.checkPassword(link.auth0_user_id, "Legacy-Rita-Pass-1")).toBe(false);
});

it("changes a password through PasswordChangeView, keeping the user logged in", async () => {
  const result = await phase("change");
  const link = await linkOf(ids.pete as string);
  expect(t!.emulator.checkPassword(link.auth0_user_id, result.password)).toBe(true);
});

it("refuses a linked user whose Auth0 password changed behind the service, though ModelBackend would accept the legacy hash", async () => {
  const link = await linkOf(ids.sam as string);
  await setAuth0Password(t!.emulator, link.auth0_user_id, "Changed-In-Auth0-Sam-3");
  expect(await phase("stale", { SAM_AUTH0_PASSWORD: "Changed-In-Auth0-Sam-3" })).toEqual({ sam: "refused" });
});

it("raises PermissionDenied, never falling back to ModelBackend, when the service is down", async () => {
  await t!.close({ db: true });
  t = undefined;
  expect(await phase("outage")).toEqual({ olga: "refused" });
});
