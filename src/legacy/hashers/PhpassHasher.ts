import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import { CRYPT_ALPHABET, yieldToEventLoop } from "./cryptBase64";
import type { PasswordHasher } from "./PasswordHasher";

const SHAPE = /^\$[PH]\$[./0-9A-Za-z]{31}$/;
// phpass allows 2^7..2^30 rounds; WordPress writes 2^13, phpBB 2^11. Above 2^20 a stored
// value would pin a CPU for seconds: refused.
const MIN_LOG2 = 7;
const MAX_LOG2 = 20;
const ROUNDS_PER_SLICE = 1 << 14;

// phpass's own little-endian base64 of the 16-byte digest (22 characters).
function encode64(input: Buffer): string {
  let out = "";
  let i = 0;
  const count = input.length;
  do {
    let value = input[i++] as number;
    out += CRYPT_ALPHABET[value & 0x3f];
    if (i < count) value |= (input[i] as number) << 8;
    out += CRYPT_ALPHABET[(value >> 6) & 0x3f];
    if (i++ >= count) break;
    if (i < count) value |= (input[i] as number) << 16;
    out += CRYPT_ALPHABET[(value >> 12) & 0x3f];
    if (i++ >= count) break;
    out += CRYPT_ALPHABET[(value >> 18) & 0x3f];
  } while (i < count);
  return out;
}

/** The phpass portable hash: WordPress `$P$`, phpBB3 `$H$` (same algorithm). Read only. */
export class PhpassHasher implements PasswordHasher {
  readonly algorithm = "phpass";

  identifies(encoded: string): boolean {
    return encoded.startsWith("$P$") || encoded.startsWith("$H$");
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    if (!SHAPE.test(encoded)) return false;
    const log2 = CRYPT_ALPHABET.indexOf(encoded[3] as string);
    if (log2 < MIN_LOG2 || log2 > MAX_LOG2) return false;
    const salt = encoded.slice(4, 12);
    const pw = Buffer.from(password, "utf8");
    let hash = createHash("md5").update(salt).update(pw).digest();
    for (let round = 1; round <= 1 << log2; round++) {
      hash = createHash("md5").update(hash).update(pw).digest();
      if (round % ROUNDS_PER_SLICE === 0) await yieldToEventLoop();
    }
    return constantTimeEqual(encode64(hash), encoded.slice(12));
  }

  needsRehash(): boolean {
    return true;
  }
}
