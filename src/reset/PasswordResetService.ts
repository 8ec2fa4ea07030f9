import { isUsablePassword } from "../legacy/hashers/HasherRegistry";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import { usableEmail } from "../migration/Auth0Migrator";
import type { PasswordSetter } from "../password/PasswordSetter";
import type { Mailer } from "./Mailer";
import type { ResetMessageComposer } from "./ResetMessageComposer";
import { InvalidResetTokenError } from "./resetErrors";
import { decodeUid, type ResetTokens } from "./ResetTokens";

/** Who may receive a reset email: active, with a usable address and a usable password. */
export function canReceiveReset(user: LegacyUser): boolean {
  return user.isActive && usableEmail(user.email) !== null && isUsablePassword(user.passwordHash);
}

/**
 * Password reset: the emails with their links, and the confirm, which sets the new password in
 * both stores through the PasswordSetter (shared with the backend API).
 */
export class PasswordResetService {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly users: LegacyUserStore,
    private readonly tokens: ResetTokens,
    private readonly setter: PasswordSetter,
    private readonly mailer: Mailer,
    private readonly composer: ResetMessageComposer,
    private readonly logger: Logger,
  ) {}

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

  /**
   * Sets the new password through the PasswordSetter (both stores, sessions ended). The token is
   * checked again against the user as read under the setter's claim: of two confirms racing
   * with one link, the second sees the new hash and is refused.
   */
  async confirm(uid: string, token: string, password: string): Promise<LegacyUser> {
    const user = await this.userForLink(uid, token);
    return this.setter.set({
      userId: user.id,
      password,
      method: "password_reset",
      // The link reached the user's mailbox: a conflict with an unlinked Auth0 account of that address resolves.
      emailProven: true,
      precondition: (current) => {
        if (!current.isActive || !this.tokens.check(current, token)) throw new InvalidResetTokenError();
      },
    });
  }
}
