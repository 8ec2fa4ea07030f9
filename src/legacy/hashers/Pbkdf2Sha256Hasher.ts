import { pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { PasswordHasher } from "./PasswordHasher";

const pbkdf2Async = promisify(pbkdf2);

/** Django's current default iteration count for pbkdf2_sha256. */
export const DJANGO_PBKDF2_ITERATIONS = 1_000_000;
// Refuse absurd stored counts so a hostile row cannot pin a CPU for minutes.
const MAX_ITERATIONS = 10_000_000;

/** Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 sha256>`. */
export class Pbkdf2Sha256Hasher implements PasswordHasher {
  readonly algorithm = "pbkdf2_sha256";

  constructor(private readonly iterations = DJANGO_PBKDF2_ITERATIONS) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith("pbkdf2_sha256$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const parts = encoded.split("$");
    if (parts.length !== 4 || parts[0] !== "pbkdf2_sha256") return false;
    const [, iterText, salt, hash] = parts as [string, string, string, string];
    if (!/^\d{1,8}$/.test(iterText) || !salt || !/^[A-Za-z0-9+/]+={0,2}$/.test(hash)) return false;
    const iterations = Number(iterText);
    if (iterations < 1 || iterations > MAX_ITERATIONS) return false;
    const expected = Buffer.from(hash, "base64");
    if (expected.length !== 32) return false;
    const actual = await pbkdf2Async(password, salt, iterations, 32, "sha256");
    return timingSafeEqual(actual, expected);
  }

  async encode(password: string): Promise<string> {
    // Django's salt alphabet: letters and digits.
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const bytes = randomBytes(22);
    let salt = "";
    for (const b of bytes) salt += alphabet[b % alphabet.length];
    const hash = await pbkdf2Async(password, salt, this.iterations, 32, "sha256");
    return `pbkdf2_sha256$${this.iterations}$${salt}$${hash.toString("base64")}`;
  }
}
