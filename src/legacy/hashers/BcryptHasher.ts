import bcrypt from "bcryptjs";
import type { PasswordHasher } from "./PasswordHasher";

const SHAPE = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/** bcrypt `$2a$`, `$2b$` and PHP's `$2y$` (the same algorithm under another prefix). */
export class BcryptHasher implements PasswordHasher {
  readonly algorithm = "bcrypt";

  constructor(private readonly cost = 10) {}

  identifies(encoded: string): boolean {
    return SHAPE.test(encoded);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    if (!this.identifies(encoded)) return false;
    const normalized = encoded.startsWith("$2y$") ? `$2b$${encoded.slice(4)}` : encoded;
    try {
      return await bcrypt.compare(password, normalized);
    } catch {
      return false;
    }
  }

  async encode(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }
}
