import { createHmac } from "node:crypto";
import type { Clock } from "../auth0/Deadline";
import { tokensMatch } from "./tokensMatch";

// Seconds since 2001-01-01, as Django counts them: small numbers, short tokens.
const EPOCH_MS = Date.UTC(2001, 0, 1);

/**
 * The mechanics shared by the stateless tokens after Django's PasswordResetTokenGenerator
 * (reset links, email confirmations): a key derived from the secret and a per-kind salt (so one
 * kind of token never passes as another), a timestamp in seconds, a truncated HMAC, and a check
 * that compares in constant time before it looks at the age.
 */
export class TimestampedHmac {
  private readonly key: Buffer;

  constructor(
    secret: string,
    keySalt: string,
    private readonly timeoutSeconds: number,
    private readonly clock: Clock = Date.now,
  ) {
    this.key = createHmac("sha256", keySalt).update(secret).digest();
  }

  nowSeconds(): number {
    return Math.floor((this.clock() - EPOCH_MS) / 1000);
  }

  /** 40 hex digits of HMAC-SHA256 over the value. */
  sign(value: string): string {
    return createHmac("sha256", this.key).update(value).digest("hex").slice(0, 40);
  }

  /** Whether `given` equals `expected` (in constant time) and a token stamped `ts` is not too old or from the future. */
  holds(expected: string, given: string, ts: number): boolean {
    if (!tokensMatch(expected, given)) return false;
    const age = this.nowSeconds() - ts;
    return age >= 0 && age <= this.timeoutSeconds;
  }
}

/** A base-36 timestamp as it stands in a token; null when it is not a safe integer. */
export function parseTimestamp(base36: string): number | null {
  const ts = Number.parseInt(base36, 36);
  return Number.isSafeInteger(ts) ? ts : null;
}

export function encodeBase64url(value: string): string {
  return Buffer.from(value, "utf8").toString("base64url");
}

/** The string a base64url part names; null unless the part is its canonical spelling (one token, one string) and free of NUL. */
export function decodeCanonicalBase64url(part: string): string | null {
  const decoded = Buffer.from(part, "base64url").toString("utf8");
  return decoded.length > 0 && encodeBase64url(decoded) === part && !decoded.includes("\u0000") ? decoded : null;
}
