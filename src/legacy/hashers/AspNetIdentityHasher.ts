import { pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import { constantTimeEqual } from "./constantTimeEqual";
import { decodeStrictBase64, STANDARD_BASE64 } from "./cryptBase64";
import { MAX_PBKDF2_ITERATIONS } from "./DjangoPbkdf2Hasher";
import type { PasswordHasher } from "./PasswordHasher";

const pbkdf2Async = promisify(pbkdf2);
const PRFS = ["sha1", "sha256", "sha512"] as const;

export interface AspNetIdentityHash {
  digest: (typeof PRFS)[number];
  iterations: number;
  salt: Buffer;
  subkey: Buffer;
}

/**
 * Reads a v2 or v3 blob (base64), or null for anything the login refuses (the bulk import's
 * converter relies on that: what this refuses is never imported).
 */
export function decodeAspNetIdentity(encoded: string): AspNetIdentityHash | null {
  const blob = decodeStrictBase64(encoded);
  if (!blob) return null;
  // v2 (ASP.NET Identity 2, Crypto.HashPassword): 0x00, 16-byte salt, 32-byte PBKDF2-SHA1 subkey, 1000 iterations.
  if (blob[0] === 0x00) {
    if (blob.length !== 49) return null;
    return { digest: "sha1", iterations: 1000, salt: blob.subarray(1, 17), subkey: blob.subarray(17) };
  }
  // v3 (ASP.NET Core Identity): 0x01, PRF, iterations, salt length (big-endian uint32s), salt, subkey.
  if (blob[0] === 0x01 && blob.length >= 13) {
    const digest = PRFS[blob.readUInt32BE(1)];
    const iterations = blob.readUInt32BE(5);
    const saltLength = blob.readUInt32BE(9);
    if (!digest || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS || saltLength < 16) return null;
    const subkeyLength = blob.length - 13 - saltLength;
    if (subkeyLength < 16 || subkeyLength > 128) return null;
    return { digest, iterations, salt: blob.subarray(13, 13 + saltLength), subkey: blob.subarray(13 + saltLength) };
  }
  return null;
}

/** ASP.NET Identity v2 and v3 password hashes: base64 PBKDF2 blobs with a format marker byte. Read only. */
export class AspNetIdentityHasher implements PasswordHasher {
  readonly algorithm = "aspnet_identity";

  identifies(encoded: string): boolean {
    // 45 bytes at least (60 base64 characters): never a 32-hex MD5.
    return encoded.length >= 60 && encoded.length <= 1024 && encoded.startsWith("A") && STANDARD_BASE64.test(encoded);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = this.identifies(encoded) ? decodeAspNetIdentity(encoded) : null;
    if (!d) return false;
    try {
      const actual = await pbkdf2Async(Buffer.from(password, "utf8"), d.salt, d.iterations, d.subkey.length, d.digest);
      return constantTimeEqual(actual, d.subkey);
    } catch {
      return false;
    }
  }

  needsRehash(): boolean {
    return true;
  }
}
