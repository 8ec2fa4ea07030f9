import { decodeDjangoSaltedDigest } from "../../legacy/hashers/DjangoSaltedDigestHasher";
import { decodeUnsaltedMd5 } from "../../legacy/hashers/UnsaltedMd5Hasher";
import { decodeUnsaltedSha1 } from "../../legacy/hashers/UnsaltedSha1Hasher";
import { notImportable, type Conversion, type HashConverter } from "./HashConverter";

function digest(algorithm: "md5" | "sha1", hex: string, salt?: string): Conversion {
  return {
    importable: true,
    fields: {
      custom_password_hash: {
        algorithm,
        hash: { value: hex, encoding: "hex" },
        // Django hashes salt + password: the salt's UTF-8 text as a prefix.
        ...(salt === undefined ? {} : { salt: { value: salt, encoding: "utf8" as const, position: "prefix" as const } }),
      },
    },
  };
}

/** Django's salted `md5$`/`sha1$` digests and the unsalted md5 / `sha1$$` ones. */
export const digestConverter: HashConverter = {
  formats: ["md5", "sha1", "unsalted_md5", "unsalted_sha1"],
  convert(format, encoded) {
    // The login's own decoders (lower-case hex out): a hash the login refuses is never imported.
    if (format === "md5" || format === "sha1") {
      const d = decodeDjangoSaltedDigest(format, encoded);
      return d ? digest(format, d.hex, d.salt) : notImportable(`malformed ${format} hash`);
    }
    const d = format === "unsalted_sha1" ? decodeUnsaltedSha1(encoded) : decodeUnsaltedMd5(encoded);
    return d ? digest(format === "unsalted_sha1" ? "sha1" : "md5", d.hex) : notImportable(`malformed ${format} hash`);
  },
};
