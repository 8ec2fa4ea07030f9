import type { Knex } from "knex";
import { isUsablePassword } from "../legacy/hashers/HasherRegistry";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import { usableEmail } from "../migration/Auth0Migrator";
import type { Mailer } from "./Mailer";
import type { ResetMessageComposer } from "./ResetMessageComposer";

/** What became of a staff member's "send a reset link". */
export type StaffResetOutcome =
  | { kind: "sent"; to: string }
  | { kind: "failed" }
  | { kind: "not_active" }
  | { kind: "no_email" }
  | { kind: "no_password" };

export interface LastStaffResetLink {
  at: Date;
  by: string;
  outcome: "sent" | "failed";
}

/** The latest link staff sent each of these users (for the dashboard's lists). */
export interface StaffResetLinkHistory {
  latestFor(legacyUserIds: string[]): Promise<Map<string, LastStaffResetLink>>;
}

/**
 * Staff send one stuck user the same reset email the reset form sends (the composer and the
 * mailer), awaited so the page can say whether it went; every send, or failure to, is recorded
 * with who did it (`auth0_staff_reset_links`).
 */
export class StaffResetLinks implements StaffResetLinkHistory {
  constructor(
    private readonly db: Knex,
    private readonly users: LegacyUserStore,
    private readonly mailer: Mailer,
    private readonly composer: ResetMessageComposer,
    private readonly logger: Logger,
  ) {}

  async send(legacyUserId: string, staff: LegacyUser): Promise<StaffResetOutcome> {
    const user = await this.users.findById(legacyUserId);
    if (!user || !user.isActive) return { kind: "not_active" };
    const to = usableEmail(user.email);
    if (!to) return { kind: "no_email" };
    // As for the reset form: a password disabled in the application is not re-enabled by email.
    if (!isUsablePassword(user.passwordHash)) return { kind: "no_password" };
    let messageId: string | undefined;
    // Only the sending is caught: an email that went out is recorded as sent (a failure to record
    // it is an error of its own, not a reason to invite a second send).
    try {
      ({ messageId } = await this.mailer.send(this.composer.compose(user, to)));
    } catch (err) {
      await this.record(user.id, staff, "failed");
      this.logger.error(
        { legacyUserId: user.id, staffUserId: staff.id, err: err instanceof Error ? err.message : String(err) },
        "reset link by staff failed",
      );
      return { kind: "failed" };
    }
    await this.record(user.id, staff, "sent");
    this.logger.info({ legacyUserId: user.id, staffUserId: staff.id, messageId }, "reset link sent by staff");
    return { kind: "sent", to };
  }

  async latestFor(legacyUserIds: string[]): Promise<Map<string, LastStaffResetLink>> {
    const found = new Map<string, LastStaffResetLink>();
    if (legacyUserIds.length === 0) return found;
    const rows = (await this.db("auth0_staff_reset_links")
      .distinctOn("legacy_user_id")
      .select("legacy_user_id", "staff_username", "outcome", "created_at")
      .whereIn("legacy_user_id", legacyUserIds)
      .orderBy([{ column: "legacy_user_id" }, { column: "created_at", order: "desc" }, { column: "id", order: "desc" }])) as Array<{
      legacy_user_id: string;
      staff_username: string;
      outcome: "sent" | "failed";
      created_at: Date | string;
    }>;
    for (const r of rows) {
      found.set(r.legacy_user_id, { at: new Date(r.created_at), by: r.staff_username, outcome: r.outcome });
    }
    return found;
  }

  private async record(legacyUserId: string, staff: LegacyUser, outcome: "sent" | "failed"): Promise<void> {
    await this.db("auth0_staff_reset_links").insert({ legacy_user_id: legacyUserId, staff_user_id: staff.id, staff_username: staff.username, outcome });
  }
}
