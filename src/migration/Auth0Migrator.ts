import type { Auth0Gateway, Auth0User } from "../auth0/Auth0Gateway";
import {
  Auth0BadRequestError,
  Auth0BlockedError,
  Auth0ConflictError,
  Auth0InvalidCredentialsError,
  Auth0PasswordPolicyError,
  Auth0UnavailableError,
} from "../auth0/auth0Errors";
import type { Deadline } from "../auth0/Deadline";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { Logger } from "../logger";
import type { MigrationStore } from "./MigrationStore";
import type { MigrationMethod, MigrationStatus } from "./migrationTypes";

export interface Auth0MigratorOptions {
  requiresUsername: boolean;
  emailVerified: boolean;
  /** How long a claim holds off concurrent attempts; longer than the Auth0 budget. */
  claimLeaseMs: number;
}

/** Whether another legacy user holds an address (compared as the login's lookup compares). */
export interface SharedEmails {
  isEmailShared(email: string): Promise<boolean>;
}

export const SHARED_EMAIL_REASON = "another legacy user has the same email address";

/** Told the outcome of every attempt this process made (metrics); not of attempts it left to another. */
export interface MigrationObserver {
  migrationFinished(status: MigrationStatus): void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function usableEmail(email: string | null): string | null {
  if (!email) return null;
  const trimmed = email.trim();
  return trimmed.length <= 254 && EMAIL.test(trimmed) ? trimmed : null;
}

/**
 * Creates a legacy user in Auth0 with a password just proven, and records the outcome. It
 * never throws for Auth0's answers: each one becomes a migration state.
 */
export class Auth0Migrator {
  constructor(
    private readonly gateway: Auth0Gateway,
    private readonly store: MigrationStore,
    private readonly emails: SharedEmails,
    private readonly options: Auth0MigratorOptions,
    private readonly logger: Logger,
    private readonly observer?: MigrationObserver,
  ) {}

  async migrate(
    user: LegacyUser,
    password: string,
    method: MigrationMethod,
    deadline: Deadline,
    endUserIp?: string,
    /** An address the user just proved (a confirmation link) is created verified, whatever AUTH0_EMAIL_VERIFIED says. */
    overrides: { emailVerified?: boolean; emailProvenAt?: Date } = {},
  ): Promise<MigrationStatus> {
    const email = usableEmail(user.email);
    if (!email) {
      await this.store.recordAttempt(user.id, "no_email", "the legacy user has no usable email address");
      return this.observed(status("no_email", "the legacy user has no usable email address"));
    }
    // A shared address identifies nobody: creating or linking an Auth0 account by it would
    // hand that identity to whichever holder came first.
    if (await this.emails.isEmailShared(email)) {
      await this.store.recordAttempt(user.id, "no_email", SHARED_EMAIL_REASON);
      return this.observed(status("no_email", SHARED_EMAIL_REASON));
    }
    if (!(await this.store.claim(user.id, this.options.claimLeaseMs))) {
      // Another login of this user is migrating it right now; this one does not call Auth0.
      return this.store.getStatus(user.id);
    }
    try {
      const created = await this.gateway.createUser(
        {
          email,
          password,
          emailVerified: overrides.emailVerified ?? this.options.emailVerified,
          legacyId: user.id,
          ...(this.options.requiresUsername ? { username: user.username } : {}),
        },
        deadline,
      );
      return this.observed(await this.link(user, created, method, overrides.emailProvenAt));
    } catch (err) {
      if (err instanceof Auth0ConflictError) return this.observed(await this.linkExisting(user, email, password, method, deadline, endUserIp));
      return this.observed(await this.recordFailure(user, err));
    }
  }

  private observed(result: MigrationStatus): MigrationStatus {
    this.observer?.migrationFinished(result);
    return result;
  }

  /** 409: link the existing account only if this same password opens it (proof of ownership). */
  private async linkExisting(
    user: LegacyUser,
    email: string,
    password: string,
    method: MigrationMethod,
    deadline: Deadline,
    endUserIp: string | undefined,
  ): Promise<MigrationStatus> {
    try {
      const candidates = (await this.gateway.findUsersByEmail(email.toLowerCase(), deadline)).filter((u) => u.email);
      if (candidates.length !== 1) {
        const reason =
          candidates.length === 0
            ? "Auth0 reports the user exists but no account has this email (username taken?)"
            : "several Auth0 accounts have this email";
        await this.store.recordAttempt(user.id, "conflict", reason);
        return status("conflict", reason);
      }
      const existing = candidates[0] as Auth0User;
      await this.gateway.verifyPassword(existing.email as string, password, endUserIp, deadline);
      // Our own earlier create whose link was lost (crash, timeout) heals as a plain login.
      const ours = existing.appMetadata.legacy_id === user.id;
      return await this.link(user, existing, ours ? method : "linked_existing");
    } catch (err) {
      if (err instanceof Auth0InvalidCredentialsError || err instanceof Auth0BlockedError) {
        const reason = "an Auth0 account with this email exists and the password does not open it";
        await this.store.recordAttempt(user.id, "conflict", reason);
        return status("conflict", reason);
      }
      return this.recordFailure(user, err);
    }
  }

  private async link(user: LegacyUser, auth0User: Auth0User, method: MigrationMethod, emailProvenAt?: Date): Promise<MigrationStatus> {
    const outcome = await this.store.link({
      legacyUserId: user.id,
      auth0UserId: auth0User.userId,
      auth0Login: (auth0User.email ?? user.email ?? user.username).toLowerCase(),
      method,
      ...(emailProvenAt ? { emailProvenAt } : {}),
    });
    if (outcome.kind === "taken") {
      const reason = "the Auth0 account is already linked to another legacy user";
      await this.store.recordAttempt(user.id, "conflict", reason);
      return status("conflict", reason);
    }
    this.logger.info({ legacyUserId: user.id, auth0UserId: outcome.link.auth0UserId, method: outcome.link.method }, "user migrated");
    return { state: "migrated", method: outcome.link.method, auth0UserId: outcome.link.auth0UserId, reason: null };
  }

  private async recordFailure(user: LegacyUser, err: unknown): Promise<MigrationStatus> {
    if (err instanceof Auth0PasswordPolicyError) {
      await this.store.recordAttempt(user.id, "weak_password", err.auth0Message);
      return status("weak_password", err.auth0Message);
    }
    if (err instanceof Auth0BadRequestError) {
      const reason = `Auth0 refused the user: ${err.auth0Message}`;
      await this.store.recordAttempt(user.id, "conflict", reason);
      return status("conflict", reason);
    }
    const reason = err instanceof Auth0UnavailableError ? err.reason : "internal_error";
    this.logger.warn({ legacyUserId: user.id, reason, err: describe(err) }, "migration attempt deferred");
    await this.store.recordAttempt(user.id, "pending", reason);
    return status("pending", reason);
  }
}

function status(state: MigrationStatus["state"], reason: string): MigrationStatus {
  return { state, method: null, auth0UserId: null, reason };
}

/** Error name and message only: SDK errors can carry request bodies, which hold passwords. */
function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: "unknown", message: String(err) };
}
