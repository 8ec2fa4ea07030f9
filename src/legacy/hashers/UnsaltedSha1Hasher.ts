import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import type { PasswordHasher } from "./PasswordHasher";

const SHAPE = /^sha1\$\$([0-9a-f]{40})$/;

/**
 * Reads `sha1$$<lower-case hex>`, or null for anything the login refuses (the bulk import's
 * converter relies on that: what this refuses is never imported).
 */
export function decodeUnsaltedSha1(encoded: string): { hex: string } | null {
  const hex = SHAPE.exec(encoded)?.[1];
  return hex ? { hex } : null;
}

/** Django's UnsaltedSHA1PasswordHasher: `sha1$$<hex>` only (a bare SHA-1 is not accepted, as in Django). */
export class UnsaltedSha1Hasher implements PasswordHasher {
  readonly algorithm = "unsalted_sha1";

  identifies(encoded: string): boolean {
    return encoded.startsWith("sha1$$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = decodeUnsaltedSha1(encoded);
    if (!d) return false;
    return constantTimeEqual(createHash("sha1").update(password, "utf8").digest("hex"), d.hex);
  }

  needsRehash(): boolean {
    return true;
  }
}
