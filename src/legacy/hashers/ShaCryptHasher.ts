import { createHash } from "node:crypto";
import { constantTimeEqual } from "./constantTimeEqual";
import { cryptEncodeGroups, yieldToEventLoop } from "./cryptBase64";
import type { PasswordHasher } from "./PasswordHasher";

const DEFAULT_ROUNDS = 5000;
const MIN_ROUNDS = 1000;
// The spec allows 999,999,999 rounds; above this a stored value would pin a CPU for many seconds.
export const MAX_SHA_CRYPT_ROUNDS = 10_000_000;
const ROUNDS_PER_SLICE = 20_000;

const ORDER_256 = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14],
  [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29], [31, 30],
] as const;
const ORDER_512 = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41], [63],
] as const;

interface Variant {
  prefix: "$5$" | "$6$";
  digest: "sha256" | "sha512";
  size: number;
  order: ReadonlyArray<readonly number[]>;
  hashLength: number;
}

const VARIANTS = {
  sha256_crypt: { prefix: "$5$", digest: "sha256", size: 32, order: ORDER_256, hashLength: 43 },
  sha512_crypt: { prefix: "$6$", digest: "sha512", size: 64, order: ORDER_512, hashLength: 86 },
} as const satisfies Record<string, Variant>;

function repeatTo(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

/** Ulrich Drepper's SHA-crypt (glibc crypt(3) `$5$` / `$6$`). */
async function shaCrypt(v: Variant, pw: Buffer, salt: Buffer, rounds: number): Promise<string> {
  const h = () => createHash(v.digest);
  const b = h().update(pw).update(salt).update(pw).digest();
  const a = h().update(pw).update(salt);
  a.update(repeatTo(b, pw.length));
  for (let i = pw.length; i > 0; i >>= 1) a.update(i & 1 ? b : pw);
  const aDigest = a.digest();
  const dp = h();
  for (let i = 0; i < pw.length; i++) dp.update(pw);
  const p = repeatTo(dp.digest(), pw.length);
  const ds = h();
  for (let i = 0; i < 16 + (aDigest[0] as number); i++) ds.update(salt);
  const s = repeatTo(ds.digest(), salt.length);
  let c = aDigest;
  for (let i = 0; i < rounds; i++) {
    const ctx = h();
    ctx.update(i & 1 ? p : c);
    if (i % 3) ctx.update(s);
    if (i % 7) ctx.update(p);
    ctx.update(i & 1 ? c : p);
    c = ctx.digest();
    if ((i + 1) % ROUNDS_PER_SLICE === 0) await yieldToEventLoop();
  }
  return cryptEncodeGroups(c, v.order);
}

/** crypt(3) `$5$[rounds=N$]<salt>$<hash>` and `$6$...` (Linux shadow files). Read only. */
export class ShaCryptHasher implements PasswordHasher {
  private readonly v: Variant;
  private readonly shape: RegExp;

  constructor(readonly algorithm: keyof typeof VARIANTS) {
    this.v = VARIANTS[algorithm];
    const prefix = this.v.prefix.replace(/\$/g, "\\$");
    this.shape = new RegExp(`^${prefix}(?:rounds=([1-9]\\d{0,9})\\$)?([^$]{0,16})\\$([./0-9A-Za-z]{${this.v.hashLength}})$`);
  }

  identifies(encoded: string): boolean {
    return encoded.startsWith(this.v.prefix);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const match = this.shape.exec(encoded);
    if (!match) return false;
    const [, roundsText, salt, hash] = match as unknown as [string, string | undefined, string, string];
    const requested = roundsText ? Number(roundsText) : DEFAULT_ROUNDS;
    if (requested > MAX_SHA_CRYPT_ROUNDS) return false;
    // The spec raises a smaller count to the minimum.
    const rounds = Math.max(requested, MIN_ROUNDS);
    const actual = await shaCrypt(this.v, Buffer.from(password, "utf8"), Buffer.from(salt, "utf8"), rounds);
    return constantTimeEqual(actual, hash);
  }

  needsRehash(): boolean {
    return true;
  }
}
