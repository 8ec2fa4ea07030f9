import { decodeStrictBase64 } from "../../legacy/hashers/cryptBase64";
import { MAX_PBKDF2_ITERATIONS } from "../../legacy/hashers/DjangoPbkdf2Hasher";
import { notImportable, unpaddedBase64, type Conversion, type HashConverter } from "./HashConverter";

type Digest = "sha1" | "sha256" | "sha512";
const DIGEST_BYTES: Record<Digest, number> = { sha1: 20, sha256: 32, sha512: 64 };
const PRFS: Digest[] = ["sha1", "sha256", "sha512"];

/** Auth0's pbkdf2 PHC string; `i=` and `l=` always written (Auth0's defaults are 100000 and 64). */
export function pbkdf2Phc(digest: Digest, iterations: number, salt: Buffer, hash: Buffer): Conversion {
  const value = `$pbkdf2-${digest}$i=${iterations},l=${hash.length}$${unpaddedBase64(salt)}$${unpaddedBase64(hash)}`;
  return { importable: true, fields: { custom_password_hash: { algorithm: "pbkdf2", hash: { value, encoding: "utf8" } } } };
}

function convertDjango(digest: "sha1" | "sha256", encoded: string): Conversion {
  const parts = encoded.split("$");
  if (parts.length !== 4) return notImportable(`malformed pbkdf2_${digest} hash`);
  const [, iterText, salt, hashText] = parts as [string, string, string, string];
  const hash = decodeStrictBase64(hashText);
  if (!/^[1-9]\d{0,7}$/.test(iterText) || !salt || !hash || hash.length !== DIGEST_BYTES[digest]) {
    return notImportable(`malformed pbkdf2_${digest} hash`);
  }
  // Django feeds the salt string's UTF-8 bytes to PBKDF2: those bytes are the PHC salt.
  return pbkdf2Phc(digest, Number(iterText), Buffer.from(salt, "utf8"), hash);
}

function convertAspNet(encoded: string): Conversion {
  const blob = decodeStrictBase64(encoded);
  // v2 (ASP.NET Identity 2): 0x00, 16-byte salt, 32-byte PBKDF2-SHA1 subkey, 1000 iterations.
  if (blob && blob[0] === 0x00 && blob.length === 49) return pbkdf2Phc("sha1", 1000, blob.subarray(1, 17), blob.subarray(17));
  // v3: 0x01, PRF, iterations, salt length (big-endian uint32s), salt, subkey.
  if (blob && blob[0] === 0x01 && blob.length >= 13) {
    const digest = PRFS[blob.readUInt32BE(1)];
    const iterations = blob.readUInt32BE(5);
    const saltLength = blob.readUInt32BE(9);
    const subkeyLength = blob.length - 13 - saltLength;
    if (digest && iterations >= 1 && iterations <= MAX_PBKDF2_ITERATIONS && saltLength >= 16 && subkeyLength >= 16 && subkeyLength <= 128) {
      return pbkdf2Phc(digest, iterations, blob.subarray(13, 13 + saltLength), blob.subarray(13 + saltLength));
    }
  }
  return notImportable("malformed ASP.NET Identity hash");
}

/** Django's pbkdf2_sha256 / pbkdf2_sha1 and ASP.NET Identity v2/v3: all PBKDF2, as Auth0's PHC pbkdf2. */
export const pbkdf2Converter: HashConverter = {
  formats: ["pbkdf2_sha256", "pbkdf2_sha1", "aspnet_identity"],
  convert(format, encoded) {
    if (format === "aspnet_identity") return convertAspNet(encoded);
    return convertDjango(format === "pbkdf2_sha1" ? "sha1" : "sha256", encoded);
  },
};
