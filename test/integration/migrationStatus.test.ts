import type { Knex } from "knex";
import { migrateLatest } from "../../src/db/migrateLatest";
import type { LegacyPresetName } from "../../src/config";
import { resolveLegacySchema } from "../../src/legacy/legacyPresets";
import { MigrationStatusQuery } from "../../src/status/MigrationStatusQuery";
import type { StatusReport } from "../../src/status/StatusReport";
import { StatusQueryError } from "../../src/status/StatusQueryError";
import { BulkImportFixtures } from "../support/bulkImportFixtures";
import { createLegacyTable, LegacyUserFactory, type IdType } from "../support/legacyUsers";
import { MigrationFixtures } from "../support/migrationFixtures";
import { createTestDb, type TestDb } from "../support/testDb";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await migrateLatest(t.db);
});

afterAll(async () => {
  await t.cleanup();
});

/**
 * The same figures computed the plain way: one subquery per number, NOT EXISTS / IN instead
 * of the report's joins and FILTER aggregates, so a mistake in one is not repeated in the other.
 */
async function independentCounts(db: Knex, table: string): Promise<Record<string, number>> {
  const linked = "u.id::text in (select legacy_user_id from auth0_links)";
  const unlinked = "u.id::text not in (select legacy_user_id from auth0_links)";
  const state = (s: string) => `exists (select 1 from auth0_migration_state s where s.legacy_user_id = u.id::text and s.state = '${s}')`;
  const since = (interval: string) =>
    `u.id::text in (select legacy_user_id from auth0_links where migrated_at > now() - interval '${interval}')`;
  const method = (m: string) => `u.id::text in (select legacy_user_id from auth0_links where method = '${m}')`;
  const q: Record<string, string> = {
    total_users: "true",
    active_users: "u.is_active",
    migrated_users: `u.is_active and ${linked}`,
    migrated_inactive: `not u.is_active and ${linked}`,
    login: `u.is_active and ${method("login")}`,
    linked_existing: `u.is_active and ${method("linked_existing")}`,
    password_reset: `u.is_active and ${method("password_reset")}`,
    reconcile: `u.is_active and ${method("reconcile")}`,
    password_change: `u.is_active and ${method("password_change")}`,
    bulk_import: `u.is_active and ${method("bulk_import")}`,
    linked_by_email_proof: `u.is_active and ${method("linked_by_email_proof")}`,
    email_added: `u.is_active and ${method("email_added")}`,
    pending: `u.is_active and ${unlinked} and ${state("pending")}`,
    conflict: `u.is_active and ${unlinked} and ${state("conflict")}`,
    weak_password: `u.is_active and ${unlinked} and ${state("weak_password")}`,
    no_email: `u.is_active and ${unlinked} and ${state("no_email")}`,
    emailed_unmigrated: `u.is_active and ${unlinked} and u.id::text in (select legacy_user_id from auth0_reset_emails where status = 'sent')`,
    migrated_last_24h: `u.is_active and ${since("24 hours")}`,
    migrated_last_7d: `u.is_active and ${since("7 days")}`,
  };
  const out: Record<string, number> = {};
  for (const [key, where] of Object.entries(q)) {
    const r = await db.raw(`select count(*)::int as n from ?? u where ${where}`, [table]);
    out[key] = Number(r.rows[0].n);
  }
  return out;
}

function flatten(r: StatusReport): Record<string, number> {
  return {
    total_users: r.total_users,
    active_users: r.active_users,
    migrated_users: r.migrated_users,
    migrated_inactive: r.migrated_inactive,
    ...r.by_method,
    pending: r.pending,
    conflict: r.conflict,
    weak_password: r.weak_password,
    no_email: r.no_email,
    emailed_unmigrated: r.emailed_unmigrated,
    migrated_last_24h: r.migrated_last_24h,
    migrated_last_7d: r.migrated_last_7d,
  };
}

describe.each<[string, LegacyPresetName, string, IdType]>([
  ["default preset, integer ids", "default", "users", "integer"],
  ["django preset (auth_user), uuid ids", "django", "auth_user", "uuid"],
])("migrate-status figures, %s", (_name, preset, table, idType) => {
  let report: StatusReport;
  let fixturesStartedAt: number;

  beforeAll(async () => {
    await createLegacyTable(t.db, table, idType);
    const users = new LegacyUserFactory(t.db, table);
    const m = new MigrationFixtures(t.db);
    fixturesStartedAt = Date.now();
    const user = async (spec: { email?: string | null; isActive?: boolean } = {}) => (await users.create(spec)).id;

    // Migrated, active: 4 by login (one 2 days ago, one 10 days ago, one emailed before), one by each other method.
    await m.migrated(await user(), "login");
    await m.migrated(await user(), "login", 2);
    await m.migrated(await user(), "login", 10);
    const emailedThenMigrated = await user();
    await m.emailed(emailedThenMigrated);
    await m.migrated(emailedThenMigrated, "login");
    await m.migrated(await user(), "linked_existing");
    await m.migrated(await user(), "password_reset");
    await m.migrated(await user(), "reconcile");
    // Not migrated, active: each outcome; one pending and one never-tried user emailed, one email that failed.
    await m.attempted(await user(), "pending");
    const pendingEmailed = await user();
    await m.attempted(pendingEmailed, "pending");
    await m.emailed(pendingEmailed);
    await m.attempted(await user(), "conflict");
    await m.attempted(await user(), "weak_password");
    await m.attempted(await user({ email: null }), "no_email");
    await user();
    await m.emailed(await user());
    await m.emailed(await user(), "failed");
    // Migrated then deactivated: in total only (and migrated_inactive). Deactivated and pending: in total only.
    const deactivated = await user();
    await m.migrated(deactivated, "login");
    await t.db(table).where({ id: deactivated }).update({ is_active: false });
    const inactivePending = await user({ isActive: false });
    await m.attempted(inactivePending, "pending");
    // Linked, then deleted from the legacy table: counts nowhere.
    const deleted = await user();
    await m.migrated(deleted, "login");
    await m.emailed(deleted);
    await t.db(table).where({ id: deleted }).delete();

    report = await new MigrationStatusQuery(t.db, resolveLegacySchema(preset, { table })).report();
  });

  it("counts every fixture where it belongs", () => {
    expect(report).toMatchObject({
      total_users: 17,
      active_users: 15,
      migrated_users: 7,
      migrated_percent: 46.67,
      by_method: { login: 4, linked_existing: 1, password_reset: 1, reconcile: 1, bulk_import: 0 },
      pending: 2,
      conflict: 1,
      weak_password: 1,
      no_email: 1,
      not_started: 3,
      emailed_unmigrated: 2,
      migrated_inactive: 1,
      migrated_last_24h: 5,
      migrated_last_7d: 6,
      remaining_users: 8,
      // 8 left at 6 per 7 days.
      eta_days: 9.3,
      // No bulk-import run yet.
      bulk_import: null,
    });
  });

  it("agrees with independent plain SQL on every number", async () => {
    expect(flatten(report)).toEqual(await independentCounts(t.db, table));
  });

  it("partitions the active users and stamps the database's time", () => {
    const r = report;
    expect(r.migrated_users + r.pending + r.conflict + r.weak_password + r.no_email + r.not_started).toBe(r.active_users);
    const at = Date.parse(r.generated_at);
    expect(at).toBeGreaterThanOrEqual(fixturesStartedAt - 60_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it("counts users added after the fact as not started, and a later migration at once", async () => {
    const users = new LegacyUserFactory(t.db, table);
    const m = new MigrationFixtures(t.db);
    const query = new MigrationStatusQuery(t.db, resolveLegacySchema(preset, { table }));
    const late = await users.create();
    const after = await query.report();
    expect(after).toMatchObject({ total_users: 18, active_users: 16, migrated_users: 7, not_started: 4, remaining_users: 9 });
    await m.migrated(late.id, "password_reset");
    const migrated = await query.report();
    expect(migrated).toMatchObject({ migrated_users: 8, not_started: 3, by_method: { password_reset: 2 }, migrated_last_24h: 6 });
    expect(flatten(migrated)).toEqual(await independentCounts(t.db, table));
  });
});

describe("migrate-status on other shapes", () => {
  it("treats every user as active when the schema has no is_active column", async () => {
    // uuid ids: the service's tables are shared with the tables above, whose integer ids would collide.
    await createLegacyTable(t.db, "no_active_users", "uuid");
    const users = new LegacyUserFactory(t.db, "no_active_users");
    const m = new MigrationFixtures(t.db);
    await users.create({ isActive: false });
    const u = await users.create();
    await m.migrated(u.id, "login");
    const schema = resolveLegacySchema("default", { table: "no_active_users", columns: { is_active: "" } });
    const r = await new MigrationStatusQuery(t.db, schema).report();
    expect(r).toMatchObject({ total_users: 2, active_users: 2, migrated_users: 1, migrated_percent: 50, not_started: 1 });
  });

  it("reports zeros, not NaN, on an empty table, and no ETA needed", async () => {
    await createLegacyTable(t.db, "empty_users");
    const r = await new MigrationStatusQuery(t.db, resolveLegacySchema("default", { table: "empty_users" })).report();
    expect(r).toMatchObject({ total_users: 0, active_users: 0, migrated_users: 0, migrated_percent: 0, remaining_users: 0, eta_days: 0 });
  });

  it("fails with a typed error naming the missing table", async () => {
    const query = new MigrationStatusQuery(t.db, resolveLegacySchema("default", { table: "no_such_users" }));
    const err = await query.report().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StatusQueryError);
    expect((err as StatusQueryError).status).toBe(503);
    expect((err as StatusQueryError).reason).toContain("no_such_users");
    expect((err as StatusQueryError).cause).toBeDefined();
  });
});

describe("migrate-status and the last bulk-import run", () => {
  it("reports the newest run's files and users, counting repairs, and the imported users under by_method", async () => {
    await createLegacyTable(t.db, "bulk_users", "uuid");
    const users = new LegacyUserFactory(t.db, "bulk_users");
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await users.create()).id);
    const [a, b, c, d, e, f, g] = ids as [string, string, string, string, string, string, string];
    const runs = new BulkImportFixtures(t.db);
    // An older run: not the one shown.
    await runs.run([{ status: "completed", jobId: "job_old", inserted: [a] }]);
    const latest = await runs.run(
      [
        { status: "completed", jobId: "job_1", inserted: [b, c], failed: { [d]: "CONFLICT_EMAIL" } },
        { status: "unknown", jobId: "job_2", open: [e] },
        { status: "prepared", open: [f, g] },
      ],
      { finished: false },
    );
    await runs.repaired(c);
    const r = await new MigrationStatusQuery(t.db, resolveLegacySchema("default", { table: "bulk_users" })).report();
    expect(r.by_method.bulk_import).toBe(3);
    expect(r.bulk_import).toEqual({
      run_id: latest.name,
      status: "running",
      started_at: expect.any(String),
      finished_at: null,
      files: 3,
      users_submitted: 4,
      users_imported: 2,
      users_failed: 1,
      repaired: 1,
    });
    expect(Date.parse(r.bulk_import?.started_at ?? "")).not.toBeNaN();
  });
});
