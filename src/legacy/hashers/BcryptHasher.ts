import bcrypt from "bcryptjs";
import type { WritableHasher } from "./PasswordHasher";

// Costs 04..31 are valid bcrypt. A stored cost of 31 takes days to check: the format is
// accepted (it is real bcrypt), and docs/password-formats.md tells operators to look for it.
const SHAPE = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

export function bcryptCostOf(encoded: string): number | null {
  return SHAPE.test(encoded) ? Number(encoded.slice(4, 6)) : null;
}

/**
 * Verifies a modular-crypt bcrypt value. bcryptjs reads the password as UTF-8 and keeps its
 * first 72 bytes, as OpenBSD's and PHP's implementations do.
 */
export async function verifyBcrypt(password: string, encoded: string): Promise<boolean> {
  if (!SHAPE.test(encoded)) return false;
  // PHP's `$2y$` is the same algorithm as `$2b$`; bcryptjs checks the prefix it knows.
  const normalized = encoded.startsWith("$2y$") ? `$2b$${encoded.slice(4)}` : encoded;
  try {
    return await bcrypt.compare(password, normalized);
  } catch {
    return false;
  }
}

/** bcrypt `$2a$`, `$2b$` and PHP's `$2y$` (the same algorithm under another prefix). */
export class BcryptHasher implements WritableHasher {
  readonly algorithm = "bcrypt";

  constructor(private readonly cost = 10) {}

  identifies(encoded: string): boolean {
    return /^\$2[aby]\$/.test(encoded);
  }

  verify(password: string, encoded: string): Promise<boolean> {
    return verifyBcrypt(password, encoded);
  }

  needsRehash(encoded: string): boolean {
    const cost = bcryptCostOf(encoded);
    return cost === null || cost < this.cost;
  }

  async encode(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }
}
