import type { Auth0Gateway } from "../auth0/Auth0Gateway";
import { Auth0BlockedError, Auth0InvalidCredentialsError, Auth0UnavailableError } from "../auth0/auth0Errors";
import { Deadline, type Clock } from "../auth0/Deadline";
import type { OutagePolicy } from "../config";
import { AuthUnavailableError, InvalidCredentialsError } from "../errors";
import type { PasswordHashing } from "../legacy/hashers/PasswordHashing";
import type { LegacyLookup, LegacyUser } from "../legacy/LegacyUser";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import type { Auth0Migrator } from "./Auth0Migrator";
import type { Authenticator } from "./Authenticator";
import type { MigrationStore } from "./MigrationStore";
import type { Auth0Link, MigrationStatus } from "./migrationTypes";

/**
 * What the bulk-import safety net (ImportRepair) made of a refused linked login: `repaired` (the
 * password is set in Auth0, the user goes in), `weak_password` (proven, but the tenant's policy
 * refuses to store it: the user goes in and is asked for a new one, as a first login would be),
 * or `refused`.
 */
export type RepairOutcome = "repaired" | "weak_password" | "refused";

export interface LinkedLoginRepair {
  /** Whether this link may be repaired at all: its legacy hash is then checked alongside Auth0 (timing). */
  covers(link: Auth0Link): boolean;
  /** `legacyVerified`: the legacy hash's verdict on this password, already computed. */
  tryRepair(user: LegacyUser, link: Auth0Link, legacyVerified: boolean, password: string, deadline: Deadline): Promise<RepairOutcome>;
}

export interface LoginContext {
  /** The end user's IP, forwarded to Auth0's password grant. */
  ip?: string;
  /** The lookup of this identifier already made in front of the login (the throttle's key): not repeated. */
  lookup?: LegacyLookup;
}

export interface LoginResult {
  user: LegacyUser;
  migration: MigrationStatus;
}

export interface BackendOptions {
  timeoutMs: number;
  outagePolicy: OutagePolicy;
  /** LEGACY_REHASH_ON_LOGIN: upgrade a weak legacy hash after a right legacy password. */
  rehashOnLogin?: boolean;
  clock?: Clock;
  /**
   * Told before this service re-writes a legacy hash with the same password (re-hash, local
   * re-sync), so sessions bound to the old hash keep verifying (gateway mode).
   */
  beforeHashRewrite?: (legacyUserId: string, previousHash: string | null, nextHash: string) => Promise<void>;
}

// Long enough for any real identifier or passphrase; longer input is refused before hashing.
export const MAX_IDENTIFIER_LENGTH = 254;
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * The MigrateToAuth0 backend: linked users are checked by Auth0 (the source of truth),
 * unlinked users by the legacy hash, and migrated on their first correct login.
 */
export class MigrateToAuth0Backend implements Authenticator {
  private readonly clock: Clock;
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly users: LegacyUserStore,
    private readonly hashers: PasswordHashing,
    private readonly gateway: Auth0Gateway,
    private readonly store: MigrationStore,
    private readonly migrator: Auth0Migrator,
    private readonly options: BackendOptions,
    private readonly logger: Logger,
    private readonly repair?: LinkedLoginRepair,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  async authenticate(identifier: string, password: string, context: LoginContext = {}): Promise<LoginResult> {
    if (!identifier || !password || identifier.length > MAX_IDENTIFIER_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      await this.hashers.runDummy(password.slice(0, MAX_PASSWORD_LENGTH));
      throw new InvalidCredentialsError();
    }
    const lookup = context.lookup ?? (await this.users.findByIdentifier(identifier.trim()));
    const user = lookup.kind === "found" ? lookup.user : null;
    if (!user || !user.isActive || !user.passwordHash || user.passwordHash.startsWith("!")) {
      // The same cost as a real check, and the same error: nothing tells these cases apart.
      await this.hashers.runDummy(password);
      throw new InvalidCredentialsError();
    }
    const link = await this.store.getLink(user.id);
    const result = link
      ? await this.authenticateLinked(user, link, password, context)
      : await this.authenticateUnlinked(user, password, context);
    await this.users.touchLastLogin(user.id, new Date(this.clock()));
    return result;
  }

  /**
   * A linked user's password is Auth0's to check, but an answer that costs only Auth0's round
   * trip (a few ms from a nearby tenant or the emulator) would tell a migrated account from an
   * unknown one, which costs a dummy hash. So a dummy hash runs alongside the Auth0 call and
   * every answer waits for both (Django's harden_runtime idea): none is cheaper than one hash.
   */
  private async authenticateLinked(user: LegacyUser, link: Auth0Link, password: string, context: LoginContext): Promise<LoginResult> {
    // Where the safety net may need the legacy verdict, it is the padding: computed alongside
    // Auth0, so a refused password costs no more than an accepted one. Never rejects: a hashing
    // pool refusing the padding must not fail a login Auth0 answered.
    const legacyCheck = this.repair?.covers(link) ? this.hashers.verify(password, user.passwordHash) : this.hashers.runDummy(password).then(() => false);
    const padding = legacyCheck.then(
      (verified) => verified,
      () => false,
    );
    try {
      return await this.checkLinked(user, link, password, context, padding);
    } finally {
      await padding;
    }
  }

  private async checkLinked(user: LegacyUser, link: Auth0Link, password: string, context: LoginContext, legacyVerdict: Promise<boolean>): Promise<LoginResult> {
    const migration: MigrationStatus = { state: "migrated", method: link.method, auth0UserId: link.auth0UserId, reason: null };
    // One budget for the whole login, the safety net's calls included (DESIGN: AUTH0_TIMEOUT_MS).
    const deadline = new Deadline(this.options.timeoutMs, this.clock);
    try {
      await this.gateway.verifyPassword(link.auth0Login, password, context.ip, deadline);
    } catch (err) {
      if (err instanceof Auth0InvalidCredentialsError && this.repair?.covers(link)) {
        // A bulk-imported hash Auth0 accepted but cannot verify: repaired only on the proofs ImportRepair checks.
        const outcome = await this.repair.tryRepair(user, link, await legacyVerdict, password, deadline);
        if (outcome === "repaired") return { user, migration };
        if (outcome === "weak_password") return { user, migration: { ...migration, state: "weak_password", reason: "the password does not meet Auth0's password policy" } };
      }
      if (err instanceof Auth0InvalidCredentialsError || err instanceof Auth0BlockedError) throw new InvalidCredentialsError();
      if (err instanceof Auth0UnavailableError) {
        this.logger.warn({ legacyUserId: user.id, reason: err.reason, policy: this.options.outagePolicy }, "auth0 unavailable for a linked login");
        if (this.options.outagePolicy === "legacy" && (await this.hashers.verify(password, user.passwordHash))) return { user, migration };
        if (this.options.outagePolicy === "legacy") throw new InvalidCredentialsError();
        throw new AuthUnavailableError({ cause: err });
      }
      throw err;
    }
    // Only the `legacy` outage policy reads the local hash of a linked user: keep it true to
    // Auth0 (a password changed in Auth0 directly), off the answer's path.
    if (this.options.outagePolicy === "legacy") this.resyncLocalHash(user, password);
    return { user, migration };
  }

  private resyncLocalHash(user: LegacyUser, password: string): void {
    this.runInBackground(async () => {
      if (await this.hashers.verify(password, user.passwordHash)) return;
      const nextHash = await this.hashers.encode(password);
      await this.options.beforeHashRewrite?.(user.id, user.passwordHash, nextHash);
      await this.users.updatePassword(user.id, nextHash);
    }, user, "local hash re-sync failed");
  }

  /**
   * The legacy app keeps reading this hash until switch-over: write it in its own format at
   * the configured cost, off the answer's path. Only if the row still holds the hash just
   * verified, so a concurrent password reset wins.
   */
  private rehashLegacyHash(user: LegacyUser, password: string, verifiedHash: string): void {
    this.runInBackground(async () => {
      const nextHash = await this.hashers.encode(password);
      await this.options.beforeHashRewrite?.(user.id, verifiedHash, nextHash);
      const upgraded = await this.users.replacePasswordHash(user.id, verifiedHash, nextHash);
      this.logger.info({ legacyUserId: user.id, format: this.hashers.writeAlgorithm, upgraded }, "legacy hash re-hashed on login");
    }, user, "legacy hash re-hash failed");
  }

  private runInBackground(work: () => Promise<void>, user: LegacyUser, failure: string): void {
    const job = work().catch((err: unknown) => {
      this.logger.error({ legacyUserId: user.id, err: err instanceof Error ? err.message : String(err) }, failure);
    });
    this.background.add(job);
    void job.finally(() => this.background.delete(job));
  }

  /** Waits for background re-syncs and re-hashes (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  private async authenticateUnlinked(user: LegacyUser, password: string, context: LoginContext): Promise<LoginResult> {
    if (!(await this.hashers.verify(password, user.passwordHash))) throw new InvalidCredentialsError();
    // The password is right: the login succeeds whatever happens next.
    if (this.options.rehashOnLogin && user.passwordHash && this.hashers.needsRehash(user.passwordHash)) {
      this.rehashLegacyHash(user, password, user.passwordHash);
    }
    let migration: MigrationStatus;
    try {
      migration = await this.migrator.migrate(user, password, "login", new Deadline(this.options.timeoutMs, this.clock), context.ip);
    } catch (err) {
      this.logger.error({ legacyUserId: user.id, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, "migration attempt failed");
      migration = { state: "pending", method: null, auth0UserId: null, reason: "internal_error" };
    }
    return { user, migration };
  }
}
