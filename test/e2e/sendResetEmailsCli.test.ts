import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import { createDb } from "../../src/db/createDb";
import { migrateLatest } from "../../src/db/migrateLatest";
import { createLegacyTable, LegacyUserFactory, type CreatedLegacyUser } from "../support/legacyUsers";
import { SmtpSink } from "../support/SmtpSink";
import { createTestDb, testDatabaseUrl, type TestDb } from "../support/testDb";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/auth0-migrate.js");
const onPostgres = Boolean(testDatabaseUrl());

let smtp: SmtpSink;
let smtpUrl: string;
let pg: TestDb | undefined;
let dataDir: string;

/** The database the child processes use; PGlite is single-user, so the test opens it only between runs. */
async function withDb<T>(fn: (db: Knex) => Promise<T>): Promise<T> {
  if (pg) return fn(pg.db);
  const db = createDb({ pgliteDir: dataDir });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function cli(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    SMTP_URL: smtpUrl,
    LOG_LEVEL: "warn",
    SESSION_SECRET: "cli-test-secret-that-is-long-enough-0123456789",
    ...(pg ? { DATABASE_URL: pg.url as string } : { DATA_DIR: dataDir }),
  };
  const child = spawn(process.execPath, [BIN, "send-reset-emails", ...args], { cwd: ROOT, env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += String(c)));
  child.stderr.on("data", (c) => (stderr += String(c)));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

async function seed(n: number): Promise<CreatedLegacyUser[]> {
  return withDb(async (db) => {
    await migrateLatest(db);
    await db.raw("truncate auth0_reset_emails, auth0_reset_campaigns");
    if (!(await db.schema.hasTable("users"))) await createLegacyTable(db);
    await db("users").delete();
    const factory = new LegacyUserFactory(db);
    const users = [];
    for (let i = 0; i < n; i++) users.push(await factory.create());
    return users;
  });
}

beforeAll(async () => {
  smtp = new SmtpSink();
  smtpUrl = await smtp.start();
  dataDir = mkdtempSync(path.join(tmpdir(), "a0m-bulk-"));
  if (onPostgres) pg = await createTestDb();
});

afterAll(async () => {
  await smtp.stop();
  await pg?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  smtp.messages.length = 0;
  smtp.slowDown(0);
});

it("prints a dry run as one JSON document and sends nothing", async () => {
  await seed(3);
  const { done } = cli(["--dry-run", "--json", "--campaign", "dry"]);
  const r = await done;
  expect(r.code).toBe(0);
  const summary = JSON.parse(r.stdout);
  expect(summary).toMatchObject({ campaign: "dry", dry_run: true, selected: 3, sent: 0, failed: 0, skipped: 0 });
  expect(smtp.messages).toHaveLength(0);
});

it("rejects bad flags with exit code 2", async () => {
  for (const args of [["--limit", "0"], ["--rate", "fast"], ["--last-login-before", "yesterday"], ["--resend-after", "-1"]]) {
    const r = await cli(args).done;
    expect(r.code).toBe(2);
  }
});

it("resumes after SIGKILL with no user skipped and repeats only for sends cut off mid-flight", async () => {
  const users = await seed(40);
  smtp.slowDown(40);
  const first = cli(["--campaign", "killed", "--json", "--concurrency", "2", "--claim-timeout", "1"]);
  const until = Date.now() + 30000;
  while (smtp.messages.length < 8 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  expect(smtp.messages.length).toBeGreaterThanOrEqual(8);
  first.child.kill("SIGKILL");
  await first.done;
  await new Promise((r) => setTimeout(r, 200));
  const inFlight = await withDb(async (db) =>
    (await db("auth0_reset_emails").where({ status: "sending" }).select("email")).map((r: { email: string }) => r.email.toLowerCase()),
  );
  const deliveredBeforeKill = smtp.messages.length;
  expect(deliveredBeforeKill).toBeLessThan(40);

  smtp.slowDown(0);
  const second = await cli(["--campaign", "killed", "--json", "--claim-timeout", "1"]).done;
  expect(second.code).toBe(0);
  const summary = JSON.parse(second.stdout);
  expect(summary).toMatchObject({ campaign: "killed", selected: 40, sent: 40, failed: 0 });

  const perUser = new Map<string, number>();
  for (const m of smtp.messages) perUser.set(m.to, (perUser.get(m.to) ?? 0) + 1);
  for (const u of users) expect(perUser.get(u.email!.toLowerCase())).toBeGreaterThanOrEqual(1);
  for (const [address, count] of perUser) {
    expect(count).toBeLessThanOrEqual(2);
    // A second email only where the kill fell between SMTP's acceptance and the record.
    if (count === 2) expect(inFlight).toContain(address);
  }
}, 60000);

// Always on PostgreSQL (TEST_DATABASE_URL's, else the local one): PGlite is one process's database.
it("splits one campaign between two processes without double sends (PostgreSQL)", async () => {
  const own = pg;
  const mine = own ?? (await createTestDb({ postgres: true }));
  pg = mine;
  try {
    await splitsBetweenTwoProcesses();
  } finally {
    pg = own;
    if (mine !== own) await mine.cleanup();
  }
}, 60000);

async function splitsBetweenTwoProcesses(): Promise<void> {
  const users = await seed(60);
  smtp.slowDown(60);
  const a = cli(["--campaign", "pair", "--json", "--concurrency", "2"]);
  const b = cli(["--campaign", "pair", "--json", "--concurrency", "2"]);
  const [ra, rb] = await Promise.all([a.done, b.done]);
  expect(ra.code).toBe(0);
  expect(rb.code).toBe(0);
  const sa = JSON.parse(ra.stdout);
  const sb = JSON.parse(rb.stdout);
  expect(sa.sent_this_run + sb.sent_this_run).toBe(60);
  expect(sa.sent_this_run).toBeGreaterThan(0);
  expect(sb.sent_this_run).toBeGreaterThan(0);
  expect(smtp.messages).toHaveLength(60);
  expect(new Set(smtp.messages.map((m) => m.to))).toEqual(new Set(users.map((u) => u.email!.toLowerCase())));
}
