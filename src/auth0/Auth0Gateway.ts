import type { Deadline } from "./Deadline";

export interface Auth0User {
  userId: string;
  email: string | null;
  username: string | null;
  connections: string[];
  appMetadata: Record<string, unknown>;
  /** Successful logins Auth0 counted (absent when Auth0 did not say). */
  loginsCount?: number;
  /** When the password was last changed or reset in Auth0 (absent until then). */
  lastPasswordReset?: string;
}

export interface CreateAuth0UserInput {
  email: string;
  password: string;
  emailVerified: boolean;
  username?: string;
  legacyId: string;
}

/**
 * The Auth0 calls the service makes, for one database connection. Every call takes the
 * deadline of the operation it belongs to and throws only the typed errors of auth0Errors.
 */
export interface Auth0Gateway {
  createUser(input: CreateAuth0UserInput, deadline: Deadline): Promise<Auth0User>;
  /** `email` is matched exactly by Auth0: pass it lower-cased. */
  findUsersByEmail(email: string, deadline: Deadline): Promise<Auth0User[]>;
  getUser(userId: string, deadline: Deadline): Promise<Auth0User | null>;
  updatePassword(userId: string, password: string, deadline: Deadline): Promise<void>;
  /**
   * One update for an account whose address the legacy user proved: the new password, the
   * address marked verified, and `app_metadata.legacy_id`. One call, so no half-done take-over.
   */
  takeOverByEmailProof(userId: string, input: { password: string; legacyId: string }, deadline: Deadline): Promise<void>;
  /** One page (0-based) of the connection's users; Auth0 lists at most the first 1000. */
  listConnectionUsers(page: number, perPage: number, deadline: Deadline): Promise<{ users: Auth0User[]; total: number }>;
  /** Password-realm grant against the connection; resolves when the password is right. */
  verifyPassword(login: string, password: string, endUserIp: string | undefined, deadline: Deadline): Promise<void>;
}
