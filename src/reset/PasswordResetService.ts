import type { Auth0Gateway } from "../auth0/Auth0Gateway";
import { Auth0PasswordPolicyError, Auth0UnavailableError, Auth0NotFoundError } from "../auth0/auth0Errors";
import { Deadline, type Clock } from "../auth0/Deadline";
import { AuthUnavailableError } from "../errors";
import { isUsablePassword } from "../legacy/hashers/HasherRegistry";
import type { PasswordHashing } from "../legacy/hashers/PasswordHashing";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import type { Auth0Migrator } from "../migration/Auth0Migrator";
import { usableEmail } from "../migration/Auth0Migrator";
import type { MigrationStore } from "../migration/MigrationStore";
import type { Mailer } from "./Mailer";
import type { ResetMessageComposer } from "./ResetMessageComposer";
import { explainPasswordPolicy, InvalidResetTokenError, PasswordRejectedError } from "./resetErrors";
import { decodeUid, type ResetTokens } from "./ResetTokens";

export const MAX_NEW_PASSWORD_LENGTH = 1024;

/** Ends a user's sessions after their password changed. */
export interface SessionRevoker {
  destroyForUser(userId: string): Promise<number>;
}

export interface PasswordResetOptions {
  timeoutMs: number;
  clock?: Clock;
}

/** Who may receive a reset email: active, with a usable address and a usable password. */
export function canReceiveReset(user: LegacyUser): boolean {
  return user.isActive && usableEmail(user.email) !== null && isUsablePassword(user.passwordHash);
}

/**
 * Password reset across both stores: Auth0 first (update a linked user, create and link an
 * unlinked one), then the legacy hash in the legacy app's format. If Auth0 refuses or is
 * down, neither store changes.
 */
export class PasswordResetService {
  private readonly clock: Clock;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly users: LegacyUserStore,
    private readonly hashers: PasswordHashing,
    private readonly tokens: ResetTokens,
    private readonly store: MigrationStore,
    private readonly migrator: Auth0Migrator,
    private readonly gateway: Auth0Gateway,
    private readonly mailer: Mailer,
    private readonly composer: ResetMessageComposer,
    private readonly sessions: SessionRevoker,
    private readonly options: PasswordResetOptions,
    private readonly logger: Logger,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Sends a reset email to each eligible user with this address. Sending happens after the
   * answer, so neither the body nor the time of the answer tells whether the address exists.
   */
  async request(email: string): Promise<void> {
    if (!usableEmail(email)) return;
    const recipients = (await this.users.findAllByEmail(email.trim())).filter(canReceiveReset);
    if (recipients.length === 0) return;
    const job = this.sendAll(recipients).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Waits for reset emails still being sent (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async sendAll(recipients: LegacyUser[]): Promise<void> {
    for (const user of recipients) {
      try {
        const { messageId } = await this.mailer.send(this.composer.compose(user, user.email as string));
        this.logger.info({ legacyUserId: user.id, messageId }, "password reset email sent");
      } catch (err) {
        this.logger.error({ legacyUserId: user.id, err: err instanceof Error ? err.message : String(err) }, "password reset email failed");
      }
    }
  }

  /** The user a reset link names, if the link is valid now. */
  async userForLink(uid: string, token: string): Promise<LegacyUser> {
    const id = decodeUid(uid);
    const user = id === null ? null : await this.users.findById(id);
    if (!user || !user.isActive || !this.tokens.check(user, token)) throw new InvalidResetTokenError();
    return user;
  }

  async confirm(uid: string, token: string, password: string): Promise<LegacyUser> {
    const user = await this.userForLink(uid, token);
    if (password.length === 0 || password.length > MAX_NEW_PASSWORD_LENGTH) {
      throw new PasswordRejectedError(`The password must be between 1 and ${MAX_NEW_PASSWORD_LENGTH} characters.`);
    }
    await this.updateAuth0(user, password);
    await this.users.updatePassword(user.id, await this.hashers.encode(password));
    // The old password may be known to someone else: end every session of this user.
    await this.sessions.destroyForUser(user.id);
    this.logger.info({ legacyUserId: user.id }, "password reset completed");
    return user;
  }

  private async updateAuth0(user: LegacyUser, password: string): Promise<void> {
    const deadline = new Deadline(this.options.timeoutMs, this.clock);
    const link = await this.store.getLink(user.id);
    if (link) {
      try {
        await this.gateway.updatePassword(link.auth0UserId, password, deadline);
        return;
      } catch (err) {
        if (err instanceof Auth0PasswordPolicyError) throw new PasswordRejectedError(explainPasswordPolicy(err.auth0Message));
        if (err instanceof Auth0UnavailableError) throw new AuthUnavailableError({ cause: err });
        if (err instanceof Auth0NotFoundError) {
          this.logger.error({ legacyUserId: user.id, auth0UserId: link.auth0UserId }, "linked Auth0 user is missing");
        }
        throw err;
      }
    }
    const result = await this.migrator.migrate(user, password, "password_reset", deadline);
    switch (result.state) {
      case "migrated":
        return;
      case "weak_password":
        throw new PasswordRejectedError(explainPasswordPolicy(result.reason ?? ""));
      case "conflict":
      case "no_email":
        throw new PasswordRejectedError(
          "Your account cannot be moved to the new login system automatically. Please contact support; your password was not changed.",
        );
      default:
        throw new AuthUnavailableError();
    }
  }
}
