import bcrypt from "bcryptjs";
import { bcryptCostOf, verifyBcrypt } from "./BcryptHasher";
import type { WritableHasher } from "./PasswordHasher";

const PREFIX = "bcrypt$";

/**
 * Django's BCryptPasswordHasher: `bcrypt$` + a `$2b$` value of the raw password (so only its
 * first 72 bytes count). Named `django_bcrypt` here: `bcrypt` is the bare modular-crypt form.
 */
export class DjangoBcryptHasher implements WritableHasher {
  readonly algorithm = "django_bcrypt";

  constructor(private readonly cost = 10) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith(PREFIX);
  }

  verify(password: string, encoded: string): Promise<boolean> {
    if (!this.identifies(encoded)) return Promise.resolve(false);
    return verifyBcrypt(password, encoded.slice(PREFIX.length));
  }

  needsRehash(encoded: string): boolean {
    const cost = this.identifies(encoded) ? bcryptCostOf(encoded.slice(PREFIX.length)) : null;
    return cost === null || cost < this.cost;
  }

  async encode(password: string): Promise<string> {
    return PREFIX + (await bcrypt.hash(password, this.cost));
  }
}
