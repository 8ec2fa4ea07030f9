import { randomBytes } from "node:crypto";

/** A pending /authorize request, waiting for the login form. */
export interface AuthorizeTransaction {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string | undefined;
  nonce: string | undefined;
  scope: string;
  expiresAt: number;
  /** Set once the password is right for a user enrolled in MFA: the code page is next. */
  mfaUserId?: string;
  mfaAttempts?: number;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  scope: string;
  userId: string;
  authTime: number;
  /** How the user authenticated (`pwd`, `mfa`), for the ID token's `amr`. */
  amr: string[];
  expiresAt: number;
}

export interface LoginSession {
  userId: string;
  authTime: number;
  amr: string[];
  expiresAt: number;
}

const TRANSACTION_MS = 10 * 60_000;
/** Codes are exchanged by the relying party right away; a minute is plenty. */
const CODE_MS = 60_000;
const SESSION_MS = 24 * 3600_000;
export const USERINFO_TOKEN_SECONDS = 86_400;
const MAX_ENTRIES = 10_000;

function id(): string {
  return randomBytes(24).toString("base64url");
}

/** Bounded map with expiry: the oldest entries go first when full. */
class ExpiringMap<V extends { expiresAt: number }> {
  private readonly map = new Map<string, V>();
  constructor(private readonly now: () => number) {}

  put(key: string, value: V): void {
    this.map.set(key, value);
    if (this.map.size > MAX_ENTRIES) {
      const t = this.now();
      for (const [k, v] of this.map) if (v.expiresAt <= t) this.map.delete(k);
      for (const k of this.map.keys()) {
        if (this.map.size <= MAX_ENTRIES) break;
        this.map.delete(k);
      }
    }
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    if (v.expiresAt <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return v;
  }

  /** Removes and returns: a value can be taken once. */
  take(key: string): V | undefined {
    const v = this.get(key);
    this.map.delete(key);
    return v;
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

/** The emulator's Universal Login state: pending logins, browser sessions, codes, userinfo tokens. */
export class OidcSessions {
  private readonly transactions: ExpiringMap<AuthorizeTransaction>;
  private readonly codes: ExpiringMap<AuthorizationCode>;
  private readonly sessions: ExpiringMap<LoginSession>;
  private readonly userinfoTokens: ExpiringMap<{ userId: string; expiresAt: number }>;

  constructor(private readonly now: () => number) {
    this.transactions = new ExpiringMap(now);
    this.codes = new ExpiringMap(now);
    this.sessions = new ExpiringMap(now);
    this.userinfoTokens = new ExpiringMap(now);
  }

  startTransaction(tx: Omit<AuthorizeTransaction, "expiresAt">): string {
    const key = id();
    this.transactions.put(key, { ...tx, expiresAt: this.now() + TRANSACTION_MS });
    return key;
  }

  transaction(key: string): AuthorizeTransaction | undefined {
    return this.transactions.get(key);
  }

  endTransaction(key: string): void {
    this.transactions.delete(key);
  }

  issueCode(code: Omit<AuthorizationCode, "expiresAt">): string {
    const key = id();
    this.codes.put(key, { ...code, expiresAt: this.now() + CODE_MS });
    return key;
  }

  /** Single use: a second call with the same code finds nothing, whatever the first one decided. */
  takeCode(key: string): AuthorizationCode | undefined {
    return this.codes.take(key);
  }

  startSession(userId: string, amr: string[]): string {
    const key = id();
    const now = this.now();
    this.sessions.put(key, { userId, authTime: now, amr, expiresAt: now + SESSION_MS });
    return key;
  }

  session(key: string): LoginSession | undefined {
    return this.sessions.get(key);
  }

  endSession(key: string): void {
    this.sessions.delete(key);
  }

  issueUserinfoToken(userId: string): string {
    const key = id();
    this.userinfoTokens.put(key, { userId, expiresAt: this.now() + USERINFO_TOKEN_SECONDS * 1000 });
    return key;
  }

  userinfoUser(token: string): string | undefined {
    return this.userinfoTokens.get(token)?.userId;
  }

  clear(): void {
    this.transactions.clear();
    this.codes.clear();
    this.sessions.clear();
    this.userinfoTokens.clear();
  }
}
