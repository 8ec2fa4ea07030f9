import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";
import type { FileEntry } from "./ImportFileBuilder";

export interface RunRow {
  id: number;
  name: string;
}

export type FileStatus = "prepared" | "submitting" | "submitted" | "completed" | "failed" | "unknown";

export interface FileRow {
  id: number;
  externalId: string;
  status: FileStatus;
  jobId: string | null;
}

export interface FileUser {
  legacyUserId: string;
  auth0UserId: string;
  email: string;
}

/**
 * Outcomes of our own making, not Auth0's verdict on the user: the job failed as a whole, Auth0
 * said inserted but the user was not there, the user was not eligible when the file was sent
 * again. A later run sends such users again; any other outcome stands (a conflict is someone
 * else's account; an error Auth0 gave for the user would repeat).
 */
export const RETRYABLE_IMPORT_CODES = ["JOB_FAILED", "NOT_FOUND_AFTER_IMPORT", "NO_LONGER_ELIGIBLE"];

/** A user of a file sent again, as sent this time. */
export interface ResentUser {
  legacyUserId: string;
  fingerprint: string;
  email: string;
}

/** Who holds a run: this process, or another one (and until when). */
export type RunClaim = { kind: "mine"; run: RunRow } | { kind: "busy"; owner: string; leaseUntil: Date };

/** The bulk-import ledger (auth0_bulk_import_*): runs, files recorded before they are sent, and their users. */
export class BulkImportStore {
  constructor(private readonly db: Knex) {}

  /**
   * Takes the running run (or starts one): at most one is running (a unique index), held by a
   * lease. Another owner's live lease -> busy; an expired one, or `ownerGone`, is taken over.
   */
  async claimRun(owner: string, leaseMs: number, ownerGone: (owner: string) => boolean): Promise<RunClaim> {
    const lease = this.db.raw("now() + (? * interval '1 millisecond')", [leaseMs]);
    for (let attempt = 0; attempt < 3; attempt++) {
      const running = await this.db("auth0_bulk_import_runs").where({ status: "running" }).first();
      if (!running) {
        const name = `import-${new Date().toISOString().replace(/[:.]/g, "-")}`;
        const inserted = await this.db("auth0_bulk_import_runs")
          .insert({ name, status: "running", owner, lease_until: lease })
          .onConflict()
          .ignore()
          .returning(["id", "name"]);
        if (inserted.length === 1) return { kind: "mine", run: { id: Number(inserted[0].id), name: String(inserted[0].name) } };
        continue; // another process started one at the same moment: look again
      }
      const mine = running.owner === owner;
      const expired = running.lease_until === null || new Date(running.lease_until).getTime() < Date.now();
      if (!mine && !expired && !ownerGone(String(running.owner))) {
        return { kind: "busy", owner: String(running.owner), leaseUntil: new Date(running.lease_until) };
      }
      const taken = await this.db("auth0_bulk_import_runs")
        .where({ id: running.id, status: "running" })
        .andWhere((q) => q.where({ owner: running.owner }).orWhereNull("owner"))
        .update({ owner, lease_until: lease })
        .returning(["id", "name"]);
      if (taken.length === 1) return { kind: "mine", run: { id: Number(taken[0].id), name: String(taken[0].name) } };
    }
    throw new Error("could not claim the bulk-import run");
  }

  /** The run in progress (unfinished: killed, or still going), without claiming it; null when none. */
  async runningRun(): Promise<RunRow | null> {
    const row = await this.db("auth0_bulk_import_runs").where({ status: "running" }).first();
    return row ? { id: Number(row.id), name: String(row.name) } : null;
  }

  /** Renews the lease; false when another process took the run over. */
  async renewLease(run: RunRow, owner: string, leaseMs: number): Promise<boolean> {
    const n = await this.db("auth0_bulk_import_runs")
      .where({ id: run.id, owner, status: "running" })
      .update({ lease_until: this.db.raw("now() + (? * interval '1 millisecond')", [leaseMs]) });
    return toNumber(n) === 1;
  }

  async finishRun(run: RunRow, summary: unknown): Promise<void> {
    await this.db("auth0_bulk_import_runs").where({ id: run.id }).update({ status: "finished", finished_at: this.db.fn.now(), summary: JSON.stringify(summary), lease_until: null });
  }

  /**
   * Records a file and its users in one transaction, before anything is sent. Users already in
   * another file (a concurrent writer) are left out; returns null when none is left.
   */
  async recordFile(run: RunRow, entries: FileEntry[], bytes: number): Promise<{ file: FileRow; users: FileEntry[] } | null> {
    return this.db.transaction(async (trx) => {
      const [row] = await trx("auth0_bulk_import_files").insert({ run_id: run.id, users: entries.length, bytes, status: "prepared" }).returning("id");
      const fileId = Number((row as { id: number }).id);
      const externalId = `${run.name}-file-${fileId}`;
      await trx("auth0_bulk_import_files").where({ id: fileId }).update({ external_id: externalId });
      const inserted = await trx("auth0_bulk_import_users")
        .insert(
          entries.map((e) => ({
            legacy_user_id: e.legacyId,
            file_id: fileId,
            auth0_user_id: e.auth0UserId,
            email: e.email,
            format: e.format,
            fingerprint: e.fingerprint,
          })),
        )
        .onConflict("legacy_user_id")
        // A user whose earlier import failed for a reason of our own (RETRYABLE_IMPORT_CODES)
        // moves into this file; any other user already in a file is left out.
        .merge({
          file_id: trx.raw("excluded.file_id"),
          auth0_user_id: trx.raw("excluded.auth0_user_id"),
          email: trx.raw("excluded.email"),
          format: trx.raw("excluded.format"),
          fingerprint: trx.raw("excluded.fingerprint"),
          outcome: null,
          error_code: null,
        })
        .where("auth0_bulk_import_users.outcome", "failed")
        .whereIn("auth0_bulk_import_users.error_code", RETRYABLE_IMPORT_CODES)
        .returning("legacy_user_id");
      const kept = new Set(inserted.map((r: { legacy_user_id: string }) => String(r.legacy_user_id)));
      const users = entries.filter((e) => kept.has(e.legacyId));
      if (users.length === 0) {
        await trx("auth0_bulk_import_files").where({ id: fileId }).delete();
        return null;
      }
      if (users.length !== entries.length) await trx("auth0_bulk_import_files").where({ id: fileId }).update({ users: users.length });
      return { file: { id: fileId, externalId, status: "prepared" as const, jobId: null }, users };
    });
  }

  async markFile(fileId: number, patch: { status: FileStatus; jobId?: string; summary?: unknown; error?: string }): Promise<void> {
    const update: Record<string, unknown> = { status: patch.status };
    if (patch.jobId !== undefined) update.job_id = patch.jobId;
    if (patch.summary !== undefined) update.summary = JSON.stringify(patch.summary);
    if (patch.error !== undefined) update.error = patch.error;
    if (patch.status === "submitting") update.attempts = this.db.raw("attempts + 1");
    if (patch.status === "submitted") update.submitted_at = this.db.fn.now();
    if (patch.status === "completed" || patch.status === "failed") update.finished_at = this.db.fn.now();
    await this.db("auth0_bulk_import_files").where({ id: fileId }).update(update);
  }

  /** Files of a run not finished yet (a rerun resumes them before preparing new ones). */
  async unfinishedFiles(run: RunRow): Promise<FileRow[]> {
    const rows = await this.db("auth0_bulk_import_files").where({ run_id: run.id }).whereIn("status", ["prepared", "submitting", "submitted", "unknown"]).orderBy("id");
    return rows.map((r: Record<string, unknown>) => ({ id: Number(r.id), externalId: String(r.external_id), status: r.status as FileStatus, jobId: (r.job_id as string | null) ?? null }));
  }

  /** How many users of these files have no known outcome yet (what resuming them acts on). */
  async openUserCount(fileIds: number[]): Promise<number> {
    if (fileIds.length === 0) return 0;
    const row = await this.db("auth0_bulk_import_users").whereIn("file_id", fileIds).whereNull("outcome").count({ n: "*" }).first();
    return toNumber(row?.n);
  }

  /** The file's users whose outcome is not known yet. */
  async openUsers(fileId: number): Promise<FileUser[]> {
    const rows = await this.db("auth0_bulk_import_users").where({ file_id: fileId }).whereNull("outcome").orderBy("legacy_user_id");
    return rows.map((r: Record<string, unknown>) => ({ legacyUserId: String(r.legacy_user_id), auth0UserId: String(r.auth0_user_id), email: String(r.email) }));
  }

  async recordOutcome(legacyUserId: string, outcome: "inserted" | "failed", errorCode: string | null): Promise<void> {
    await this.db("auth0_bulk_import_users").where({ legacy_user_id: legacyUserId }).update({ outcome, error_code: errorCode });
  }

  /**
   * Links many imported users at once (method bulk_import) and marks them migrated and their
   * outcome inserted, in one transaction per chunk: a file of thousands costs a few queries.
   * A user whose link could not be made (its legacy or Auth0 id linked meanwhile) fails with
   * LINK_TAKEN. Returns how many were linked.
   */
  async linkInserted(users: FileUser[]): Promise<number> {
    let linked = 0;
    for (let i = 0; i < users.length; i += 1000) {
      const chunk = users.slice(i, i + 1000);
      linked += await this.db.transaction(async (trx) => {
        const inserted = await trx("auth0_links")
          .insert(chunk.map((u) => ({ legacy_user_id: u.legacyUserId, auth0_user_id: u.auth0UserId, auth0_login: u.email.toLowerCase(), method: "bulk_import" })))
          .onConflict()
          .ignore()
          .returning("legacy_user_id");
        const ids = inserted.map((r: { legacy_user_id: string }) => String(r.legacy_user_id));
        if (ids.length > 0) {
          await trx("auth0_migration_state")
            .insert(ids.map((id) => ({ legacy_user_id: id, state: "migrated", reason: null, attempts: 1, last_attempt_at: trx.fn.now(), claimed_until: null, updated_at: trx.fn.now() })))
            .onConflict("legacy_user_id")
            .merge({
              state: "migrated",
              reason: null,
              attempts: trx.raw("auth0_migration_state.attempts + 1"),
              last_attempt_at: trx.fn.now(),
              claimed_until: null,
              updated_at: trx.fn.now(),
            });
          await trx("auth0_bulk_import_users").whereIn("legacy_user_id", ids).update({ outcome: "inserted", error_code: null });
        }
        const taken = chunk.map((u) => u.legacyUserId).filter((id) => !ids.includes(id));
        if (taken.length > 0) await trx("auth0_bulk_import_users").whereIn("legacy_user_id", taken).update({ outcome: "failed", error_code: "LINK_TAKEN" });
        return ids.length;
      });
    }
    return linked;
  }

  /** Users sent again: what was sent this time (the legacy hash's fingerprint, the address), in one statement. */
  async updateResent(users: ResentUser[]): Promise<void> {
    if (users.length === 0) return;
    await this.db.raw(
      `update auth0_bulk_import_users as u set fingerprint = v.fingerprint, email = v.email
       from (select * from unnest(?::text[], ?::text[], ?::text[]) as t(legacy_user_id, fingerprint, email)) as v
       where u.legacy_user_id = v.legacy_user_id`,
      [users.map((u) => u.legacyUserId), users.map((u) => u.fingerprint), users.map((u) => u.email)],
    );
  }

  /** Users of this run's files linked by the import. */
  async linkedInRun(run: RunRow): Promise<number> {
    const row = await this.db("auth0_bulk_import_users as u")
      .join("auth0_bulk_import_files as f", "f.id", "u.file_id")
      .join("auth0_links as l", "l.legacy_user_id", "u.legacy_user_id")
      .where({ "f.run_id": run.id, "l.method": "bulk_import" })
      .count({ n: "*" })
      .first();
    return toNumber(row?.n);
  }

  /** Totals of a run, from the ledger. */
  async runTotals(run: RunRow): Promise<{ files: number; jobs: number; inserted: number; failed: number }> {
    const f = await this.db("auth0_bulk_import_files").where({ run_id: run.id }).select(this.db.raw("count(*) as files, count(job_id) as jobs")).first();
    const u = await this.db("auth0_bulk_import_users as u")
      .join("auth0_bulk_import_files as f", "f.id", "u.file_id")
      .where("f.run_id", run.id)
      .select(this.db.raw("count(*) filter (where u.outcome = 'inserted') as inserted, count(*) filter (where u.outcome = 'failed') as failed"))
      .first();
    return { files: toNumber(f?.files), jobs: toNumber(f?.jobs), inserted: toNumber(u?.inserted), failed: toNumber(u?.failed) };
  }
}
