import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import type { PasswordHasher } from "./PasswordHasher";

const SHAPE = /^sha1\$\$([0-9a-f]{40})$/;

/** Django's UnsaltedSHA1PasswordHasher: `sha1$$<hex>` only (a bare SHA-1 is not accepted, as in Django). */
export class UnsaltedSha1Hasher implements PasswordHasher {
  readonly algorithm = "unsalted_sha1";

  identifies(encoded: string): boolean {
    return encoded.startsWith("sha1$$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const hex = SHAPE.exec(encoded)?.[1];
    if (!hex) return false;
    return constantTimeEqual(createHash("sha1").update(password, "utf8").digest("hex"), hex);
  }

  needsRehash(): boolean {
    return true;
  }
}
