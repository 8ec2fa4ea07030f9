import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { bcryptCostOf, verifyBcrypt } from "./BcryptHasher";
import type { WritableHasher } from "./PasswordHasher";

const PREFIX = "bcrypt_sha256$";

// Django feeds bcrypt the hex SHA-256 of the password (64 bytes), so long passwords are not
// truncated at 72 bytes.
function prehash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("hex");
}

/** Django's BCryptSHA256PasswordHasher: `bcrypt_sha256$$2b$<cost>$...`. */
export class BcryptSha256Hasher implements WritableHasher {
  readonly algorithm = "bcrypt_sha256";

  constructor(private readonly cost = 10) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith(PREFIX);
  }

  verify(password: string, encoded: string): Promise<boolean> {
    if (!this.identifies(encoded)) return Promise.resolve(false);
    return verifyBcrypt(prehash(password), encoded.slice(PREFIX.length));
  }

  needsRehash(encoded: string): boolean {
    const cost = this.identifies(encoded) ? bcryptCostOf(encoded.slice(PREFIX.length)) : null;
    return cost === null || cost < this.cost;
  }

  async encode(password: string): Promise<string> {
    return PREFIX + (await bcrypt.hash(prehash(password), this.cost));
  }
}
