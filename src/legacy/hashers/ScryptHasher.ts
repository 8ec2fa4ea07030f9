import { scrypt, type ScryptOptions } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import { decodeStrictBase64 } from "./cryptBase64";
import { djangoSalt } from "./djangoSalt";
import type { WritableHasher } from "./PasswordHasher";

export interface ScryptCosts {
  n: number;
  r: number;
  p: number;
}

/** Django's ScryptPasswordHasher defaults. */
export const DJANGO_SCRYPT: ScryptCosts = { n: 2 ** 14, r: 8, p: 1 };
const KEY_LENGTH = 64;
// 128·N·r bytes per check: refuse stored parameters above 256 MiB or absurd parallelism.
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_P = 16;

function scryptAsync(password: string, salt: string, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function options(c: ScryptCosts): ScryptOptions {
  return { N: c.n, r: c.r, p: c.p, maxmem: 128 * c.n * c.r * 2 + 1024 * 1024 };
}

export interface DjangoScryptHash extends ScryptCosts {
  /** The salt text: Django feeds its UTF-8 bytes to scrypt. */
  salt: string;
  /** Always KEY_LENGTH (64) bytes. */
  hash: Buffer;
}

/**
 * Reads `scrypt$<n>$<salt>$<r>$<p>$<base64 key>`, or null for anything the login refuses (the
 * bulk import's converter relies on that: what this refuses is never imported).
 */
export function decodeDjangoScrypt(encoded: string): DjangoScryptHash | null {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [, nText, salt, rText, pText, hashText] = parts as [string, string, string, string, string, string];
  if (!salt || ![nText, rText, pText].every((v) => /^[1-9]\d{0,9}$/.test(v))) return null;
  const n = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  if (n < 2 || (n & (n - 1)) !== 0 || 128 * n * r > MAX_MEMORY_BYTES || p > MAX_P) return null;
  const hash = decodeStrictBase64(hashText);
  if (!hash || hash.length !== KEY_LENGTH) return null;
  return { n, r, p, salt, hash };
}

/** Django's `scrypt$<n>$<salt>$<r>$<p>$<base64 64-byte key>` (the order Django's encode() writes). */
export class ScryptHasher implements WritableHasher {
  readonly algorithm = "scrypt";

  constructor(private readonly costs: ScryptCosts = DJANGO_SCRYPT) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith("scrypt$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = decodeDjangoScrypt(encoded);
    if (!d) return false;
    try {
      return constantTimeEqual(await scryptAsync(password, d.salt, options(d)), d.hash);
    } catch {
      return false;
    }
  }

  needsRehash(encoded: string): boolean {
    const d = decodeDjangoScrypt(encoded);
    return !d || d.n < this.costs.n || d.r < this.costs.r || d.p < this.costs.p;
  }

  async encode(password: string): Promise<string> {
    const salt = djangoSalt();
    const { n, r, p } = this.costs;
    const hash = await scryptAsync(password, salt, options(this.costs));
    return `scrypt$${n}$${salt}$${r}$${p}$${hash.toString("base64")}`;
  }
}
