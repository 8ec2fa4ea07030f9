import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";

/** The latest bulk-import run's figures, as `migrate-status --json` shows them under `bulk_import`. */
export interface BulkImportRunStatus {
  /** The run's name, as `bulk-import` printed it (`run`) and as its files' external ids begin. */
  run_id: string;
  status: "running" | "finished";
  started_at: string;
  finished_at: string | null;
  /** Files recorded for the run (sent or not yet). */
  files: number;
  /** Users in files that reached Auth0 (a job id is known). */
  users_submitted: number;
  /** Users Auth0 inserted and the run linked. */
  users_imported: number;
  /** Users Auth0 refused (per-user errors) or whose link could not be made. */
  users_failed: number;
  /** Imported users whose password the safety net set at a login (import_repaired). */
  repaired: number;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : (v instanceof Date ? v : new Date(String(v))).toISOString());

/**
 * One statement over the bulk-import ledger for the newest run; null when there never was one.
 * Runs inside the status report's transaction (`db` may be that transaction).
 */
export async function lastBulkImport(db: Knex | Knex.Transaction): Promise<BulkImportRunStatus | null> {
  // One pass over the run's users (its files by index), every figure a FILTER aggregate.
  const result = await db.raw(`
    with run as (select id, name, status, created_at, finished_at from auth0_bulk_import_runs order by id desc limit 1)
    select run.name, run.status, run.created_at, run.finished_at,
      (select count(*) from auth0_bulk_import_files f where f.run_id = run.id) as files,
      count(u.legacy_user_id) filter (where f.job_id is not null) as users_submitted,
      count(u.legacy_user_id) filter (where u.outcome = 'inserted') as users_imported,
      count(u.legacy_user_id) filter (where u.outcome = 'failed') as users_failed,
      count(u.legacy_user_id) filter (where u.repaired_at is not null) as repaired
    from run
    left join auth0_bulk_import_files f on f.run_id = run.id
    left join auth0_bulk_import_users u on u.file_id = f.id
    group by run.id, run.name, run.status, run.created_at, run.finished_at`);
  const row = (result.rows as Array<Record<string, unknown>>)[0];
  if (!row) return null;
  return {
    run_id: String(row.name),
    status: row.status === "running" ? "running" : "finished",
    started_at: iso(row.created_at) ?? "",
    finished_at: iso(row.finished_at),
    files: toNumber(row.files),
    users_submitted: toNumber(row.users_submitted),
    users_imported: toNumber(row.users_imported),
    users_failed: toNumber(row.users_failed),
    repaired: toNumber(row.repaired),
  };
}
