import { createLegacyTable, LegacyUserFactory } from "../support/legacyUsers";
import { MigrationFixtures } from "../support/migrationFixtures";
import { createSharedTestDb, runCli, runCliLoadedModules, type SharedTestDb } from "../support/runCli";
import { migrateLatest } from "../../src/db/migrateLatest";

let shared: SharedTestDb;
let env: Record<string, string>;

beforeAll(async () => {
  shared = await createSharedTestDb();
  const db = shared.testDb.db;
  await migrateLatest(db);
  await createLegacyTable(db, "members");
  const users = new LegacyUserFactory(db, "members");
  const m = new MigrationFixtures(db);
  for (const daysAgo of [0, 3, 10]) await m.migrated((await users.create()).id, "login", daysAgo);
  await m.migrated((await users.create()).id, "password_reset");
  await m.attempted((await users.create()).id, "conflict");
  await m.attempted((await users.create()).id, "weak_password");
  await users.create();
  await users.create({ isActive: false });
  await shared.releaseForChild();
  env = { ...shared.childEnv, LEGACY_TABLE: "members" };
}, 60000);

afterAll(async () => {
  await shared.testDb.cleanup();
});

describe("auth0-migrate migrate-status", () => {
  it("--json prints one JSON document and nothing else on stdout", async () => {
    const r = await runCli(["migrate-status", "--json"], { ...env, LOG_LEVEL: "info" });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      total_users: 8,
      active_users: 7,
      migrated_users: 4,
      migrated_percent: 57.14,
      by_method: { login: 3, linked_existing: 0, password_reset: 1, reconcile: 0, bulk_import: 0 },
      pending: 0,
      conflict: 1,
      weak_password: 1,
      no_email: 0,
      emailed_unmigrated: 0,
      migrated_last_24h: 2,
      migrated_last_7d: 3,
    });
    expect(typeof report.generated_at).toBe("string");
  }, 60000);

  it("loads the database and its own code, not the web app, Auth0, mail or the hashers", async () => {
    const { result, packages, files } = await runCliLoadedModules(["migrate-status", "--json"], env);
    expect(result.code).toBe(0);
    expect(packages).toContain("knex");
    // PGlite (WebAssembly Postgres) only when the data is in PGlite.
    expect(packages.includes("@electric-sql/pglite")).toBe(shared.testDb.kind === "pglite");
    for (const heavy of ["koa", "@koa/router", "auth0", "nodemailer", "bcryptjs", "hash-wasm", "cli-progress"]) expect(packages).not.toContain(heavy);
    expect(files).not.toContain("dist/src/app.js");
    expect(files.filter((f) => f.startsWith("dist/src/legacy/hashers/"))).toEqual(["dist/src/legacy/hashers/writableHashFormats.js"]);
  }, 60000);

  it("prints a readable table with the figures and an ETA", async () => {
    const r = await runCli(["migrate-status"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^legacy users\s+8$/m);
    expect(r.stdout).toMatch(/^active users\s+7$/m);
    expect(r.stdout).toMatch(/^migrated\s+4\s+\(57\.14 % of active\)$/m);
    expect(r.stdout).toMatch(/^\s+conflict.*\s1\s+\(33\.3 %\)$/m);
    expect(r.stdout).toMatch(/^migrated in the last 7 days\s+3$/m);
    // 3 left at 3 per 7 days.
    expect(r.stdout).toMatch(/^ETA for the active remainder\s+about 7 days/m);
  }, 60000);

  it("exits 1 naming the table when the legacy table is missing", async () => {
    const r = await runCli(["migrate-status", "--json"], { ...env, LEGACY_TABLE: "no_such_table" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no_such_table");
    expect(r.stderr).not.toMatch(/select/i);
  }, 60000);

  it("exits 2 on an invalid ADMIN_USERS, naming it", async () => {
    const r = await runCli(["migrate-status"], { ...env, ADMIN_USERS: " , ," });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ADMIN_USERS");
  });
});
