import { createHash, createHmac, pbkdf2, scrypt, type BinaryLike } from "node:crypto";
import { Argon2Hasher } from "../legacy/hashers/Argon2Hasher";
import { verifyBcrypt } from "../legacy/hashers/BcryptHasher";
import { constantTimeEqual } from "../legacy/hashers/constantTimeEqual";
import { MAX_PBKDF2_ITERATIONS } from "../legacy/hashers/DjangoPbkdf2Hasher";
import { AUTH0_BCRYPT_PATTERN, type Auth0Encoding, type CustomPasswordHash, type ImportedHash } from "./importedHash";

// Auth0's defaults for a PHC pbkdf2 string without `i=` / `l=` (notes/auth0-bulk-import.md).
const PBKDF2_DEFAULT_ITERATIONS = 100_000;
const PBKDF2_DEFAULT_KEYLEN = 64;
const PBKDF2_ID = /^pbkdf2-(sha1|sha256|sha512|md5)$/;
const B64_UNPADDED = /^[A-Za-z0-9+/]+$/;
// libsodium's crypto_pwhash_str_verify: argon2i / argon2id, version 19 only.
const ARGON2_V19 = /^\$argon2(?:id|i)\$v=19\$/;
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const argon2 = new Argon2Hasher();

function bytesOf(value: string, encoding: Auth0Encoding | undefined): Buffer {
  return Buffer.from(value, encoding ?? "utf8");
}

function saltedPassword(password: string, c: CustomPasswordHash): Buffer {
  const pw = Buffer.from(password, c.password?.encoding ?? "utf8");
  if (!c.salt) return pw;
  const salt = bytesOf(c.salt.value, c.salt.encoding);
  return c.salt.position === "suffix" ? Buffer.concat([pw, salt]) : Buffer.concat([salt, pw]);
}

function expectedHash(c: CustomPasswordHash): Buffer {
  return Buffer.from(c.hash.value, c.hash.encoding === "base64" ? "base64" : "hex");
}

function pbkdf2Async(password: BinaryLike, salt: Buffer, iterations: number, keylen: number, digest: string): Promise<Buffer> {
  return new Promise((resolve, reject) => pbkdf2(password, salt, iterations, keylen, digest, (e, key) => (e ? reject(e) : resolve(key))));
}

function scryptAsync(password: Buffer, salt: Buffer, keylen: number, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, { N, r, p, maxmem: 128 * N * r * 2 + 1024 * 1024 }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

interface Pbkdf2Phc {
  digest: string;
  iterations: number;
  keylen: number;
  salt: Buffer;
  hash: Buffer;
}

/**
 * `$pbkdf2-<digest>[$i=<n>,l=<n>]$<salt>$<hash>`, salt and hash unpadded standard base64.
 * Split by hand: one regular expression with optional groups misbehaved in V8 after tier-up.
 */
function parsePbkdf2(phc: string): Pbkdf2Phc | null {
  const parts = phc.split("$");
  if (parts[0] !== "" || (parts.length !== 4 && parts.length !== 5)) return null;
  const digest = PBKDF2_ID.exec(parts[1] ?? "")?.[1];
  const [saltText, hashText] = parts.slice(-2) as [string, string];
  if (!digest || !B64_UNPADDED.test(saltText) || !B64_UNPADDED.test(hashText)) return null;
  const params = new Map<string, string>();
  if (parts.length === 5) {
    for (const pair of (parts[2] as string).split(",")) {
      const [key, value, extra] = pair.split("=");
      if (!key || value === undefined || extra !== undefined || !/^\d{1,8}$/.test(value) || params.has(key)) return null;
      params.set(key, value);
    }
  }
  const iterations = Number(params.get("i") ?? PBKDF2_DEFAULT_ITERATIONS);
  const keylen = Number(params.get("l") ?? PBKDF2_DEFAULT_KEYLEN);
  return { digest, iterations, keylen, salt: Buffer.from(saltText, "base64"), hash: Buffer.from(hashText, "base64") };
}

async function verifyPbkdf2(password: string, phc: string): Promise<boolean> {
  const d = parsePbkdf2(phc);
  if (!d || d.iterations < 1 || d.iterations > MAX_PBKDF2_ITERATIONS || d.keylen < 1 || d.hash.length !== d.keylen) return false;
  return constantTimeEqual(await pbkdf2Async(Buffer.from(password, "utf8"), d.salt, d.iterations, d.keylen, d.digest), d.hash);
}

async function verifyCustom(password: string, c: CustomPasswordHash): Promise<boolean> {
  switch (c.algorithm) {
    case "bcrypt":
      return verifyBcrypt(password, c.hash.value);
    case "argon2":
      return ARGON2_V19.test(c.hash.value) && argon2.verify(password, `argon2${c.hash.value}`);
    case "pbkdf2":
      return verifyPbkdf2(password, c.hash.value);
    case "md4":
    case "md5":
    case "sha1":
    case "sha256":
    case "sha512":
      return constantTimeEqual(createHash(c.algorithm).update(saltedPassword(password, c)).digest(), expectedHash(c));
    case "hmac": {
      if (!c.hash.digest || !c.hash.key) return false;
      const key = bytesOf(c.hash.key.value, c.hash.key.encoding);
      return constantTimeEqual(createHmac(c.hash.digest, key).update(saltedPassword(password, c)).digest(), expectedHash(c));
    }
    case "scrypt": {
      const N = c.cost ?? 16_384;
      const r = c.blockSize ?? 8;
      const p = c.parallelization ?? 1;
      if (!c.keylen || !c.salt || 128 * N * r > MAX_SCRYPT_MEMORY || p > 16) return false;
      const key = await scryptAsync(Buffer.from(password, c.password?.encoding ?? "utf8"), bytesOf(c.salt.value, c.salt.encoding), c.keylen, N, r, p);
      return constantTimeEqual(key, expectedHash(c));
    }
    default:
      // ldap is not emulated: no converter produces it.
      return false;
  }
}

/**
 * Verifies a password against an imported user's hash the way Auth0 does for each algorithm of
 * its import schema. Used by the emulator's password grant and by the converters' tests, so a
 * conversion is proven by the same code that lets the imported user in. Never throws.
 */
export async function verifyImportedHash(password: string, imported: ImportedHash): Promise<boolean> {
  try {
    if ("password_hash" in imported) return AUTH0_BCRYPT_PATTERN.test(imported.password_hash) && (await verifyBcrypt(password, imported.password_hash));
    return await verifyCustom(password, imported.custom_password_hash);
  } catch {
    return false;
  }
}
