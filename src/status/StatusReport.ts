import type { MigrationMethod } from "../migration/migrationTypes";
import type { BulkImportRunStatus } from "./LastBulkImportQuery";

/**
 * Where the migration stands, measured against the legacy table as it is now. Keys are the
 * JSON contract of `migrate-status --json` and `GET /api/admin/status` (DESIGN), so snake_case.
 *
 * Every count below `active_users` is of active users still in the legacy table: a link whose
 * legacy row was deleted counts nowhere, a deactivated user counts only in `total_users` (and
 * `migrated_inactive` when linked). So `migrated_users + pending + conflict + weak_password +
 * no_email + not_started = active_users`.
 */
export interface StatusReport {
  total_users: number;
  active_users: number;
  migrated_users: number;
  /** migrated_users / active_users, in percent, two decimals (0 when there are no active users). */
  migrated_percent: number;
  by_method: Record<MigrationMethod, number>;
  pending: number;
  conflict: number;
  weak_password: number;
  no_email: number;
  /** Active, unmigrated users who never tried (no recorded attempt). */
  not_started: number;
  /** Active, unmigrated users who were sent at least one reset email. */
  emailed_unmigrated: number;
  /** Deactivated users who had migrated (not in any other count). */
  migrated_inactive: number;
  migrated_last_24h: number;
  migrated_last_7d: number;
  /** Active users not yet migrated. */
  remaining_users: number;
  /** remaining_users at the last 7 days' rate, in days (one decimal); null when that rate is 0. */
  eta_days: number | null;
  /** The latest `bulk-import` run's figures (docs/bulk-import.md); null when none ever ran. */
  bulk_import: BulkImportRunStatus | null;
  /** The database's clock when the figures were read (ISO 8601). */
  generated_at: string;
}

export const MIGRATION_METHODS: readonly MigrationMethod[] = [
  "login",
  "linked_existing",
  "password_reset",
  "reconcile",
  "password_change",
  "bulk_import",
  "linked_by_email_proof",
  "email_added",
];
