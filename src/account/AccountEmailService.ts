import { Deadline, type Clock } from "../auth0/Deadline";
import type { Auth0Gateway } from "../auth0/Auth0Gateway";
import { Auth0UnavailableError } from "../auth0/auth0Errors";
import { AuthUnavailableError, InvalidCredentialsError } from "../errors";
import { isUsablePassword } from "../legacy/hashers/HasherRegistry";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import type { Auth0Migrator } from "../migration/Auth0Migrator";
import { usableEmail } from "../migration/Auth0Migrator";
import type { Authenticator } from "../migration/Authenticator";
import type { MigrationStore } from "../migration/MigrationStore";
import type { PasswordSetter } from "../password/PasswordSetter";
import type { Mailer } from "../reset/Mailer";
import { explainPasswordPolicy } from "../reset/resetErrors";
import { AddressUnavailableError, CurrentPasswordTooWeakError, InvalidEmailLinkError, NoEmailNeededError } from "./accountEmailErrors";
import type { EmailConfirmMessage } from "./EmailConfirmMessage";
import type { EmailConfirmTokens } from "./EmailConfirmTokens";

/** A confirmation link resolved by linkTarget: its token, the user it names and the address. */
export interface EmailLinkTarget {
  token: string;
  user: LegacyUser;
  address: string;
}

export interface AccountEmailOptions {
  /** AUTH0_TIMEOUT_MS: the budget of the Auth0 part of one request. */
  timeoutMs: number;
  clock?: Clock;
}

/**
 * "An email address for those who need one": a user with no usable address (none, or one another
 * legacy user shares), or whose address's Auth0 account belongs to another legacy user, gives an
 * address, confirms it with a link sent there, types their password once more, and is created in
 * Auth0 with that address (method `email_added`). The legacy row is never changed.
 */
export class AccountEmailService {
  private readonly clock: Clock;

  constructor(
    private readonly users: LegacyUserStore,
    private readonly store: MigrationStore,
    private readonly gateway: Auth0Gateway,
    private readonly migrator: Auth0Migrator,
    private readonly authenticator: Authenticator,
    private readonly setter: PasswordSetter,
    private readonly tokens: EmailConfirmTokens,
    private readonly mailer: Mailer,
    private readonly message: EmailConfirmMessage,
    private readonly options: AccountEmailOptions,
    private readonly logger: Logger,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Whether this unlinked user needs (and may give) another address: theirs is unusable (the
   * `no_email` state), shared with another legacy user (also `no_email`: it identifies nobody), or
   * its Auth0 account belongs to another legacy user (a `conflict`). Read from the data, not the
   * recorded state, which the last attempt (a weak password, an outage) may have replaced.
   * A squatter's account is taken back with a reset link instead (takeOverByEmailProof).
   */
  async needsEmail(user: LegacyUser): Promise<boolean> {
    if (!user.isActive || !isUsablePassword(user.passwordHash)) return false;
    if (await this.store.getLink(user.id)) return false;
    const own = usableEmail(user.email);
    if (own === null) return true;
    return (await this.users.isEmailShared(own)) || (await this.store.isEmailLinkedToOther(own, user.id));
  }

  /** Checks the address and mails a confirmation link to it. */
  async request(user: LegacyUser, rawAddress: string): Promise<string> {
    if (!(await this.needsEmail(user))) throw new NoEmailNeededError();
    const address = usableEmail(rawAddress);
    if (!address) throw new AddressUnavailableError();
    await this.ensureFree(user, address);
    const link = this.message.linkFor(this.tokens.make(user, address));
    const { messageId } = await this.mailer.send(this.message.compose(user, address, link));
    this.logger.info({ legacyUserId: user.id, messageId }, "email confirmation link sent");
    return address;
  }

  /** The user and address a confirmation link names, if it is valid now. */
  async linkTarget(token: string): Promise<EmailLinkTarget> {
    const claims = this.tokens.peek(token);
    const user = claims ? await this.users.findById(claims.userId) : null;
    if (!claims || !user || !this.tokens.check(user, token) || !(await this.needsEmail(user))) throw new InvalidEmailLinkError();
    return { token, user, address: claims.address };
  }

  /**
   * The password is checked by the login itself (throttled, legacy hash); then the user is created
   * in Auth0 with the proven address, verified, and linked. A refusal changes neither store.
   * `link` comes from linkTarget in the same request (resolved once); what may change after it
   * (the login, a concurrent confirm) is checked again below.
   */
  async confirm(link: EmailLinkTarget, password: string, ip: string, newPassword?: string): Promise<{ user: LegacyUser; address: string }> {
    const { token, user, address } = link;
    if (newPassword !== undefined) this.setter.checkNewPassword(newPassword);
    await this.ensureFree(user, address);
    const { user: loggedIn } = await this.authenticator.authenticate(user.username, password, { ip });
    if (loggedIn.id !== user.id) throw new InvalidCredentialsError();
    if (newPassword !== undefined) {
      // A current password Auth0's policy refuses: the new one goes to both stores (Auth0 first),
      // through the one code path for password changes. The token is checked again under its
      // claim: of two confirms racing, the second sees the new hash and is refused.
      const changed = await this.setter.set({
        userId: user.id,
        password: newPassword,
        method: "email_added",
        provenAddress: address,
        precondition: (current) => {
          if (!this.tokens.check(current, token)) throw new InvalidEmailLinkError();
        },
      });
      this.logger.info({ legacyUserId: user.id }, "email address added and user migrated with a new password");
      return { user: changed, address };
    }
    // The login just now may have changed things (a concurrent confirm linked the user): look
    // again. Not at the token: a re-hash on login (LEGACY_REHASH_ON_LOGIN) may have changed the hash.
    const current = await this.users.findById(user.id);
    if (!current || !(await this.needsEmail(current))) throw new InvalidEmailLinkError();
    const deadline = new Deadline(this.options.timeoutMs, this.clock);
    const result = await this.migrator.migrate({ ...current, email: address }, password, "email_added", deadline, ip, {
      emailVerified: true,
      emailProvenAt: new Date(this.clock()),
    });
    switch (result.state) {
      case "migrated":
        if (result.method !== "email_added") {
          this.logger.warn({ legacyUserId: user.id, method: result.method }, "email confirmation found the user migrated otherwise");
        }
        this.logger.info({ legacyUserId: user.id }, "email address added and user migrated");
        return { user: current, address };
      case "weak_password":
        throw new CurrentPasswordTooWeakError(
          `Your current password does not meet the new login system's rules, so nothing was changed. Please choose a new one below. ${explainPasswordPolicy(result.reason ?? "")}`,
        );
      case "conflict":
      case "no_email":
        throw new AddressUnavailableError();
      default:
        throw new AuthUnavailableError();
    }
  }

  /** Refuses an address any other legacy user or any Auth0 user has; says not which. */
  private async ensureFree(user: LegacyUser, address: string): Promise<void> {
    const lower = address.toLowerCase();
    if ((await this.users.findAllByEmail(address, 1)).length > 0) throw new AddressUnavailableError();
    if (await this.store.isEmailLinkedToOther(lower, user.id)) throw new AddressUnavailableError();
    let inAuth0: unknown[];
    try {
      inAuth0 = await this.gateway.findUsersByEmail(lower, new Deadline(this.options.timeoutMs, this.clock));
    } catch (err) {
      if (err instanceof Auth0UnavailableError) throw new AuthUnavailableError({ cause: err });
      throw err;
    }
    if (inAuth0.length > 0) throw new AddressUnavailableError();
  }
}
