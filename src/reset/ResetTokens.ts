import { createHmac, timingSafeEqual } from "node:crypto";
import type { Clock } from "../auth0/Deadline";

/** What a token is bound to: once any of these changes, every earlier token is dead. */
export interface TokenSubject {
  id: string;
  passwordHash: string | null;
  lastLogin: Date | null;
  email: string | null;
}

// Seconds since 2001-01-01, as Django counts them: small numbers, short tokens.
const EPOCH_MS = Date.UTC(2001, 0, 1);
const KEY_SALT = "auth0-migrate.reset.ResetTokens";

/**
 * Stateless password-reset tokens, after Django's PasswordResetTokenGenerator:
 * `base36(timestamp)-HMAC(user id | password hash | last login | timestamp | email)`.
 * A used token dies because the password hash changes; the signature is checked before
 * the age, in constant time.
 */
export class ResetTokens {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly timeoutSeconds: number,
    private readonly clock: Clock = Date.now,
  ) {
    this.key = createHmac("sha256", KEY_SALT).update(secret).digest();
  }

  make(subject: TokenSubject): string {
    return this.makeAt(subject, this.nowSeconds());
  }

  check(subject: TokenSubject, token: string): boolean {
    if (typeof token !== "string" || token.length > 100) return false;
    const match = /^([0-9a-z]{1,13})-([0-9a-f]{32,64})$/.exec(token);
    if (!match) return false;
    const ts = Number.parseInt(match[1] as string, 36);
    if (!Number.isSafeInteger(ts)) return false;
    const expected = Buffer.from(this.makeAt(subject, ts));
    const given = Buffer.from(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    const age = this.nowSeconds() - ts;
    return age >= 0 && age <= this.timeoutSeconds;
  }

  private makeAt(subject: TokenSubject, ts: number): string {
    // Whole seconds: databases differ in how they round sub-second login times.
    const login = subject.lastLogin ? Math.floor(subject.lastLogin.getTime() / 1000) : "";
    const value = [subject.id, subject.passwordHash ?? "", login, ts, (subject.email ?? "").toLowerCase()].join("|");
    const hash = createHmac("sha256", this.key).update(value).digest("hex");
    return `${ts.toString(36)}-${hash.slice(0, 40)}`;
  }

  private nowSeconds(): number {
    return Math.floor((this.clock() - EPOCH_MS) / 1000);
  }
}

/** The user id as it travels in a reset URL. */
export function encodeUid(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeUid(uid: string): string | null {
  if (typeof uid !== "string" || uid.length === 0 || uid.length > 200 || !/^[A-Za-z0-9_-]+$/.test(uid)) return null;
  const id = Buffer.from(uid, "base64url").toString("utf8");
  return id.length > 0 && encodeUid(id) === uid && !id.includes("\u0000") ? id : null;
}
