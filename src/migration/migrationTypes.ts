export type MigrationState = "migrated" | "pending" | "conflict" | "weak_password" | "no_email";
export type MigrationMethod =
  | "login"
  | "linked_existing"
  | "password_reset"
  | "reconcile"
  | "password_change"
  | "bulk_import"
  /** An existing Auth0 account taken over by whoever proved control of its address (reset link). */
  | "linked_by_email_proof"
  /** A user created in Auth0 with an address they added and proved (no usable or a shared one). */
  | "email_added";

export interface Auth0Link {
  legacyUserId: string;
  auth0UserId: string;
  /** What Auth0 knows the user by, for the password-realm grant. */
  auth0Login: string;
  method: MigrationMethod;
  migratedAt: Date;
}

/** A user's migration as the API reports it. */
export interface MigrationStatus {
  state: MigrationState | "not_started";
  method: MigrationMethod | null;
  auth0UserId: string | null;
  reason: string | null;
}
