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

/** Django's `<algorithm>$<iterations>$<salt>$<base64 digest>` PBKDF2 formats. */
export class DjangoPbkdf2Hasher implements WritableHasher {
  private readonly digestBytes: number;

  constructor(
    readonly algorithm: "pbkdf2_sha256" | "pbkdf2_sha1",
    private readonly digest: "sha256" | "sha1",
    private readonly iterations = DJANGO_PBKDF2_ITERATIONS,
  ) {
    this.digestBytes = digest === "sha256" ? 32 : 20;
  }

  identifies(encoded: string): boolean {
    return encoded.startsWith(`${this.algorithm}$`);
  }

  private decode(encoded: string): { iterations: number; salt: string; hash: Buffer } | null {
    const parts = encoded.split("$");
    if (parts.length !== 4 || parts[0] !== this.algorithm) return null;
    const [, iterText, salt, hashText] = parts as [string, string, string, string];
    if (!/^[1-9]\d{0,7}$/.test(iterText) || !salt) return null;
    const iterations = Number(iterText);
    const hash = decodeStrictBase64(hashText);
    if (iterations > MAX_PBKDF2_ITERATIONS || !hash || hash.length !== this.digestBytes) return null;
    return { iterations, salt, hash };
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const decoded = this.decode(encoded);
    if (!decoded) return false;
    try {
      const actual = await pbkdf2Async(password, decoded.salt, decoded.iterations, this.digestBytes, this.digest);
      return constantTimeEqual(actual, decoded.hash);
    } catch {
      return false;
    }
  }

  needsRehash(encoded: string): boolean {
    const decoded = this.decode(encoded);
    return !decoded || decoded.iterations < this.iterations;
  }

  async encode(password: string): Promise<string> {
    const salt = djangoSalt();
    const hash = await pbkdf2Async(password, salt, this.iterations, this.digestBytes, this.digest);
    return `${this.algorithm}$${this.iterations}$${salt}$${hash.toString("base64")}`;
  }
}
