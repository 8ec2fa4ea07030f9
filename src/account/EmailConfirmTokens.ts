import type { Clock } from "../auth0/Deadline";
import { decodeCanonicalBase64url as unb64, encodeBase64url as b64, parseTimestamp, TimestampedHmac } from "../tokens/TimestampedHmac";

/** What a confirmation token is bound to besides the address: once one changes, the token is dead. */
export interface EmailTokenSubject {
  id: string;
  passwordHash: string | null;
  email: string | null;
}

export interface EmailTokenClaims {
  userId: string;
  address: string;
}

// Another salt than the reset tokens': a reset token can never pass as an address confirmation.
const KEY_SALT = "auth0-migrate.account.EmailConfirmTokens";
const MAX_TOKEN_LENGTH = 800;

/**
 * Stateless tokens for the link that confirms an added email address, after Django's
 * PasswordResetTokenGenerator: `b64url(user id).b64url(address).base36(timestamp).HMAC(user id |
 * address | password hash | legacy email | timestamp)`. Bound to the user and the address; dead
 * when the password or the legacy email changes, after the timeout, and once used (the user is
 * then linked, which the confirm checks). The signature is checked first, in constant time.
 */
export class EmailConfirmTokens {
  private readonly hmac: TimestampedHmac;

  constructor(secret: string, timeoutSeconds: number, clock: Clock = Date.now) {
    this.hmac = new TimestampedHmac(secret, KEY_SALT, timeoutSeconds, clock);
  }

  make(subject: EmailTokenSubject, address: string): string {
    const ts = this.hmac.nowSeconds();
    return [b64(subject.id), b64(address), ts.toString(36), this.sign(subject, address, ts)].join(".");
  }

  /** The user id and address a token names, before any check; null when it is not shaped like one. */
  peek(token: string): EmailTokenClaims | null {
    const parts = this.split(token);
    return parts ? { userId: parts.userId, address: parts.address } : null;
  }

  /** Whether the token is valid now for this user (as read from the database). */
  check(subject: EmailTokenSubject, token: string): boolean {
    const parts = this.split(token);
    if (!parts || parts.userId !== subject.id) return false;
    return this.hmac.holds(this.sign(subject, parts.address, parts.ts), parts.signature, parts.ts);
  }

  private split(token: string): (EmailTokenClaims & { ts: number; signature: string }) | null {
    if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([0-9a-z]{1,13})\.([0-9a-f]{40})$/.exec(token);
    if (!match) return null;
    const userId = unb64(match[1] as string);
    const address = unb64(match[2] as string);
    const ts = parseTimestamp(match[3] as string);
    if (userId === null || address === null || ts === null) return null;
    return { userId, address, ts, signature: match[4] as string };
  }

  private sign(subject: EmailTokenSubject, address: string, ts: number): string {
    // JSON, not a separator: an address may contain any separator.
    const value = JSON.stringify([subject.id, address.toLowerCase(), subject.passwordHash ?? "", (subject.email ?? "").toLowerCase(), ts]);
    return this.hmac.sign(value);
  }
}
