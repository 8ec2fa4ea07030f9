import { constantTimeEqual } from "./constantTimeEqual";
import { desCrypt } from "./desCrypt";
import type { PasswordHasher } from "./PasswordHasher";

// Django 1.4+ writes an empty salt field (`crypt$$ab...`); Django 1.0-1.3 stored `crypt$<salt>$ab...`.
// Either way the 13-character crypt carries its own 2-character salt, which is what Django verifies with.
const SHAPE = /^crypt\$[^$]*\$([./0-9A-Za-z]{13})$/;

/**
 * Django's CryptPasswordHasher (traditional DES crypt(3); removed in Django 5.0). Read only:
 * only the first 8 characters of a password count and the salt has 12 bits.
 */
export class DjangoCryptHasher implements PasswordHasher {
  readonly algorithm = "crypt";

  identifies(encoded: string): boolean {
    return encoded.startsWith("crypt$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const data = SHAPE.exec(encoded)?.[1];
    // Python's crypt refuses a password with a NUL (Django could never have stored one).
    if (!data || password.includes("\u0000")) return false;
    const actual = desCrypt(Buffer.from(password, "utf8"), data.slice(0, 2));
    return actual !== undefined && constantTimeEqual(actual, data);
  }

  needsRehash(): boolean {
    return true;
  }
}
