import type { Clock } from "../auth0/Deadline";
import { decodeCanonicalBase64url, encodeBase64url, parseTimestamp, TimestampedHmac } from "../tokens/TimestampedHmac";

/** What a token is bound to: once any of these changes, every earlier token is dead. */
export interface TokenSubject {
  id: string;
  passwordHash: string | null;
  lastLogin: Date | null;
  email: string | null;
}

const KEY_SALT = "auth0-migrate.reset.ResetTokens";

/**
 * Stateless password-reset tokens, after Django's PasswordResetTokenGenerator:
 * `base36(timestamp)-HMAC(user id | password hash | last login | timestamp | email)`.
 * A used token dies because the password hash changes; the signature is checked before
 * the age, in constant time.
 */
export class ResetTokens {
  private readonly hmac: TimestampedHmac;

  constructor(secret: string, timeoutSeconds: number, clock: Clock = Date.now) {
    this.hmac = new TimestampedHmac(secret, KEY_SALT, timeoutSeconds, clock);
  }

  make(subject: TokenSubject): string {
    return this.makeAt(subject, this.hmac.nowSeconds());
  }

  check(subject: TokenSubject, token: string): boolean {
    if (typeof token !== "string" || token.length > 100) return false;
    const match = /^([0-9a-z]{1,13})-([0-9a-f]{32,64})$/.exec(token);
    if (!match) return false;
    const ts = parseTimestamp(match[1] as string);
    if (ts === null) return false;
    // The whole token, not only its signature: one spelling of the timestamp.
    return this.hmac.holds(this.makeAt(subject, ts), token, ts);
  }

  private makeAt(subject: TokenSubject, ts: number): string {
    // Whole seconds: databases differ in how they round sub-second login times.
    const login = subject.lastLogin ? Math.floor(subject.lastLogin.getTime() / 1000) : "";
    const value = [subject.id, subject.passwordHash ?? "", login, ts, (subject.email ?? "").toLowerCase()].join("|");
    return `${ts.toString(36)}-${this.hmac.sign(value)}`;
  }
}

/** The user id as it travels in a reset URL. */
export function encodeUid(id: string): string {
  return encodeBase64url(id);
}

export function decodeUid(uid: string): string | null {
  if (typeof uid !== "string" || uid.length === 0 || uid.length > 200 || !/^[A-Za-z0-9_-]+$/.test(uid)) return null;
  return decodeCanonicalBase64url(uid);
}
