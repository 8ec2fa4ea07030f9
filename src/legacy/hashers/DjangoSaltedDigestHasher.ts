import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import type { PasswordHasher } from "./PasswordHasher";

/**
 * Django's salted `sha1$<salt>$<hex>` and `md5$<salt>$<hex>` (digest of salt + password).
 * Read only: one digest is far too cheap to write today.
 */
export class DjangoSaltedDigestHasher implements PasswordHasher {
  private readonly shape: RegExp;

  constructor(readonly algorithm: "sha1" | "md5") {
    const hexLength = algorithm === "sha1" ? 40 : 32;
    // A non-empty salt without `$`; the empty-salt forms belong to the unsalted hashers.
    this.shape = new RegExp(`^${algorithm}\\$([^$]+)\\$([0-9a-f]{${hexLength}})$`);
  }

  identifies(encoded: string): boolean {
    return encoded.startsWith(`${this.algorithm}$`) && !encoded.startsWith(`${this.algorithm}$$`);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const match = this.shape.exec(encoded);
    if (!match) return false;
    const [, salt, hex] = match as unknown as [string, string, string];
    const actual = createHash(this.algorithm).update(salt + password, "utf8").digest("hex");
    return constantTimeEqual(actual, hex);
  }

  needsRehash(): boolean {
    return true;
  }
}
