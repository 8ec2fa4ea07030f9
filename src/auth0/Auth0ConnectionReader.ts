import type { Deadline } from "./Deadline";

/** The password rules of the database connection, as the Management API reports them. */
export interface ConnectionPasswordSettings {
  /** Auth0's "Password Strength": none, low, fair, good or excellent (null when not set). */
  policy: string | null;
  /** `password_complexity_options.min_length`, when the tenant sets one. */
  minLength: number | null;
}

/**
 * Reads the connection's settings (`GET /api/v2/connections`, scope `read:connections`). A tenant
 * that does not grant the scope answers 403: callers fall back to configuration.
 */
export interface Auth0ConnectionReader {
  /** null when the connection is not found. Throws only the typed errors of auth0Errors. */
  readPasswordSettings(deadline: Deadline): Promise<ConnectionPasswordSettings | null>;
}
