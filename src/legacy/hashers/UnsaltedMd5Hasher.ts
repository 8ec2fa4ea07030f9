import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import type { PasswordHasher } from "./PasswordHasher";

const BARE = /^[0-9a-fA-F]{32}$/;
const PREFIXED = /^md5\$\$([0-9a-fA-F]{32})$/;

/**
 * Reads a bare 32-hex MD5 or `md5$$<hex>` (either case), as lower-case hex; null for anything the
 * login refuses (the bulk import's converter relies on that: what this refuses is never imported).
 */
export function decodeUnsaltedMd5(encoded: string): { hex: string } | null {
  const hex = BARE.test(encoded) ? encoded : PREFIXED.exec(encoded)?.[1];
  return hex ? { hex: hex.toLowerCase() } : null;
}

/**
 * Django's UnsaltedMD5PasswordHasher: a bare 32-hex MD5 (what many PHP apps stored too) or
 * the `md5$$<hex>` form. Read only. Hex case is ignored: MySQL's MD5() and PHP's md5() both
 * write lower case, but hand-rolled apps sometimes upper-cased it.
 */
export class UnsaltedMd5Hasher implements PasswordHasher {
  readonly algorithm = "unsalted_md5";

  identifies(encoded: string): boolean {
    return BARE.test(encoded) || encoded.startsWith("md5$$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = decodeUnsaltedMd5(encoded);
    if (!d) return false;
    const actual = createHash("md5").update(password, "utf8").digest("hex");
    return constantTimeEqual(actual, d.hex);
  }

  needsRehash(): boolean {
    return true;
  }
}
