import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";

/** A bulk-import run and its figures, read from the ledger. */
export interface BulkImportRunFigures {
  id: number;
  name: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Files recorded for the run (sent or not yet). */
  files: number;
  /** Users in the run's files. */
  users: number;
  /** Users in files that reached Auth0 (a job id is known). */
  usersSubmitted: number;
  inserted: number;
  failed: number;
  /** Imported users whose password the safety net set at a login (import_repaired). */
  repaired: number;
}

type Row = Record<string, unknown>;
const date = (v: unknown): Date => new Date(v as string | Date);

/**
 * The newest `limit` runs, newest first, each with its figures: one statement, one pass over
 * the runs' users (their files by index), every figure a FILTER aggregate. `db` may be a
 * transaction (the status report reads it inside its own).
 */
export async function latestBulkImportRuns(db: Knex | Knex.Transaction, limit: number): Promise<BulkImportRunFigures[]> {
  const result = await db.raw(
    `with latest as (select id, name, status, created_at, finished_at from auth0_bulk_import_runs order by id desc limit ?)
     select r.id, r.name, r.status, r.created_at, r.finished_at,
       (select count(*) from auth0_bulk_import_files f where f.run_id = r.id) as files,
       count(u.legacy_user_id) as users,
       count(u.legacy_user_id) filter (where f.job_id is not null) as users_submitted,
       count(u.legacy_user_id) filter (where u.outcome = 'inserted') as inserted,
       count(u.legacy_user_id) filter (where u.outcome = 'failed') as failed,
       count(u.legacy_user_id) filter (where u.repaired_at is not null) as repaired
     from latest r
     left join auth0_bulk_import_files f on f.run_id = r.id
     left join auth0_bulk_import_users u on u.file_id = f.id
     group by r.id, r.name, r.status, r.created_at, r.finished_at
     order by r.id desc`,
    [limit],
  );
  return (result.rows as Row[]).map((r) => ({
    id: toNumber(r.id),
    name: String(r.name),
    status: String(r.status),
    startedAt: date(r.created_at),
    finishedAt: r.finished_at ? date(r.finished_at) : null,
    files: toNumber(r.files),
    users: toNumber(r.users),
    usersSubmitted: toNumber(r.users_submitted),
    inserted: toNumber(r.inserted),
    failed: toNumber(r.failed),
    repaired: toNumber(r.repaired),
  }));
}
