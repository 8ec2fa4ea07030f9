import type { Logger } from "pino";
import type { Auth0ImportJobsApi, ImportJobUserError } from "../auth0/Auth0ImportJobsApi";
import { Auth0UnavailableError } from "../auth0/auth0Errors";
import { AppError } from "../errors";
import type { HasherRegistry } from "../legacy/hashers/HasherRegistry";
import type { MigrationStore } from "../migration/MigrationStore";
import { prepareImport } from "./prepareImport";
import type { BulkImportStore, FileRow, FileUser, ResentUser, RunRow } from "./BulkImportStore";
import { hashFingerprint } from "./hashFingerprint";
import { emptySummary, type BulkImportProgress, type BulkImportSummary } from "./BulkImportSummary";
import type { ImportCandidateSource } from "./ImportCandidateSource";
import { ImportFileBuilder, type FileEntry } from "./ImportFileBuilder";
import { selectFromPacked, type PackedFile } from "./ImportFilePacker";
import type { ImportRecordOptions, ImportUserRecord } from "./ImportUserRecord";
import { packImportFiles } from "./packImportFiles";

/** Auth0's 2-job limit: never more in flight. */
export const MAX_JOBS_IN_FLIGHT = 2;
// Errors that mean an Auth0 account with this email / username / id already exists.
const CONFLICT_CODES = new Set(["CONFLICT", "CONFLICT_EMAIL", "CONFLICT_USERNAME", "DUPLICATED_USER"]);
// Bounds the waits for a free job slot or a job's end (each wait is one poll interval).
const MAX_WAITS = 100_000;
// Bounds the end-of-run sweeps for files recorded by another writer.
const MAX_SWEEPS = 10;
// Users linked per transaction while looking a file's users up one by one.
const LINK_CHUNK = 100;
// A rate-limited read is tried this many times, waiting at most this long between tries.
const MAX_RATE_LIMITED_TRIES = 30;
const MAX_RATE_LIMIT_WAIT_MS = 60_000;
// Auth0 ids of database users: the strategy, then the user_id sent in the file.
const AUTH0_STRATEGY_PREFIX = "auth0|";

/** Another process holds the run. */
export class BulkImportBusyError extends AppError {
  constructor(owner: string, leaseUntil: Date) {
    super("bulk_import_busy", `another bulk-import (${owner}) is running until at least ${leaseUntil.toISOString()}; not starting a second one`, 409);
  }
}

export interface RunnerOptions {
  connection: string;
  /** This process, e.g. `host:pid`. */
  owner: string;
  leaseMs: number;
  pollMs: number;
  pageSize: number;
  /** Whether the process that holds a run is gone (same host, pid not running). */
  ownerGone: (owner: string) => boolean;
  sleep?: (ms: number) => Promise<void>;
  /** Default IMPORT_FILE_MAX_BYTES; smaller in tests, to get many files from few users. */
  maxFileBytes?: number;
}

interface InFlight {
  file: FileRow;
  jobId: string;
}

/**
 * The real bulk import: files recorded before they are sent, at most 2 jobs in flight (a 429
 * waits for a slot), each job polled and its results recorded per user (a link for every
 * inserted user, the state and Auth0's code for every failed one). A rerun resumes the run.
 */
export class BulkImportRunner {
  private inflight: InFlight[] = [];
  private run!: RunRow;
  private connectionId = "";
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly store: BulkImportStore,
    private readonly source: ImportCandidateSource,
    private readonly registry: Pick<HasherRegistry, "identify">,
    private readonly recordOptions: ImportRecordOptions,
    private readonly api: Auth0ImportJobsApi,
    private readonly migrations: MigrationStore,
    private readonly logger: Logger,
    private readonly options: RunnerOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async start(opts: { limit?: number; onProgress?: (p: BulkImportProgress) => void } = {}): Promise<BulkImportSummary> {
    const claim = await this.store.claimRun(this.options.owner, this.options.leaseMs, this.options.ownerGone);
    if (claim.kind === "busy") throw new BulkImportBusyError(claim.owner, claim.leaseUntil);
    this.run = claim.run;
    this.connectionId = await this.api.connectionId(this.options.connection);
    const summary = emptySummary(this.run.name, false);

    for (const file of await this.store.unfinishedFiles(this.run)) await this.resume(file);

    const builder = new ImportFileBuilder(this.registry, this.recordOptions, summary, this.options.maxFileBytes);
    for await (const file of packImportFiles(this.source, builder, summary, { pageSize: this.options.pageSize, limit: opts.limit, onProgress: opts.onProgress })) {
      await this.sendNew(file);
    }
    await this.drain();
    // Files another writer recorded in this run meanwhile (a process that had lost the lease and
    // did not know it yet) are finished here too: no user is left in a file nobody will send.
    for (let pass = 0; pass < MAX_SWEEPS; pass++) {
      const left = await this.store.unfinishedFiles(this.run);
      if (left.length === 0) break;
      for (const file of left) await this.resume(file);
      await this.drain();
    }

    const totals = await this.store.runTotals(this.run);
    Object.assign(summary, totals, { linked: await this.linkedCount() });
    await this.store.finishRun(this.run, summary);
    return summary;
  }

  private async linkedCount(): Promise<number> {
    return this.store.linkedInRun(this.run);
  }

  private async keepLease(): Promise<void> {
    if (!(await this.store.renewLease(this.run, this.options.owner, this.options.leaseMs))) {
      throw new Error("another process took this bulk-import run over; stopping");
    }
  }

  // ---- sending ----

  private async sendNew(packed: PackedFile<FileEntry>): Promise<void> {
    const recorded = await this.store.recordFile(this.run, packed.items, packed.body.length);
    if (!recorded) return;
    const kept = new Set(recorded.users);
    const body = recorded.users.length === packed.items.length ? packed.body : selectFromPacked(packed, (e) => kept.has(e)).body;
    await this.submit(recorded.file, body);
  }

  /** Sends a file, waiting for a free job slot (ours, or Auth0's: a 429). */
  private async submit(file: FileRow, body: Buffer): Promise<void> {
    for (let waits = 0; waits < MAX_WAITS; waits++) {
      while (this.inflight.length >= MAX_JOBS_IN_FLIGHT) await this.pollOnce();
      await this.keepLease();
      // Recorded before the call: killed during it, the rerun knows the file may have gone.
      await this.store.markFile(file.id, { status: "submitting" });
      const sent = await this.api.submit({ users: body, connectionId: this.connectionId, externalId: file.externalId });
      if ("jobId" in sent) {
        await this.store.markFile(file.id, { status: "submitted", jobId: sent.jobId });
        this.inflight.push({ file: { ...file, status: "submitted", jobId: sent.jobId }, jobId: sent.jobId });
        this.logger.info({ file: file.externalId, job: sent.jobId }, "bulk-import: file submitted");
        return;
      }
      // Auth0's 2-job limit (jobs of another tool, or ours from a killed run): wait and retry.
      await this.store.markFile(file.id, { status: "prepared" });
      if (this.inflight.length > 0) await this.pollOnce();
      else await this.sleep(this.options.pollMs);
    }
    throw new Error("bulk-import: Auth0 kept refusing new import jobs");
  }

  /**
   * Rebuilds and sends again the users of a file whose outcome is open, as they are now (hash,
   * address), but under the Auth0 id recorded for them: a different AUTH0_IMPORT_ID_PREFIX since
   * must not give a user a second id (an earlier send may have created the first), and the
   * ledger (fingerprint, address) follows what is sent, so the link made from it is right.
   */
  private async resend(file: FileRow, open: FileUser[]): Promise<void> {
    const recordedOf = new Map(open.map((u) => [u.legacyUserId, u]));
    const candidates = await this.source.byIds(open.map((u) => u.legacyUserId));
    const records: ImportUserRecord[] = [];
    const resent: ResentUser[] = [];
    for (const user of candidates) {
      const recorded = recordedOf.get(user.id);
      const prepared = prepareImport(this.registry, user, this.recordOptions);
      if (!recorded || !prepared.importable) continue;
      const record = { ...prepared.record, user_id: recorded.auth0UserId.slice(AUTH0_STRATEGY_PREFIX.length) };
      records.push(record);
      resent.push({ legacyUserId: user.id, fingerprint: hashFingerprint(user.password as string), email: record.email });
    }
    await this.store.updateResent(resent);
    const still = new Set(resent.map((u) => u.legacyUserId));
    // Users no longer eligible (linked at a login meanwhile, deactivated, hash changed to a non-importable one, address now shared).
    for (const u of open) if (!still.has(u.legacyUserId)) await this.store.recordOutcome(u.legacyUserId, "failed", "NO_LONGER_ELIGIBLE");
    if (records.length === 0) {
      await this.store.markFile(file.id, { status: "completed" });
      return;
    }
    await this.submit(file, bodyOf(records));
  }

  // ---- resuming ----

  private async resume(file: FileRow): Promise<void> {
    if (file.status === "submitted" && file.jobId) {
      while (this.inflight.length >= MAX_JOBS_IN_FLIGHT) await this.pollOnce();
      this.inflight.push({ file, jobId: file.jobId });
      return;
    }
    if (file.status === "prepared") {
      await this.resend(file, await this.store.openUsers(file.id));
      return;
    }
    // submitting (sent or not: the job id was never recorded) or unknown (job data gone).
    await this.resolveByLookup(file);
  }

  /** Without the job's results: each user is looked up by its known Auth0 id; the rest are sent again. */
  private async resolveByLookup(file: FileRow): Promise<void> {
    const notThere = await this.linkThoseFound(file);
    this.logger.warn({ file: file.externalId, resend: notThere.length }, "bulk-import: job results lost; users looked up one by one");
    await this.resend(file, notThere);
  }

  /**
   * Looks each open user of the file up by its Auth0 id and links those there, a chunk at a time
   * (a run stopped midway keeps what it found); returns the others.
   */
  private async linkThoseFound(file: FileRow): Promise<FileUser[]> {
    const notThere: FileUser[] = [];
    let found: FileUser[] = [];
    for (const user of await this.store.openUsers(file.id)) {
      if (await this.isOurs(user)) found.push(user);
      else notThere.push(user);
      if (found.length >= LINK_CHUNK) {
        await this.store.linkInserted(found);
        found = [];
      }
    }
    await this.store.linkInserted(found);
    return notThere;
  }

  private async isOurs(user: FileUser): Promise<boolean> {
    const found = await this.patiently(() => this.api.getUser(user.auth0UserId));
    return found !== null && found.legacyId === user.legacyUserId;
  }

  /**
   * A read of Auth0 that waits out its rate limit (429: until Retry-After / X-RateLimit-Reset, at
   * least one poll interval) instead of failing the run: lookups go one user at a time, and a
   * free tenant allows a few a second. Other errors fail the run, which a rerun resumes.
   */
  private async patiently<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof Auth0UnavailableError) || err.reason !== "rate_limited" || attempt >= MAX_RATE_LIMITED_TRIES) throw err;
        const untilReset = err.retryAt ? err.retryAt.getTime() - Date.now() : 0;
        await this.sleep(Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(this.options.pollMs, untilReset)));
      }
    }
  }

  // ---- polling and results ----

  private async drain(): Promise<void> {
    for (let waits = 0; this.inflight.length > 0 && waits < MAX_WAITS; waits++) await this.pollOnce();
    if (this.inflight.length > 0) throw new Error("bulk-import: jobs did not finish");
  }

  /** Waits one poll interval (a job takes time), then checks every job in flight once. */
  private async pollOnce(): Promise<void> {
    await this.sleep(this.options.pollMs);
    await this.keepLease();
    for (const job of [...this.inflight]) {
      // A nested poll (while a lost file was sent again) may have finished this one already.
      if (!this.inflight.includes(job)) continue;
      const state = await this.patiently(() => this.api.getJob(job.jobId));
      if (state && state.status !== "completed" && state.status !== "failed") continue;
      this.inflight = this.inflight.filter((j) => j !== job);
      if (!state) {
        await this.store.markFile(job.file.id, { status: "unknown" });
        await this.resolveByLookup(job.file);
        continue;
      }
      if (state.status === "failed") {
        await this.jobFailed(job.file);
        continue;
      }
      const errors = await this.patiently(() => this.api.getErrors(job.jobId));
      if (errors === null) {
        await this.store.markFile(job.file.id, { status: "unknown" });
        await this.resolveByLookup(job.file);
        continue;
      }
      await this.recordResults(job.file, errors, state.summary?.inserted ?? null);
      await this.store.markFile(job.file.id, { status: "completed", ...(state.summary ? { summary: state.summary } : {}) });
    }
  }

  /** A failed job may have inserted some users before it stopped: those are found and linked, the rest failed. */
  private async jobFailed(file: FileRow): Promise<void> {
    for (const user of await this.linkThoseFound(file)) await this.failed(user, "JOB_FAILED");
    await this.store.markFile(file.id, { status: "failed", error: "the import job failed" });
  }

  private async recordResults(file: FileRow, errors: ImportJobUserError[], reportedInserted: number | null): Promise<void> {
    const open = await this.store.openUsers(file.id);
    const byId = new Map(open.map((u) => [u.auth0UserId, u]));
    const byEmail = new Map(open.map((u) => [u.email, u]));
    const failed = new Set<FileUser>();
    for (const e of errors) {
      const user = (e.userId !== null ? byId.get(`auth0|${e.userId}`) : undefined) ?? (e.email !== null ? byEmail.get(e.email.toLowerCase()) : undefined);
      if (!user || failed.has(user)) continue;
      failed.add(user);
      const code = e.codes[0] ?? "UNKNOWN";
      // Sent again after a lost job: "already exists" may be our own earlier import.
      if (CONFLICT_CODES.has(code) && (await this.isOurs(user))) {
        failed.delete(user);
        await this.inserted(user);
        continue;
      }
      await this.failed(user, code);
    }
    const rest = open.filter((u) => !failed.has(u));
    // An error we could not map to a user must not become a link: check each user then.
    const verify = reportedInserted === null || reportedInserted < rest.length;
    const confirmed: FileUser[] = [];
    for (const user of rest) {
      if (verify && !(await this.isOurs(user))) await this.failed(user, "NOT_FOUND_AFTER_IMPORT");
      else confirmed.push(user);
    }
    await this.store.linkInserted(confirmed);
  }

  private async inserted(user: FileUser): Promise<void> {
    const outcome = await this.migrations.link({ legacyUserId: user.legacyUserId, auth0UserId: user.auth0UserId, auth0Login: user.email, method: "bulk_import" });
    if (outcome.kind === "taken") {
      await this.store.recordOutcome(user.legacyUserId, "failed", "LINK_TAKEN");
      return;
    }
    await this.store.recordOutcome(user.legacyUserId, "inserted", null);
  }

  private async failed(user: FileUser, code: string): Promise<void> {
    await this.migrations.recordAttempt(user.legacyUserId, CONFLICT_CODES.has(code) ? "conflict" : "pending", `bulk_import:${code}`);
    await this.store.recordOutcome(user.legacyUserId, "failed", code);
  }
}

/** The body of a file sent again (rare: its users' records are built anew, as they are now). */
function bodyOf(records: ImportUserRecord[]): Buffer {
  return Buffer.from(`[${records.map((r) => JSON.stringify(r)).join(",")}]`, "utf8");
}
