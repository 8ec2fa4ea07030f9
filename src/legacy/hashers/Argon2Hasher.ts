import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import type { WritableHasher } from "./PasswordHasher";

const PREFIX = "argon2";
// `argon2$argon2id$v=19$m=..,t=..,p=..$salt$hash`; Django's oldest (argon2-cffi < 16) had no `v=`.
const SHAPE = /^argon2\$(argon2id|argon2i)\$(?:v=(16|19)\$)?m=(\d{1,8}),t=(\d{1,4}),p=(\d{1,3})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

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

function unpadded(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}

interface Decoded {
  type: string;
  version: number;
  m: number;
  t: number;
  p: number;
}

function decode(encoded: string): Decoded | null {
  const match = SHAPE.exec(encoded);
  if (!match) return null;
  const [, type, v, m, t, p] = match as unknown as [string, string, string | undefined, string, string, string];
  const decoded = { type, version: v ? Number(v) : 16, m: Number(m), t: Number(t), p: Number(p) };
  if (decoded.m > MAX_MEMORY_KIB || decoded.t < 1 || decoded.t > MAX_TIME || decoded.p < 1 || decoded.p > MAX_PARALLELISM) return null;
  if (decoded.m < 8 * decoded.p) return null;
  return decoded;
}

/** Django's Argon2PasswordHasher: the PHC string of argon2-cffi behind an `argon2` prefix. */
export class Argon2Hasher implements WritableHasher {
  readonly algorithm = "argon2";

  constructor(private readonly costs: Argon2Costs = DJANGO_ARGON2) {}

  identifies(encoded: string): boolean {
    return encoded.startsWith(`${PREFIX}$`);
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    if (!decode(encoded)) return false;
    try {
      // The library compares in constant time and reads a missing `v=` as version 0x10.
      return await argon2.verify(encoded.slice(PREFIX.length), password);
    } catch {
      return false;
    }
  }

  needsRehash(encoded: string): boolean {
    const d = decode(encoded);
    if (!d) return true;
    const c = this.costs;
    return d.type !== "argon2id" || d.version !== 19 || d.m < c.memoryCost || d.t < c.timeCost || d.p < c.parallelism;
  }

  async encode(password: string): Promise<string> {
    const { memoryCost: m, timeCost: t, parallelism: p } = this.costs;
    const salt = randomBytes(16);
    const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: m, timeCost: t, parallelism: p, hashLength: 32, salt, raw: true });
    // Written by hand: the library orders the parameters `m,p,t`, and the reference C decoder
    // that Django's argon2-cffi calls accepts only `m,t,p`.
    return `${PREFIX}$argon2id$v=19$m=${m},t=${t},p=${p}$${unpadded(salt)}$${unpadded(hash)}`;
  }
}
