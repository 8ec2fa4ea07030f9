import { randomBytes } from "node:crypto";
import { argon2i as argon2iV16, argon2id as argon2idV16 } from "@noble/hashes/argon2";
import { argon2i, argon2id } from "hash-wasm";
import { constantTimeEqual } from "./constantTimeEqual";
import type { WritableHasher } from "./PasswordHasher";

const PREFIX = "argon2";
// `argon2$argon2id$v=19$m=..,t=..,p=..$salt$hash`; Django's oldest (argon2-cffi < 16) had no `v=`.
const SHAPE = /^argon2\$(argon2id|argon2i)\$(?:v=(16|19)\$)?m=(\d{1,8}),t=(\d{1,4}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{6,})$/;

export interface Argon2Costs {
  /** KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** Django's Argon2PasswordHasher defaults (argon2id). */
export const DJANGO_ARGON2: Argon2Costs = { memoryCost: 102_400, timeCost: 2, parallelism: 8 };
// Beyond these a stored value would pin a CPU (or hundreds of MiB) per check: refused.
const MAX_MEMORY_KIB = 1_048_576;
const MAX_TIME = 32;
const MAX_PARALLELISM = 64;
// Version 0x10 runs in plain JavaScript (the WebAssembly build lacks it); Django wrote it only
// with tiny costs (m=512, t=2), so a small cap on memory x passes keeps it harmless.
const MAX_V16_WORK_KIB = 65_536;

export interface Argon2Hash extends Argon2Costs {
  type: "argon2i" | "argon2id";
  version: 16 | 19;
  salt: Buffer;
  hash: Buffer;
  /** The PHC string as stored, without Django's `argon2` prefix. */
  phc: string;
}

function unpadded(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}

/**
 * Reads Django's `argon2$<PHC string>` (version 19, or 16 without `v=`), or null for anything the
 * login refuses (the bulk import's converter relies on that: what this refuses is never imported).
 */
export function decodeArgon2(encoded: string): Argon2Hash | null {
  const match = SHAPE.exec(encoded);
  if (!match) return null;
  const [, type, v, m, t, p, salt, hash] = match as unknown as [string, "argon2i" | "argon2id", string | undefined, string, string, string, string, string];
  const d: Argon2Hash = {
    type,
    version: v === "19" ? 19 : 16,
    memoryCost: Number(m),
    timeCost: Number(t),
    parallelism: Number(p),
    salt: Buffer.from(salt, "base64"),
    hash: Buffer.from(hash, "base64"),
    phc: encoded.slice(PREFIX.length),
  };
  if (d.version === 16 && d.memoryCost * d.timeCost > MAX_V16_WORK_KIB) return null;
  if (d.timeCost < 1 || d.timeCost > MAX_TIME || d.parallelism < 1 || d.parallelism > MAX_PARALLELISM) return null;
  if (d.memoryCost < 8 * d.parallelism || d.memoryCost > MAX_MEMORY_KIB || d.salt.length < 8 || d.hash.length < 4) return null;
  return d;
}

async function derive(password: string, d: Omit<Argon2Hash, "hash" | "phc">, hashLength: number): Promise<Buffer> {
  if (d.version === 16) {
    const fn = d.type === "argon2id" ? argon2idV16 : argon2iV16;
    const out = fn(password, d.salt, { t: d.timeCost, m: d.memoryCost, p: d.parallelism, dkLen: hashLength, version: 0x10 });
    return Buffer.from(out);
  }
  const fn = d.type === "argon2id" ? argon2id : argon2i;
  const out = await fn({
    password,
    salt: d.salt,
    iterations: d.timeCost,
    memorySize: d.memoryCost,
    parallelism: d.parallelism,
    hashLength,
    outputType: "binary",
  });
  return Buffer.from(out);
}

/** Django's Argon2PasswordHasher: argon2-cffi's PHC string behind an `argon2` prefix. */
export class Argon2Hasher implements WritableHasher {
  readonly algorithm = "argon2";

  constructor(private readonly costs: Argon2Costs = DJANGO_ARGON2) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith(`${PREFIX}$`);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const d = decodeArgon2(encoded);
    if (!d) return false;
    try {
      return constantTimeEqual(await derive(password, d, d.hash.length), d.hash);
    } catch {
      return false;
    }
  }

  needsRehash(encoded: string): boolean {
    const d = decodeArgon2(encoded);
    if (!d) return true;
    const c = this.costs;
    return d.type !== "argon2id" || d.version !== 19 || d.memoryCost < c.memoryCost || d.timeCost < c.timeCost || d.parallelism < c.parallelism;
  }

  async encode(password: string): Promise<string> {
    const { memoryCost: m, timeCost: t, parallelism: p } = this.costs;
    const salt = randomBytes(16);
    const hash = await derive(password, { type: "argon2id", version: 19, ...this.costs, salt }, 32);
    // The reference C decoder that Django's argon2-cffi calls accepts only the `m,t,p` order.
    return `${PREFIX}$argon2id$v=19$m=${m},t=${t},p=${p}$${unpadded(salt)}$${unpadded(hash)}`;
  }
}
