/** A users-import job as bulk-import reads it. */
export interface ImportJobState {
  id: string;
  /** pending | completed | failed; anything else (e.g. processing) counts as still running. */
  status: string;
  externalId: string | null;
  summary: { inserted: number; failed: number; updated: number; total: number } | null;
}

/** One user Auth0 refused in a job: the user as sent (hashes masked) and the error codes. */
export interface ImportJobUserError {
  userId: string | null;
  email: string | null;
  codes: string[];
}

/** An imported user as bulk-import checks it when a job's results are lost. */
export interface ImportedAuth0User {
  userId: string;
  legacyId: string | null;
}

/**
 * The Auth0 calls bulk-import makes (kept apart from Auth0Gateway, whose calls serve logins).
 * Throws the typed errors of auth0Errors; `submit` answers `busy` for Auth0's 2-job limit.
 */
export interface Auth0ImportJobsApi {
  /** The connection's `con_...` id, looked up by name; throws when there is none. */
  connectionId(name: string): Promise<string>;
  submit(input: { users: Buffer; connectionId: string; externalId: string }): Promise<{ jobId: string } | { busy: true }>;
  /** null: Auth0 no longer knows the job (job data is deleted after 24 hours). */
  getJob(jobId: string): Promise<ImportJobState | null>;
  /** [] when none; null when the job is gone. */
  getErrors(jobId: string): Promise<ImportJobUserError[] | null>;
  getUser(auth0UserId: string): Promise<ImportedAuth0User | null>;
}
