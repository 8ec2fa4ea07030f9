import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";
import type { LegacySchema } from "../legacy/legacyPresets";
import { lastBulkImport, type BulkImportRunStatus } from "./LastBulkImportQuery";
import { MIGRATION_METHODS, type StatusReport } from "./StatusReport";
import { StatusQueryError, statusQueryReason } from "./StatusQueryError";

/** Something that reports where the migration stands (the CLI and the admin API share one). */
export interface StatusSource {
  report(): Promise<StatusReport>;
}

/**
 * The whole report in one statement: one sequential pass over the legacy table, hash-joined
 * to the service's own tables, every figure a FILTER aggregate. No per-user round trips: about
 * 0.7 s on a million legacy users in PostgreSQL (docs/BENCHMARKS.md), the joins being the cost.
 */
export class MigrationStatusQuery implements StatusSource {
  constructor(
    private readonly db: Knex,
    private readonly schema: LegacySchema,
  ) {}

  async report(): Promise<StatusReport> {
    let row: Record<string, unknown> | undefined;
    let bulkImport: BulkImportRunStatus | null = null;
    try {
      row = await this.db.transaction(async (trx) => {
        // JIT compiles this one-off aggregate for longer than it saves (~0.1 s on a million rows).
        await trx.raw("set local jit = off");
        const result = await trx.raw(this.sql(), this.bindings());
        bulkImport = await lastBulkImport(trx);
        return (result.rows as Array<Record<string, unknown>>)[0];
      });
    } catch (err) {
      throw new StatusQueryError(statusQueryReason(err, this.schema.table), err);
    }
    if (!row) throw new StatusQueryError("the status query returned no row", undefined);
    return toReport(row, bulkImport);
  }

  private bindings(): string[] {
    const c = this.schema.columns;
    return c.isActive ? [c.id, c.isActive, this.schema.table] : [c.id, this.schema.table];
  }

  private sql(): string {
    // Legacy ids may be integers or uuids; the service stores them as text.
    const active = this.schema.columns.isActive ? "coalesce(??::boolean, false)" : "true";
    const methods = MIGRATION_METHODS.map((m) => `count(*) filter (where u.active and l.method = '${m}') as "by_${m}"`).join(",\n      ");
    const unmigrated = (state: string) =>
      `count(*) filter (where u.active and l.legacy_user_id is null and s.state = '${state}') as "${state}"`;
    return `
      with emailed as (
        select distinct legacy_user_id from auth0_reset_emails where status = 'sent'
      ),
      -- Only the stuck states: a hash of these few rows is far cheaper than of every attempt.
      unmigrated as (
        select legacy_user_id, state from auth0_migration_state where state <> 'migrated'
      )
      select
        count(*) as total_users,
        count(*) filter (where u.active) as active_users,
        count(*) filter (where u.active and l.legacy_user_id is not null) as migrated_users,
        count(*) filter (where not u.active and l.legacy_user_id is not null) as migrated_inactive,
        ${methods},
        ${unmigrated("pending")},
        ${unmigrated("conflict")},
        ${unmigrated("weak_password")},
        ${unmigrated("no_email")},
        count(*) filter (where u.active and l.legacy_user_id is null and e.legacy_user_id is not null) as emailed_unmigrated,
        count(*) filter (where u.active and l.migrated_at > now() - interval '24 hours') as migrated_last_24h,
        count(*) filter (where u.active and l.migrated_at > now() - interval '7 days') as migrated_last_7d,
        now() as generated_at
      from (select ??::text as id, ${active} as active from ??) u
      left join auth0_links l on l.legacy_user_id = u.id
      left join unmigrated s on s.legacy_user_id = u.id
      left join emailed e on e.legacy_user_id = u.id`;
  }
}

function toReport(row: Record<string, unknown>, bulkImport: BulkImportRunStatus | null): StatusReport {
  const n = (key: string): number => toNumber(row[key]);
  const active = n("active_users");
  const migrated = n("migrated_users");
  const pending = n("pending");
  const conflict = n("conflict");
  const weak = n("weak_password");
  const noEmail = n("no_email");
  const remaining = active - migrated;
  const last7d = n("migrated_last_7d");
  const generatedAt = row.generated_at instanceof Date ? row.generated_at : new Date(String(row.generated_at));
  return {
    total_users: n("total_users"),
    active_users: active,
    migrated_users: migrated,
    migrated_percent: active === 0 ? 0 : Math.round((migrated / active) * 10000) / 100,
    by_method: Object.fromEntries(MIGRATION_METHODS.map((m) => [m, n(`by_${m}`)])) as StatusReport["by_method"],
    pending,
    conflict,
    weak_password: weak,
    no_email: noEmail,
    not_started: remaining - pending - conflict - weak - noEmail,
    emailed_unmigrated: n("emailed_unmigrated"),
    migrated_inactive: n("migrated_inactive"),
    migrated_last_24h: n("migrated_last_24h"),
    migrated_last_7d: last7d,
    remaining_users: remaining,
    eta_days: etaDays(remaining, last7d),
    bulk_import: bulkImport,
    generated_at: generatedAt.toISOString(),
  };
}

/** Days to migrate `remaining` users at the last week's pace; null when nobody migrated this week. */
export function etaDays(remaining: number, migratedLast7d: number): number | null {
  if (remaining <= 0) return 0;
  if (migratedLast7d <= 0) return null;
  return Math.round((remaining / (migratedLast7d / 7)) * 10) / 10;
}
