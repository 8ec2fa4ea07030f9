/** The `./0-9A-Za-z` alphabet of crypt(3), phpass and bcrypt. */
export const CRYPT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** crypt(3)'s little-endian 6-bit groups: `n` characters of the 24-bit value `v`. */
export function cryptTo64(v: number, n: number): string {
  let out = "";
  let value = v;
  for (let i = 0; i < n; i++) {
    out += CRYPT_ALPHABET[value & 0x3f];
    value >>>= 6;
  }
  return out;
}

/** Encodes bytes in the byte-triplet orders md5-crypt and sha-crypt use. */
export function cryptEncodeGroups(bytes: Buffer, groups: ReadonlyArray<readonly number[]>): string {
  let out = "";
  for (const group of groups) {
    const [a, b, c] = group as [number, number, number];
    if (group.length === 3) out += cryptTo64(((bytes[a] ?? 0) << 16) | ((bytes[b] ?? 0) << 8) | (bytes[c] ?? 0), 4);
    else if (group.length === 2) out += cryptTo64(((bytes[a] ?? 0) << 8) | (bytes[b] ?? 0), 3);
    else out += cryptTo64(bytes[a] ?? 0, 2);
  }
  return out;
}

export const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (padding required): Node's decoder would skip garbage silently. */
export function decodeStrictBase64(text: string): Buffer | null {
  if (text.length === 0 || !STANDARD_BASE64.test(text)) return null;
  return Buffer.from(text, "base64");
}

/** Yields to the event loop, so a long hash loop does not starve other requests. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
