import { CRYPT_ALPHABET } from "./cryptBase64";

// FIPS 46-3 tables, 1-based bit positions (bit 1 is the most significant bit of byte 0).
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];
const FP = [
  40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
  36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27, 34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
];
const E = [
  32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
  16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1,
];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const S = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
] as const;

type Bits = Uint8Array<ArrayBuffer>;

function permute(input: Bits, table: readonly number[]): Bits {
  const out = new Uint8Array(table.length);
  for (let i = 0; i < table.length; i++) out[i] = input[(table[i] as number) - 1] as number;
  return out;
}

/** The 16 round keys of DES, each 48 bits, from a 64-bit key. */
function roundKeys(key: Bits): Bits[] {
  const cd = permute(key, PC1);
  const keys: Bits[] = [];
  for (const shift of SHIFTS) {
    for (let s = 0; s < shift; s++) {
      // Rotate the two 28-bit halves left by one.
      const c0 = cd[0] as number;
      const d0 = cd[28] as number;
      cd.copyWithin(0, 1, 28);
      cd[27] = c0;
      cd.copyWithin(28, 29, 56);
      cd[55] = d0;
    }
    keys.push(permute(cd, PC2));
  }
  return keys;
}

/** One DES block encryption with a (salt-perturbed) expansion table. */
function encryptBlock(block: Bits, keys: readonly Bits[], expansion: readonly number[]): Bits {
  const lr = permute(block, IP);
  let left = lr.slice(0, 32);
  let right = lr.slice(32);
  const sOut = new Uint8Array(32);
  for (const key of keys) {
    const x = permute(right, expansion);
    for (let i = 0; i < 48; i++) x[i] = (x[i] as number) ^ (key[i] as number);
    for (let box = 0; box < 8; box++) {
      const b = box * 6;
      const row = ((x[b] as number) << 1) | (x[b + 5] as number);
      const col = ((x[b + 1] as number) << 3) | ((x[b + 2] as number) << 2) | ((x[b + 3] as number) << 1) | (x[b + 4] as number);
      const value = (S[box] as readonly number[])[row * 16 + col] as number;
      for (let j = 0; j < 4; j++) sOut[box * 4 + j] = (value >> (3 - j)) & 1;
    }
    const f = permute(sOut, P);
    for (let i = 0; i < 32; i++) f[i] = (f[i] as number) ^ (left[i] as number);
    left = right;
    right = f;
  }
  // The last round does not swap: the output is R16 L16.
  const preOutput = new Uint8Array(64);
  preOutput.set(right, 0);
  preOutput.set(left, 32);
  return permute(preOutput, FP);
}

/**
 * Traditional DES crypt(3) (Unix V7, glibc's `crypt(pw, "ab")`): the salt's 12 bits swap
 * pairs of the expansion table, the low 7 bits of the first 8 password bytes are the key, and
 * a zero block is encrypted 25 times. Returns the 13 characters `<salt><11 characters>`, or
 * undefined for a salt outside `./0-9A-Za-z` (which glibc refuses too).
 */
export function desCrypt(password: Buffer, salt: string): string | undefined {
  if (salt.length !== 2) return undefined;
  const saltValues = [CRYPT_ALPHABET.indexOf(salt[0] as string), CRYPT_ALPHABET.indexOf(salt[1] as string)];
  if (saltValues.some((v) => v < 0)) return undefined;

  const expansion = [...E];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 6; j++) {
      if (((saltValues[i] as number) >> j) & 1) {
        const a = 6 * i + j;
        [expansion[a], expansion[a + 24]] = [expansion[a + 24] as number, expansion[a] as number];
      }
    }
  }

  const key = new Uint8Array(64);
  for (let i = 0; i < 8 && i < password.length; i++) {
    const byte = ((password[i] as number) << 1) & 0xff;
    for (let j = 0; j < 8; j++) key[i * 8 + j] = (byte >> (7 - j)) & 1;
  }
  const keys = roundKeys(key);

  let block: Bits = new Uint8Array(64);
  for (let round = 0; round < 25; round++) block = encryptBlock(block, keys, expansion);

  // 64 bits plus two zero bits, as eleven 6-bit characters, most significant bit first.
  let out = salt;
  for (let c = 0; c < 11; c++) {
    let v = 0;
    for (let j = 0; j < 6; j++) v = (v << 1) | ((block[c * 6 + j] as number | undefined) ?? 0);
    out += CRYPT_ALPHABET[v];
  }
  return out;
}
