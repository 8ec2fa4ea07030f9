import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Knex } from "knex";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { migrateLatest } from "../../src/db/migrateLatest";
import { BcryptHasher } from "../../src/legacy/hashers/BcryptHasher";
import { createLegacyTable, insertNumberedUsers } from "../support/legacyUsers";
import { createSharedTestDb, withSharedDb, ROOT, runCli, type SharedTestDb } from "../support/runCli";

/** bulk-import killed with SIGKILL mid-run, then run again; and two processes on one run. */

const CLIENT = { clientId: "bulk-kill-client", clientSecret: "bulk-kill-secret" };
const CONNECTION = "Username-Password-Authentication";
// About 190 bytes a record: three files of at most 500,000 bytes.
const USERS = 6000;

let shared: SharedTestDb;
let emulator: Auth0Emulator;

function withDb<T>(fn: (db: Knex) => Promise<T>): Promise<T> {
  return withSharedDb(shared, fn);
}

function env(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    LOG_LEVEL: "silent",
    ...shared.childEnv,
    AUTH0_DOMAIN: emulator.baseUrl,
    AUTH0_CLIENT_ID: CLIENT.clientId,
    AUTH0_CLIENT_SECRET: CLIENT.clientSecret,
  };
}

function spawnImport(): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [path.join(ROOT, "bin/auth0-migrate.js"), "bulk-import", "--json", "--poll-interval", "50"], { cwd: ROOT, env: env() });
  let stderr = "";
  child.stderr?.on("data", (c) => (stderr += String(c)));
  child.stdout?.resume();
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
  return { child, done };
}

/** Waits (bounded) until the emulator has `n` import jobs. */
async function jobsCreated(n: number): Promise<void> {
  for (let i = 0; i < 1200 && emulator.importJobs.list().length < n; i++) await new Promise((r) => setTimeout(r, 100));
  expect(emulator.importJobs.list().length).toBeGreaterThanOrEqual(n);
}

function importPosts(): number {
  return emulator.requests.filter((r) => r.method === "POST" && r.path === "/api/v2/jobs/users-imports" && r.status === 202).length;
}

async function seed(from: number): Promise<void> {
  await withDb(async (db) => {
    const hash = await new BcryptHasher(10).encode("kill test");
    await insertNumberedUsers(db, { username: "k", emailLocal: "kill", hash, count: USERS, from });
  });
}

/** Each of the legacy users is in the emulator once and linked once. */
async function expectEachOnce(total: number): Promise<void> {
  const emails = emulator.listUsers().map((u) => u.email);
  expect(emails).toHaveLength(total);
  expect(new Set(emails).size).toBe(total);
  await withDb(async (db) => {
    const links = await db("auth0_links").where({ method: "bulk_import" }).count({ n: "*" }).first();
    expect(Number(links?.n)).toBe(total);
    const users = await db("auth0_bulk_import_users").count({ n: "*" }).first();
    expect(Number(users?.n)).toBe(total);
  });
}

beforeAll(async () => {
  emulator = new Auth0Emulator({ ...CLIENT, connections: [{ name: CONNECTION }] });
  await emulator.start();
  shared = await createSharedTestDb();
  await migrateLatest(shared.testDb.db);
  await createLegacyTable(shared.testDb.db);
  await shared.releaseForChild();
}, 120_000);

afterAll(async () => {
  await emulator.stop();
  await shared.testDb.cleanup();
});

it("SIGKILL with two jobs in flight and a file waiting, then a rerun: every user once in Auth0, linked once, no file sent twice", async () => {
  await seed(1);
  emulator.importJobs.hold();
  const first = spawnImport();
  await jobsCreated(2);
  first.child.kill("SIGKILL");
  await first.done;
  expect(importPosts()).toBe(2);
  emulator.importJobs.release();

  const rerun = await runCli(["bulk-import", "--json", "--poll-interval", "50"], env());
  expect(rerun.code).toBe(0);
  // The two files already sent were polled, not sent again; only the waiting one went.
  expect(importPosts()).toBe(3);
  await expectEachOnce(USERS);
}, 300_000);

// Always on PostgreSQL (TEST_DATABASE_URL's, else the local one): PGlite is one process's database.
it("a second process on the same run refuses while the first runs; the first finishes alone (PostgreSQL)", async () => {
  // A database (and tenant) of its own: the file's other tests may have run on PGlite.
  const own = shared;
  const mine = await createSharedTestDb({ postgres: true });
  await migrateLatest(mine.testDb.db);
  await createLegacyTable(mine.testDb.db);
  shared = mine;
  emulator.reset();
  try {
    await secondProcessRefuses();
  } finally {
    shared = own;
    await mine.testDb.cleanup();
  }
}, 300_000);

async function secondProcessRefuses(): Promise<void> {
  await seed(1);
  emulator.importJobs.hold();
  const before = importPosts();
  const a = spawnImport();
  await jobsCreated(emulator.importJobs.list().length + 1);
  const b = await runCli(["bulk-import", "--json", "--poll-interval", "50"], env());
  expect(b.code).toBe(1);
  expect(b.stderr).toMatch(/another bulk-import \(.+\) is running/);
  emulator.importJobs.release();
  const done = await a.done;
  expect(done.code).toBe(0);
  expect(importPosts() - before).toBe(3);
  await expectEachOnce(USERS);
}
