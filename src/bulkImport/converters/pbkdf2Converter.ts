import { decodeAspNetIdentity } from "../../legacy/hashers/AspNetIdentityHasher";
import { decodeDjangoPbkdf2 } from "../../legacy/hashers/DjangoPbkdf2Hasher";
import { notImportable, unpaddedBase64, type Conversion, type HashConverter } from "./HashConverter";

type Digest = "sha1" | "sha256" | "sha512";

/** Auth0's pbkdf2 PHC string; `i=` and `l=` always written (Auth0's defaults are 100000 and 64). */
export function pbkdf2Phc(digest: Digest, iterations: number, salt: Buffer, hash: Buffer): Conversion {
  const value = `$pbkdf2-${digest}$i=${iterations},l=${hash.length}$${unpaddedBase64(salt)}$${unpaddedBase64(hash)}`;
  return { importable: true, fields: { custom_password_hash: { algorithm: "pbkdf2", hash: { value, encoding: "utf8" } } } };
}

/** Django's pbkdf2_sha256 / pbkdf2_sha1 and ASP.NET Identity v2/v3: all PBKDF2, as Auth0's PHC pbkdf2. */
export const pbkdf2Converter: HashConverter = {
  formats: ["pbkdf2_sha256", "pbkdf2_sha1", "aspnet_identity"],
  convert(format, encoded) {
    // The login's own decoders: a hash the login refuses is never imported.
    if (format === "aspnet_identity") {
      const d = decodeAspNetIdentity(encoded);
      return d ? pbkdf2Phc(d.digest, d.iterations, d.salt, d.subkey) : notImportable("malformed ASP.NET Identity hash");
    }
    const algorithm = format === "pbkdf2_sha1" ? "pbkdf2_sha1" : "pbkdf2_sha256";
    const d = decodeDjangoPbkdf2(algorithm, encoded);
    // Django feeds the salt string's UTF-8 bytes to PBKDF2: those bytes are the PHC salt.
    return d ? pbkdf2Phc(d.digest, d.iterations, Buffer.from(d.salt, "utf8"), d.hash) : notImportable(`malformed ${algorithm} hash`);
  },
};
