import type { Knex } from "knex";
import { latestBulkImportRuns } from "./latestBulkImportRuns";

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

/**
 * The newest run (the figures /admin shows of its runs); null when there never was one.
 * Runs inside the status report's transaction (`db` may be that transaction).
 */
export async function lastBulkImport(db: Knex | Knex.Transaction): Promise<BulkImportRunStatus | null> {
  const [run] = await latestBulkImportRuns(db, 1);
  if (!run) return null;
  return {
    run_id: run.name,
    status: run.status === "running" ? "running" : "finished",
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt ? run.finishedAt.toISOString() : null,
    files: run.files,
    users_submitted: run.usersSubmitted,
    users_imported: run.inserted,
    users_failed: run.failed,
    repaired: run.repaired,
  };
}
