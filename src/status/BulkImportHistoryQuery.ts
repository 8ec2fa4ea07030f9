import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";
import { latestBulkImportRuns, type BulkImportRunFigures } from "./latestBulkImportRuns";
import { StatusQueryError, statusQueryReason } from "./StatusQueryError";

/** A run as /admin lists it: the figures `migrate-status` shows of the newest run (users submitted aside). */
export type BulkImportRunEntry = Omit<BulkImportRunFigures, "usersSubmitted">;

export interface BulkImportFileEntry {
  id: number;
  runId: number;
  externalId: string;
  status: string;
  jobId: string | null;
  users: number;
  bytes: number;
  attempts: number;
  inserted: number;
  failed: number;
  /** Users whose outcome is not read yet (job running, or its data gone: status unknown). */
  open: number;
  error: string | null;
}

export interface BulkImportErrorEntry {
  legacyUserId: string;
  email: string;
  errorCode: string | null;
  fileExternalId: string;
  runName: string;
}

export interface BulkImportRepairEntry {
  legacyUserId: string;
  auth0UserId: string;
  email: string;
  repairedAt: Date;
}

export interface BulkImportOverview {
  runs: BulkImportRunEntry[];
  /** Files of the runs shown, newest first, at most `filesPerRun` each. */
  files: BulkImportFileEntry[];
  /** Users Auth0 refused, every run, newest file first: one page. */
  errors: { page: number; pageSize: number; total: number; users: BulkImportErrorEntry[] };
  /** Users the safety net repaired at a login (import_repaired), newest first. */
  repairs: { total: number; latest: BulkImportRepairEntry[] };
}

export interface BulkImportOverviewRequest {
  runs: number;
  filesPerRun: number;
  errorsPage: number;
  pageSize: number;
  repairs: number;
}

export interface BulkImportHistorySource {
  overview(req: BulkImportOverviewRequest): Promise<BulkImportOverview>;
}

type Row = Record<string, unknown>;
const date = (v: unknown): Date => new Date(v as string | Date);
const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** What /admin shows of bulk-import: the latest runs, their files, per-user errors (paged), repairs. */
export class BulkImportHistoryQuery implements BulkImportHistorySource {
  constructor(private readonly db: Knex) {}

  async overview(req: BulkImportOverviewRequest): Promise<BulkImportOverview> {
    try {
      const [runs, files, errorTotal, errors, repairTotal, repairs] = await Promise.all([
        this.runs(req.runs),
        this.files(req.runs, req.filesPerRun),
        this.db("auth0_bulk_import_users").where({ outcome: "failed" }).count({ n: "*" }).first(),
        this.errors(req.errorsPage, req.pageSize),
        this.db("auth0_bulk_import_users").whereNotNull("repaired_at").count({ n: "*" }).first(),
        this.db("auth0_bulk_import_users").whereNotNull("repaired_at").orderBy([{ column: "repaired_at", order: "desc" }, "legacy_user_id"]).limit(req.repairs),
      ]);
      return {
        runs,
        files,
        errors: { page: req.errorsPage, pageSize: req.pageSize, total: toNumber(errorTotal?.n), users: errors },
        repairs: {
          total: toNumber(repairTotal?.n),
          latest: (repairs as Row[]).map((r) => ({
            legacyUserId: String(r.legacy_user_id),
            auth0UserId: String(r.auth0_user_id),
            email: String(r.email),
            repairedAt: date(r.repaired_at),
          })),
        },
      };
    } catch (err) {
      throw new StatusQueryError(statusQueryReason(err, "auth0_bulk_import_runs"), err);
    }
  }

  private async runs(limit: number): Promise<BulkImportRunEntry[]> {
    return (await latestBulkImportRuns(this.db, limit)).map(({ usersSubmitted: _submitted, ...run }) => run);
  }

  private async files(runs: number, perRun: number): Promise<BulkImportFileEntry[]> {
    const result = await this.db.raw(
      `with latest as (select id from auth0_bulk_import_runs order by id desc limit ?),
       ranked as (
         select f.*, row_number() over (partition by f.run_id order by f.id desc) as n
         from auth0_bulk_import_files f where f.run_id in (select id from latest)
       )
       select f.id, f.run_id, f.external_id, f.status, f.job_id, f.users, f.bytes, f.attempts, f.error,
         count(*) filter (where u.outcome = 'inserted') as inserted,
         count(*) filter (where u.outcome = 'failed') as failed,
         count(u.legacy_user_id) filter (where u.outcome is null) as open
       from ranked f left join auth0_bulk_import_users u on u.file_id = f.id
       where f.n <= ?
       group by f.id, f.run_id, f.external_id, f.status, f.job_id, f.users, f.bytes, f.attempts, f.error
       order by f.run_id desc, f.id desc`,
      [runs, perRun],
    );
    return (result.rows as Row[]).map((r) => ({
      id: toNumber(r.id),
      runId: toNumber(r.run_id),
      externalId: String(r.external_id),
      status: String(r.status),
      jobId: text(r.job_id),
      users: toNumber(r.users),
      bytes: toNumber(r.bytes),
      attempts: toNumber(r.attempts),
      inserted: toNumber(r.inserted),
      failed: toNumber(r.failed),
      open: toNumber(r.open),
      error: text(r.error),
    }));
  }

  private async errors(page: number, pageSize: number): Promise<BulkImportErrorEntry[]> {
    const rows = (await this.db("auth0_bulk_import_users as u")
      .join("auth0_bulk_import_files as f", "f.id", "u.file_id")
      .join("auth0_bulk_import_runs as r", "r.id", "f.run_id")
      .where("u.outcome", "failed")
      .orderBy([{ column: "f.id", order: "desc" }, "u.legacy_user_id"])
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .select("u.legacy_user_id", "u.email", "u.error_code", "f.external_id", "r.name")) as Row[];
    return rows.map((r) => ({
      legacyUserId: String(r.legacy_user_id),
      email: String(r.email),
      errorCode: text(r.error_code),
      fileExternalId: String(r.external_id),
      runName: String(r.name),
    }));
  }
}
