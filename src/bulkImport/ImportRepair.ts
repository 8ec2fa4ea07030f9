import type { Knex } from "knex";
import type { Auth0Gateway } from "../auth0/Auth0Gateway";
import { Auth0PasswordPolicyError } from "../auth0/auth0Errors";
import type { Deadline } from "../auth0/Deadline";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { Logger } from "../logger";
import type { LinkedLoginRepair, RepairOutcome } from "../migration/MigrateToAuth0Backend";
import type { Auth0Link } from "../migration/migrationTypes";
import { hashFingerprint } from "./hashFingerprint";

export interface ImportRepairObserver {
  importRepaired(): void;
}

/**
 * The safety net for a conversion Auth0 accepted silently but cannot verify: a `bulk_import`
 * user whose Auth0 password grant said "wrong password" gets the password set in Auth0 and is
 * let in only when (1) the legacy hash is the one imported (same fingerprint), (2) it verifies
 * this password, and (3) the Auth0 user never logged in nor had the password changed since the
 * import. Otherwise the login
 * is refused as always (invariant 1).
 */
export class ImportRepair implements LinkedLoginRepair {
  constructor(
    private readonly db: Knex,
    private readonly gateway: Auth0Gateway,
    private readonly logger: Logger,
    private readonly observer?: ImportRepairObserver,
  ) {}

  covers(link: Auth0Link): boolean {
    return link.method === "bulk_import";
  }

  async tryRepair(user: LegacyUser, link: Auth0Link, legacyVerified: boolean, password: string, deadline: Deadline): Promise<RepairOutcome> {
    if (!this.covers(link) || !user.passwordHash || !legacyVerified) return "refused";
    const row = await this.db("auth0_bulk_import_users").where({ legacy_user_id: user.id, outcome: "inserted" }).first();
    if (!row || row.auth0_user_id !== link.auth0UserId || row.fingerprint !== hashFingerprint(user.passwordHash)) return "refused";
    try {
      const auth0User = await this.gateway.getUser(link.auth0UserId, deadline);
      // Logged in to Auth0 since the import, or the password changed there (a reset, an admin):
      // the Auth0 password is the user's own now, and setting the legacy one back would undo it
      // (a leaked old password would open the account again). Auth0 leaves logins_count and
      // last_password_reset out until then.
      if (!auth0User || (auth0User.loginsCount ?? 0) > 0 || auth0User.lastPasswordReset !== undefined) return "refused";
      await this.gateway.updatePassword(link.auth0UserId, password, deadline);
    } catch (err) {
      if (err instanceof Auth0PasswordPolicyError) {
        // Proven, but Auth0 will not store it (an import skips the policy): in, and asked for a
        // new password (PasswordSetter sets it in both stores), never locked out.
        this.logger.warn({ legacyUserId: user.id }, "bulk-import repair: the tenant's policy refuses the proven password; the user is asked for a new one");
        return "weak_password";
      }
      this.logger.warn({ legacyUserId: user.id, err: err instanceof Error ? err.name : "unknown" }, "bulk-import repair not possible");
      return "refused";
    }
    await this.db("auth0_bulk_import_users").where({ legacy_user_id: user.id }).update({ repaired_at: this.db.fn.now() });
    this.observer?.importRepaired();
    this.logger.warn({ legacyUserId: user.id, auth0UserId: link.auth0UserId }, "bulk-import: imported hash did not verify in Auth0; password set from a verified legacy login (import_repaired)");
    return "repaired";
  }
}
