import bcrypt from "bcryptjs";
import { bcryptCostOf, verifyBcrypt } from "./BcryptHasher";
import type { WritableHasher } from "./PasswordHasher";

/**
 * A modular-crypt bcrypt value behind a framework's prefix (Django's `bcrypt$`, `bcrypt_sha256$`),
 * of the password as `prepare` turns it (unchanged, or pre-hashed).
 */
export class PrefixedBcryptHasher implements WritableHasher {
  constructor(
    readonly algorithm: string,
    private readonly prefix: string,
    private readonly cost: number,
    private readonly prepare: (password: string) => string = (password) => password,
  ) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith(this.prefix);
  }

  verify(password: string, encoded: string): Promise<boolean> {
    if (!this.identifies(encoded)) return Promise.resolve(false);
    return verifyBcrypt(this.prepare(password), encoded.slice(this.prefix.length));
  }

  needsRehash(encoded: string): boolean {
    const cost = this.identifies(encoded) ? bcryptCostOf(encoded.slice(this.prefix.length)) : null;
    return cost === null || cost < this.cost;
  }

  async encode(password: string): Promise<string> {
    return this.prefix + (await bcrypt.hash(this.prepare(password), this.cost));
  }
}
