import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import type { PasswordHasher } from "./PasswordHasher";

// A non-empty salt without `$`; the empty-salt forms belong to the unsalted hashers.
const SHAPES = {
  sha1: /^sha1\$([^$]+)\$([0-9a-f]{40})$/,
  md5: /^md5\$([^$]+)\$([0-9a-f]{32})$/,
} as const;

export interface DjangoSaltedDigest {
  /** The salt text, hashed as a UTF-8 prefix of the password. */
  salt: string;
  /** Lower-case hex, as Django writes it. */
  hex: string;
}

/**
 * Reads `<algorithm>$<salt>$<hex>`, or null for anything the login refuses (the bulk import's
 * converter relies on that: what this refuses is never imported).
 */
export function decodeDjangoSaltedDigest(algorithm: "sha1" | "md5", encoded: string): DjangoSaltedDigest | null {
  const match = SHAPES[algorithm].exec(encoded);
  if (!match) return null;
  const [, salt, hex] = match as unknown as [string, string, string];
  return { salt, hex };
}

/**
 * Django's salted `sha1$<salt>$<hex>` and `md5$<salt>$<hex>` (digest of salt + password).
 * Read only: one digest is far too cheap to write today.
 */
export class DjangoSaltedDigestHasher implements PasswordHasher {
  constructor(readonly algorithm: "sha1" | "md5") {}

  identifies(encoded: string): boolean {
    return encoded.startsWith(`${this.algorithm}$`) && !encoded.startsWith(`${this.algorithm}$$`);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = decodeDjangoSaltedDigest(this.algorithm, encoded);
    if (!d) return false;
    const actual = createHash(this.algorithm).update(d.salt + password, "utf8").digest("hex");
    return constantTimeEqual(actual, d.hex);
  }

  needsRehash(): boolean {
    return true;
  }
}
