import type { Auth0Gateway } from "../auth0/Auth0Gateway";
import { Auth0NotFoundError } from "../auth0/auth0Errors";
import { Deadline, type Clock } from "../auth0/Deadline";
import { AppError, AuthUnavailableError } from "../errors";
import { maxPasswordBytes } from "../legacy/hashers/maxPasswordBytes";
import type { PasswordHashing } from "../legacy/hashers/PasswordHashing";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import type { Auth0Migrator } from "../migration/Auth0Migrator";
import type { MigrationStore } from "../migration/MigrationStore";
import { explainPasswordPolicy, NeedsOwnEmailError, PasswordRejectedError } from "../reset/resetErrors";
import { CANNOT_MOVE_AUTOMATICALLY, passwordChangeError } from "./auth0PasswordErrors";
import type { PasswordClaims } from "./PasswordClaims";
import { takeOverByEmailProof } from "./takeOverByEmailProof";

export const MAX_NEW_PASSWORD_LENGTH = 1024;

const NO_USABLE_EMAIL =
  "Your account has no email address of its own (none, or one another user of this site also has), so it cannot be moved to the new login system yet; " +
  "your password was not changed. Log in with your current password and give an email address for your account.";

/** Ends a user's sessions after their password changed. */
export interface SessionRevoker {
  destroyForUser(userId: string): Promise<number>;
}

export interface PasswordSetterOptions {
  /** AUTH0_TIMEOUT_MS: the budget of the Auth0 part of one change. */
  timeoutMs: number;
  clock?: Clock;
  /** How long to wait between tries while another change of the same user runs. */
  claimPollMs?: number;
}

/** The user named is not there (or no longer active). */
export class UserNotFoundError extends AppError {
  constructor() {
    super("user_not_found", "No active user has this id.", 404);
  }
}

export interface PasswordSetRequest {
  userId: string;
  password: string;
  /** Recorded on the link when the change migrates an unlinked user. */
  method: "password_reset" | "password_change" | "email_added";
  /**
   * Checked on the user as read while holding the claim (a reset token still matches the hash
   * it was made from); throws to refuse. Two changes racing on one token: only the first passes.
   */
  precondition?: (user: LegacyUser) => void;
  /**
   * When the user proved control of their address (a reset link): a `conflict` with an unlinked
   * Auth0 account of that address is resolved by taking that account over (takeOverByEmailProof).
   */
  emailProven?: boolean;
  /**
   * An address the user just proved at /account/email: an unlinked user is created in Auth0 with
   * it (verified) instead of the legacy one, which stays as it is.
   */
  provenAddress?: string;
}

/**
 * Sets a user's new password in both stores: Auth0 first (update a linked user, create and link
 * an unlinked one), then the legacy hash in the legacy app's own format; then ends the user's
 * sessions. If Auth0 refuses (policy) or is down, neither store changes. Changes of one user run
 * one at a time (a claim row), so both stores always end with the same password.
 */
export class PasswordSetter {
  private readonly clock: Clock;
  private readonly maxBytes: number | null;

  constructor(
    private readonly users: LegacyUserStore,
    private readonly hashers: PasswordHashing,
    private readonly store: MigrationStore,
    private readonly migrator: Auth0Migrator,
    private readonly gateway: Auth0Gateway,
    private readonly claims: PasswordClaims,
    private readonly sessions: SessionRevoker,
    private readonly options: PasswordSetterOptions,
    private readonly logger: Logger,
  ) {
    this.clock = options.clock ?? Date.now;
    this.maxBytes = maxPasswordBytes(hashers.writeAlgorithm);
  }

  /** Refuses a password no store should get, before anything is claimed or sent to Auth0. */
  checkNewPassword(password: string): void {
    if (password.length === 0 || password.length > MAX_NEW_PASSWORD_LENGTH) {
      throw new PasswordRejectedError(`The password must be between 1 and ${MAX_NEW_PASSWORD_LENGTH} characters.`);
    }
    if (this.maxBytes !== null && Buffer.byteLength(password, "utf8") > this.maxBytes) {
      throw new PasswordRejectedError(
        `The password is too long: at most ${this.maxBytes} bytes are kept by the application's password format ` +
          `(${this.maxBytes} plain letters and digits; fewer with accented letters or emoji). Please choose a shorter one.`,
      );
    }
  }

  async set(request: PasswordSetRequest): Promise<LegacyUser> {
    this.checkNewPassword(request.password);
    const claimId = await this.acquire(request.userId);
    let user: LegacyUser;
    try {
      // Read under the claim: a change that finished meanwhile is seen here.
      const found = await this.users.findById(request.userId);
      if (!found) throw new UserNotFoundError();
      request.precondition?.(found);
      if (!found.isActive) throw new UserNotFoundError();
      user = found;
      await this.updateAuth0(user, request.password, request.method, request.emailProven ? new Date(this.clock()) : undefined, request.provenAddress);
      await this.users.updatePassword(user.id, await this.hashers.encode(request.password));
    } finally {
      await this.claims.release(request.userId, claimId);
    }
    // The old password may be known to someone else: end every session of this user.
    await this.sessions.destroyForUser(user.id);
    this.logger.info({ legacyUserId: user.id, method: request.method }, "password changed in both stores");
    return user;
  }

  /**
   * Waits (bounded) while another change of this user runs, then answers 503 "try again". The
   * lease is far longer than a change takes (the Auth0 budget, a hash), so a slow holder is never
   * overtaken; only a process that died holding the claim makes this user wait for the lease.
   */
  private async acquire(userId: string): Promise<string> {
    const leaseMs = this.options.timeoutMs + 30_000;
    const pollMs = this.options.claimPollMs ?? 50;
    const maxTries = Math.ceil((this.options.timeoutMs + 10_000) / pollMs);
    for (let i = 0; i < maxTries; i++) {
      const claimId = await this.claims.tryAcquire(userId, leaseMs);
      if (claimId) return claimId;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    throw new AuthUnavailableError();
  }

  private async updateLinked(user: LegacyUser, auth0UserId: string, password: string, deadline: Deadline): Promise<void> {
    try {
      await this.gateway.updatePassword(auth0UserId, password, deadline);
    } catch (err) {
      if (err instanceof Auth0NotFoundError) {
        this.logger.error({ legacyUserId: user.id, auth0UserId }, "linked Auth0 user is missing");
      }
      throw passwordChangeError(err);
    }
  }

  private async updateAuth0(
    user: LegacyUser,
    password: string,
    method: PasswordSetRequest["method"],
    emailProvenAt?: Date,
    provenAddress?: string,
  ): Promise<void> {
    const deadline = new Deadline(this.options.timeoutMs, this.clock);
    const link = await this.store.getLink(user.id);
    if (link) return this.updateLinked(user, link.auth0UserId, password, deadline);
    const result = provenAddress
      ? await this.migrator.migrate({ ...user, email: provenAddress }, password, method, deadline, undefined, {
          emailVerified: true,
          emailProvenAt: new Date(this.clock()),
        })
      : await this.migrator.migrate(user, password, method, deadline);
    switch (result.state) {
      case "migrated":
        // A login that migrated the user meanwhile (with the old password) won the link: this
        // change must reach that Auth0 user too, or the stores would disagree.
        if (result.method !== method && result.method !== "linked_existing" && result.auth0UserId) {
          await this.updateLinked(user, result.auth0UserId, password, deadline);
        }
        return;
      case "weak_password":
        throw new PasswordRejectedError(explainPasswordPolicy(result.reason ?? ""));
      case "conflict":
        if (emailProvenAt) {
          return takeOverByEmailProof({ gateway: this.gateway, store: this.store, logger: this.logger }, user, password, emailProvenAt, deadline);
        }
        throw new PasswordRejectedError(CANNOT_MOVE_AUTOMATICALLY);
      case "no_email":
        throw new NeedsOwnEmailError(NO_USABLE_EMAIL);
      default:
        throw new AuthUnavailableError();
    }
  }
}
