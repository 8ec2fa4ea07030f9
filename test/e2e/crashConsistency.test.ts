import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { createDb } from "../../src/db/createDb";
import { migrateLatest } from "../../src/db/migrateLatest";
import { createLegacyTable, LegacyUserFactory, type CreatedLegacyUser } from "../support/legacyUsers";
import { createTestDb, testDatabaseUrl, type TestDb } from "../support/testDb";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/auth0-migrate.js");

let emulator: Auth0Emulator;
let pg: TestDb | undefined;
let dataDir: string;

async function withDb<T>(fn: (db: Knex) => Promise<T>): Promise<T> {
  if (pg) return fn(pg.db);
  const db = createDb({ pgliteDir: dataDir });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function env(port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    SESSION_SECRET: "crash-test-session-secret-0123456789abcdef",
    AUTH0_DOMAIN: emulator.baseUrl,
    AUTH0_CLIENT_ID: emulator.clientId,
    AUTH0_CLIENT_SECRET: emulator.clientSecret,
    AUTH0_TIMEOUT_MS: "3000",
    AUTH0_MGMT_RATE: "0",
    LEGACY_TABLE: "users",
    ...(pg ? { DATABASE_URL: pg.url as string } : { DATA_DIR: dataDir }),
  };
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, "serve"], { cwd: ROOT, env: env(port), stdio: "ignore" });
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("server did not start");
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await exited;
}

function login(port: number, u: CreatedLegacyUser): Promise<number> {
  return fetch(`http://127.0.0.1:${port}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: u.username, password: u.password }),
  }).then(
    (r) => r.status,
    () => -1,
  );
}

function reconcile(port: number, fix = false): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "reconcile", "--json", ...(fix ? ["--fix"] : [])], { cwd: ROOT, env: env(port) });
    let out = "";
    child.stdout.on("data", (c) => (out += String(c)));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`reconcile exited ${code}`))));
  });
}

beforeAll(async () => {
  emulator = new Auth0Emulator({ clientId: "crash-client", clientSecret: "crash-secret" });
  await emulator.start();
  dataDir = mkdtempSync(path.join(tmpdir(), "a0m-crash-"));
  if (testDatabaseUrl()) pg = await createTestDb();
});

afterAll(async () => {
  await emulator.stop();
  await pg?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

it("after a SIGKILL during first logins, reconcile lists every orphan and the next logins heal them", async () => {
  const users = await withDb(async (db) => {
    await migrateLatest(db);
    await createLegacyTable(db);
    const factory = new LegacyUserFactory(db);
    const created: CreatedLegacyUser[] = [];
    for (let i = 0; i < 40; i++) created.push(await factory.create());
    return created;
  });
  const port = await freePort();
  let server = await startServer(port);

  // Auth0 applies half the creates but is slow to answer them: the process dies in between.
  emulator.setFaults({ rules: [{ kind: "hang", target: "management", commitBeforeHang: true, hangMs: 2500, probability: 0.5 }], seed: 3 });
  const inFlight = users.map((u) => login(port, u));
  // Kill once Auth0 has applied some creates whose answers are still held back.
  const creates = () => emulator.requests.filter((r) => r.target === "management" && r.method === "POST").length;
  const until = Date.now() + 20000;
  while (creates() < 8 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await stop(server, "SIGKILL");
  await Promise.all(inFlight);
  await new Promise((r) => setTimeout(r, 1000));
  emulator.clearFaults();

  const ours = emulator.listUsers().filter((u) => u.app_metadata.legacy_id !== undefined);
  const linked = await withDb(async (db) => new Set((await db("auth0_links").pluck("legacy_user_id")).map(String)));
  const orphans = ours.filter((u) => !linked.has(String(u.app_metadata.legacy_id))).map((u) => u.user_id).sort();
  expect(orphans.length).toBeGreaterThan(0);

  const report = await reconcile(port);
  expect(report.links_without_auth0_user).toEqual([]);
  expect(report.auth0_users_without_link.map((o: { auth0_user_id: string }) => o.auth0_user_id).sort()).toEqual(orphans);
  for (const o of report.auth0_users_without_link) expect(o.kind).toBe("ours_unlinked");

  // Claims the dead process held run out after AUTH0_TIMEOUT_MS + 2 s; until then a login
  // succeeds without calling Auth0 for that user.
  const lastClaim = await withDb(async (db) => (await db("auth0_migration_state").max({ t: "claimed_until" }).first())?.t);
  if (lastClaim) await new Promise((r) => setTimeout(r, Math.max(0, new Date(lastClaim).getTime() - Date.now() + 200)));
  // Restarted, every user logs in and is migrated, each to exactly one Auth0 user.
  server = await startServer(port);
  for (const u of users) expect(await login(port, u)).toBe(200);
  await stop(server, "SIGTERM");
  const perLegacy = new Map<string, number>();
  for (const au of emulator.listUsers()) perLegacy.set(String(au.app_metadata.legacy_id), (perLegacy.get(String(au.app_metadata.legacy_id)) ?? 0) + 1);
  expect(perLegacy.size).toBe(users.length);
  expect([...perLegacy.values()].every((n) => n === 1)).toBe(true);
  const clean = await reconcile(port, true);
  expect(clean).toMatchObject({ links_checked: users.length, links_without_auth0_user: [], auth0_users_without_link: [], fixed: 0 });
}, 120000);
