import { createHash, randomBytes } from "node:crypto";
import type { ImportedHash } from "../importedHash";
import { EmulatorStoreError, type EmulatorStore, type EmulatorUser } from "./EmulatorStore";
import { maskedUser, validateImportUser, type ImportUserError, type ValidImportUser } from "./importFileValidation";

/** Auth0 runs at most this many users-import jobs per tenant at once; a third gets 429. */
export const MAX_ACTIVE_IMPORT_JOBS = 2;
/** Auth0 deletes all job data after 24 hours. */
export const JOB_RETENTION_MS = 24 * 3600 * 1000;

export interface ImportJobSummary {
  failed: number;
  updated: number;
  inserted: number;
  total: number;
}

export interface ImportJob {
  id: string;
  type: "users_import";
  status: "pending" | "completed" | "failed";
  connection_id: string;
  connection: string;
  external_id?: string;
  upsert: boolean;
  send_completion_email: boolean;
  created_at: string;
  summary?: ImportJobSummary;
  /** Per-user errors once the job ran. */
  errors: Array<{ user: unknown; errors: ImportUserError[] }>;
  /** The parsed users file, dropped once processed. */
  users?: unknown[];
  createdAtMs: number;
}

/** Auth0-style connection id (`con_...`), stable for a name. */
export function connectionIdOf(name: string): string {
  return `con_${createHash("sha256").update(name).digest("base64url").slice(0, 16)}`;
}

/**
 * The emulated tenant's users-import jobs. A job runs lazily, when the tenant is next asked
 * about jobs (no timers: tests stay deterministic); `hold()` keeps new jobs pending so the
 * 2-job limit can be seen. Job data is gone 24 hours after creation (by the emulator's clock).
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private held = false;
  /** Emails whose imported hash is corrupted on insert (a wrong conversion Auth0 would accept). */
  private readonly corrupt = new Set<string>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly now: () => number,
  ) {}

  /** Keeps jobs pending until `release()` (to see the 2-job limit, or a run killed mid-job). */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.process();
  }

  /** The next import of this email gets a hash that will not verify (the safety net's test). */
  corruptImportOf(email: string): void {
    this.corrupt.add(email.toLowerCase());
  }

  clear(): void {
    this.jobs.clear();
    this.corrupt.clear();
    this.held = false;
  }

  /** Every job still known (not expired), oldest first. */
  list(): ImportJob[] {
    this.expire();
    return [...this.jobs.values()];
  }

  activeCount(): number {
    this.process();
    return [...this.jobs.values()].filter((j) => j.status === "pending").length;
  }

  create(input: { connection: string; users: unknown[]; upsert: boolean; external_id?: string; send_completion_email: boolean }): ImportJob {
    const at = this.now();
    const job: ImportJob = {
      id: `job_${randomBytes(12).toString("hex")}`,
      type: "users_import",
      status: "pending",
      connection_id: connectionIdOf(input.connection),
      connection: input.connection,
      ...(input.external_id !== undefined ? { external_id: input.external_id } : {}),
      upsert: input.upsert,
      send_completion_email: input.send_completion_email,
      created_at: new Date(at).toISOString(),
      errors: [],
      users: input.users,
      createdAtMs: at,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  get(id: string): ImportJob | undefined {
    this.process();
    return this.jobs.get(id);
  }

  /** Runs pending jobs (unless held) and forgets expired ones. */
  process(): void {
    this.expire();
    if (this.held) return;
    for (const job of this.jobs.values()) if (job.status === "pending") this.run(job);
  }

  private expire(): void {
    const now = this.now();
    for (const [id, job] of this.jobs) if (now - job.createdAtMs >= JOB_RETENTION_MS) this.jobs.delete(id);
  }

  private run(job: ImportJob): void {
    const users = job.users ?? [];
    const summary: ImportJobSummary = { failed: 0, updated: 0, inserted: 0, total: users.length };
    const seenEmails = new Set<string>();
    const seenIds = new Set<string>();
    for (const raw of users) {
      const outcome = this.importOne(job, raw, seenEmails, seenIds);
      if (outcome === "inserted") summary.inserted += 1;
      else if (outcome === "updated") summary.updated += 1;
      else {
        summary.failed += 1;
        job.errors.push({ user: maskedUser(raw), errors: outcome });
      }
    }
    job.summary = summary;
    job.status = "completed";
    delete job.users;
  }

  private importOne(job: ImportJob, raw: unknown, seenEmails: Set<string>, seenIds: Set<string>): ImportOutcome {
    const v = validateImportUser(raw);
    if (!v.ok) return v.errors;
    const u = v.user;
    // The same user twice in one file: the second is refused.
    if (seenEmails.has(u.email) || (u.user_id !== undefined && seenIds.has(u.user_id))) {
      return [{ code: "DUPLICATED_USER", message: "User is duplicated in the file", path: "" }];
    }
    seenEmails.add(u.email);
    if (u.user_id !== undefined) seenIds.add(u.user_id);
    const userId = `auth0|${u.user_id ?? randomBytes(12).toString("hex")}`;
    if (job.upsert) {
      const existing = this.existingUsersOf(job.connection, u, userId);
      if (existing.length > 0) return this.upsertInto(job.connection, existing, u);
    }
    if (this.store.getUser(userId)) return [{ code: "CONFLICT", message: "The user already exists", path: "user_id" }];
    if (this.store.findByLogin(job.connection, u.email)?.email === u.email) {
      return [{ code: "CONFLICT_EMAIL", message: "The user already exists", path: "email" }];
    }
    if (u.username !== undefined && this.store.findByLogin(job.connection, u.username)) {
      return [{ code: "CONFLICT_USERNAME", message: "The username already exists", path: "username" }];
    }
    let imported: ImportedHash | undefined = u.imported;
    if (imported && this.corrupt.delete(u.email)) imported = corrupted(imported);
    try {
      this.store.insertImportedUser({
        connection: job.connection,
        user_id: userId,
        email: u.email,
        email_verified: u.email_verified,
        ...(u.username !== undefined ? { username: u.username } : {}),
        blocked: u.blocked,
        app_metadata: u.app_metadata,
        user_metadata: u.user_metadata,
        ...(imported ? { imported } : {}),
      });
      return "inserted";
    } catch (err) {
      if (err instanceof EmulatorStoreError) return [{ code: "CONFLICT", message: err.message, path: "" }];
      throw err;
    }
  }

  /** Users the file's user matches, as Auth0 matches for upsert: by user_id, email or username. */
  private existingUsersOf(connection: string, u: ValidImportUser, userId: string): EmulatorUser[] {
    const found = new Map<string, EmulatorUser>();
    const add = (user: EmulatorUser | undefined): void => {
      if (user) found.set(user.user_id, user);
    };
    add(this.store.getUser(userId));
    const byEmail = this.store.findByLogin(connection, u.email);
    if (byEmail?.email === u.email) add(byEmail);
    if (u.username !== undefined) add(this.store.findByLogin(connection, u.username));
    return [...found.values()];
  }

  /**
   * `upsert=true` on an existing user: only the upsertable fields change (see ImportUpsert). A hash
   * cannot be upserted (Auth0: a password hash "can only be provided when the user is first
   * imported"; its support article quotes the per-user error; the code is our guess).
   */
  private upsertInto(connection: string, existing: EmulatorUser[], u: ValidImportUser): ImportOutcome {
    const [user] = existing;
    // Matching two users (say user_id one, email another), or a user_id of another connection, updates nobody.
    if (!user || existing.length > 1) return [{ code: "CONFLICT", message: "The user matches more than one existing user", path: "" }];
    if (user.connection !== connection) return [{ code: "CONFLICT", message: "The user already exists in another connection", path: "user_id" }];
    if (u.imported) {
      const path = "password_hash" in u.imported ? "password_hash" : "custom_password_hash";
      return [{ code: "CONFLICT", message: `A ${path} was provided, but the user already has password hash defined`, path }];
    }
    this.store.upsertImportedUser(user.user_id, u.upsert);
    return "updated";
  }
}

/** One user's fate in a job: inserted, updated (upsert), or its per-user errors. */
type ImportOutcome = "inserted" | "updated" | ImportUserError[];

/**
 * The same fields with one character of the hash changed: accepted at import, never verifies.
 * The character changed is 8 from the end (inside the digest in every format, never a base64
 * final character whose low bits decoding drops), and to "0" or "1", which differ from it in hex
 * whatever its case (flipping "a" to "A" changed nothing a hex decoder sees).
 */
function corrupted(imported: ImportedHash): ImportedHash {
  const flip = (s: string): string => {
    const at = s.length - 8;
    const to = s.charAt(at).toLowerCase() === "0" ? "1" : "0";
    return s.slice(0, at) + to + s.slice(at + 1);
  };
  if ("password_hash" in imported) return { password_hash: flip(imported.password_hash) };
  const c = imported.custom_password_hash;
  return { custom_password_hash: { ...c, hash: { ...c.hash, value: flip(c.hash.value) } } };
}
