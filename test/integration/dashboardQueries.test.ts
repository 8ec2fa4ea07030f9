import { migrateLatest } from "../../src/db/migrateLatest";
import { resolveLegacySchema } from "../../src/legacy/legacyPresets";
import { CampaignHistoryQuery } from "../../src/status/CampaignHistoryQuery";
import { MigrationsPerDayQuery } from "../../src/status/MigrationsPerDayQuery";
import { StuckUsersQuery } from "../../src/status/StuckUsersQuery";
import { createLegacyTable, LegacyUserFactory, type IdType } from "../support/legacyUsers";
import { MigrationFixtures } from "../support/migrationFixtures";
import { createTestDb, type TestDb } from "../support/testDb";

describe.each<IdType>(["integer", "uuid"])("dashboard queries with %s legacy ids", (idType) => {
  let t: TestDb;
  let users: LegacyUserFactory;
  let fixtures: MigrationFixtures;
  const table = `users_${idType}`;
  const schema = resolveLegacySchema("default", { table });

  beforeAll(async () => {
    t = await createTestDb();
    await migrateLatest(t.db);
    await createLegacyTable(t.db, table, idType);
    users = new LegacyUserFactory(t.db, table);
    fixtures = new MigrationFixtures(t.db);
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it("pages one stuck state, latest attempt first, marking users deactivated or deleted since", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const u = await users.create();
      await fixtures.attempted(u.id, "pending");
      // Attempt i was i hours ago: the expected order is the creation order.
      await t.db("auth0_migration_state").where({ legacy_user_id: u.id }).update({ last_attempt_at: t.db.raw("now() - (? * interval '1 hour')", [i]) });
      ids.push(u.id);
    }
    const other = await users.create();
    await fixtures.attempted(other.id, "conflict");
    await t.db(table).where({ id: ids[1] }).update({ is_active: false });
    await t.db(table).where({ id: ids[2] }).delete();

    const query = new StuckUsersQuery(t.db, schema);
    const first = await query.page("pending", 1, 3);
    const last = await query.page("pending", 3, 3);
    expect(first.total).toBe(7);
    expect(first.users.map((u) => u.legacyUserId)).toEqual(ids.slice(0, 3));
    expect(last.users.map((u) => u.legacyUserId)).toEqual(ids.slice(6));
    expect(first.users.map((u) => [u.active, u.username === null])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(first.users[0]).toMatchObject({ reason: "auth0_unavailable", attempts: 1 });
    expect(first.users[0]!.lastAttemptAt!.getTime()).toBeGreaterThan(first.users[1]!.lastAttemptAt!.getTime());
    expect((await query.page("pending", 4, 3)).users).toEqual([]);
    expect((await query.page("conflict", 1, 3)).users.map((u) => u.legacyUserId)).toEqual([other.id]);
  });

  it("counts links per UTC day over the last N days, zero-filled, against a plain GROUP BY", async () => {
    for (const daysAgo of [0, 0, 1, 5, 5, 5, 29, 30, 45]) await fixtures.migrated((await users.create()).id, "login", daysAgo);
    const days = await new MigrationsPerDayQuery(t.db).lastDays(30);
    expect(days).toHaveLength(30);
    const rows = (
      await t.db.raw(
        `select to_char((migrated_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, count(*)::int as n from auth0_links group by 1`,
      )
    ).rows as Array<{ day: string; n: number }>;
    const expected = new Map(rows.map((r) => [r.day, Number(r.n)]));
    for (const d of days) expect([d.day, d.count]).toEqual([d.day, expected.get(d.day) ?? 0]);
    // Today by the database's clock, as the query reads it (no race with this process's clock at midnight).
    const today = (await t.db.raw("select to_char((now() at time zone 'UTC')::date, 'YYYY-MM-DD') as d")).rows[0].d as string;
    expect(days[days.length - 1]!.day).toBe(today);
    // 30 and 45 days ago fall outside; the other seven (and the pending test's none) inside.
    expect(days.reduce((s, d) => s + d.count, 0)).toBe(7);
  });

  it("lists campaigns newest first with their email counts", async () => {
    const [a] = await t.db("auth0_reset_campaigns").insert({ name: "older", created_by: "ops", created_at: t.db.raw("now() - interval '2 days'") }).returning("id");
    const [b] = await t.db("auth0_reset_campaigns").insert({ name: "newer" }).returning("id");
    const emails = (campaign: unknown, statuses: string[]) =>
      t.db("auth0_reset_emails").insert(statuses.map((status, i) => ({ campaign_id: (campaign as { id: number }).id, legacy_user_id: `u${i}`, email: `u${i}@example.com`, status })));
    await emails(a, ["sent", "sent", "failed", "skipped"]);
    await emails(b, ["queued", "sending", "sent"]);
    const history = await new CampaignHistoryQuery(t.db).latest(10);
    expect(history.map((c) => [c.name, c.createdBy, c.selected, c.sent, c.failed, c.skipped, c.waiting])).toEqual([
      ["newer", null, 3, 1, 0, 0, 2],
      ["older", "ops", 4, 2, 1, 1, 0],
    ]);
    expect((await new CampaignHistoryQuery(t.db).latest(1)).map((c) => c.name)).toEqual(["newer"]);
  });
});
