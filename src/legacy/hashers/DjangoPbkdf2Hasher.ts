import { pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import { constantTimeEqual } from "./constantTimeEqual";
import { decodeStrictBase64 } from "./cryptBase64";
import { djangoSalt } from "./djangoSalt";
import type { WritableHasher } from "./PasswordHasher";

const pbkdf2Async = promisify(pbkdf2);

/** Django's current default iteration count for pbkdf2_sha256 (DESIGN fixes it). */
export const DJANGO_PBKDF2_ITERATIONS = 1_000_000;
// Refuse absurd stored counts so a hostile row cannot pin a CPU for minutes.
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

export type DjangoPbkdf2Algorithm = "pbkdf2_sha256" | "pbkdf2_sha1";
const DIGESTS = { pbkdf2_sha256: "sha256", pbkdf2_sha1: "sha1" } as const;
const DIGEST_BYTES = { sha256: 32, sha1: 20 } as const;

export interface DjangoPbkdf2Hash {
  digest: "sha256" | "sha1";
  iterations: number;
  /** The salt text: Django feeds its UTF-8 bytes to PBKDF2. */
  salt: string;
  hash: Buffer;
}

/**
 * Reads `<algorithm>$<iterations>$<salt>$<base64 digest>`, or null for anything the login
 * refuses (the bulk import's converter relies on that: what this refuses is never imported).
 */
export function decodeDjangoPbkdf2(algorithm: DjangoPbkdf2Algorithm, encoded: string): DjangoPbkdf2Hash | null {
  const parts = encoded.split("$");
  if (parts.length !== 4 || parts[0] !== algorithm) return null;
  const [, iterText, salt, hashText] = parts as [string, string, string, string];
  if (!/^[1-9]\d{0,7}$/.test(iterText) || !salt) return null;
  const iterations = Number(iterText);
  const hash = decodeStrictBase64(hashText);
  const digest = DIGESTS[algorithm];
  if (iterations > MAX_PBKDF2_ITERATIONS || !hash || hash.length !== DIGEST_BYTES[digest]) return null;
  return { digest, iterations, salt, hash };
}

/** Django's `<algorithm>$<iterations>$<salt>$<base64 digest>` PBKDF2 formats. */
export class DjangoPbkdf2Hasher implements WritableHasher {
  constructor(
    readonly algorithm: DjangoPbkdf2Algorithm,
    private readonly digest: "sha256" | "sha1",
    private readonly iterations = DJANGO_PBKDF2_ITERATIONS,
  ) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith(`${this.algorithm}$`);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = decodeDjangoPbkdf2(this.algorithm, encoded);
    if (!decoded) return false;
    try {
      const actual = await pbkdf2Async(password, decoded.salt, decoded.iterations, decoded.hash.length, decoded.digest);
      return constantTimeEqual(actual, decoded.hash);
    } catch {
      return false;
    }
  }

  needsRehash(encoded: string): boolean {
    const decoded = decodeDjangoPbkdf2(this.algorithm, encoded);
    return !decoded || decoded.iterations < this.iterations;
  }

  async encode(password: string): Promise<string> {
    const salt = djangoSalt();
    const hash = await pbkdf2Async(password, salt, this.iterations, DIGEST_BYTES[this.digest], this.digest);
    return `${this.algorithm}$${this.iterations}$${salt}$${hash.toString("base64")}`;
  }
}
