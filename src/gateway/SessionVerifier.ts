import type { LegacyUser } from "../legacy/LegacyUser";
import type { MigrationStatus } from "../migration/migrationTypes";
import { tokensMatch } from "../tokens/tokensMatch";
import type { PasswordFingerprint } from "./passwordFingerprint";
import type { PasswordSuccessions } from "./PasswordSuccessions";
import type { VerifyCache } from "./VerifyCache";

/** Who a valid session belongs to, as /auth/verify hands it to the application. */
export interface VerifiedIdentity {
  userId: string;
  username: string;
  email: string | null;
  auth0UserId: string | null;
  migrationState: string;
}

/** What one instance remembers about a session cookie for AUTH_VERIFY_CACHE_SECONDS. */
export interface CachedVerdict {
  /** The cookie's signature that was checked: the same cookie again needs no new HMAC. */
  signature: string;
  identity: VerifiedIdentity | null;
}

export interface VerifierSessions {
  get(sid: string): Promise<Record<string, unknown> | undefined>;
  destroy(sid: string): Promise<void>;
}

export interface VerifierDeps {
  sessions: VerifierSessions;
  users: { findById(id: string): Promise<LegacyUser | null> };
  migrations: { getStatus(legacyUserId: string): Promise<MigrationStatus> };
  fingerprint: PasswordFingerprint;
  successions: Pick<PasswordSuccessions, "leadsTo">;
  cache: VerifyCache<CachedVerdict>;
}

/**
 * Decides whether a session id still stands for an active user whose password has not changed
 * since the login; a session that no longer does is ended.
 */
export class SessionVerifier {
  constructor(private readonly deps: VerifierDeps) {}

  /** The verdict remembered for exactly this cookie (id and signature); undefined when there is none. */
  remembered(sid: string, signature: string): VerifiedIdentity | null | undefined {
    const cached = this.deps.cache.get(sid);
    return cached && tokensMatch(cached.signature, signature) ? cached.identity : undefined;
  }

  /** For a session id whose cookie signature the caller has checked. */
  async verify(sid: string, signature: string): Promise<VerifiedIdentity | null> {
    const known = this.remembered(sid, signature);
    if (known !== undefined) return known;
    const identity = await this.lookUp(sid);
    this.deps.cache.set(sid, { signature, identity });
    return identity;
  }

  /** Called whenever a session ends here (logout, a new login), so it stops verifying at once. */
  forget(sid: string): void {
    this.deps.cache.forget(sid);
  }

  private async lookUp(sid: string): Promise<VerifiedIdentity | null> {
    const data = await this.deps.sessions.get(sid);
    const uid = data?.uid;
    if (typeof uid !== "string") return null;
    // Both by the session's user id, side by side: one round trip less when nothing is cached.
    const [user, migration] = await Promise.all([this.deps.users.findById(uid), this.deps.migrations.getStatus(uid)]);
    if (!user || !user.isActive || !(await this.passwordUnchanged(user, data?.pw))) {
      await this.deps.sessions.destroy(sid);
      return null;
    }
    return {
      userId: user.id,
      username: user.username,
      email: user.email,
      auth0UserId: migration.auth0UserId,
      migrationState: migration.state,
    };
  }

  /**
   * The hash is the one of the login, or one this service re-wrote from it with the same
   * password. A session from before fingerprints existed has none: it cannot prove anything.
   */
  private async passwordUnchanged(user: LegacyUser, sessionFingerprint: unknown): Promise<boolean> {
    if (typeof sessionFingerprint !== "string") return false;
    const current = this.deps.fingerprint(user.passwordHash);
    return sessionFingerprint === current || (await this.deps.successions.leadsTo(user.id, sessionFingerprint, current));
  }
}

