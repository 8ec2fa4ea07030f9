import { notImportable, type Conversion, type HashConverter } from "./HashConverter";

const SALTED = /^(md5|sha1)\$([^$]+)\$([0-9a-f]{32}|[0-9a-f]{40})$/;
const UNSALTED = /^(?:(md5|sha1)\$\$)?([0-9a-fA-F]{32}|[0-9a-fA-F]{40})$/;
const HEX_LENGTH = { md5: 32, sha1: 40 } as const;

function digest(algorithm: "md5" | "sha1", hex: string, salt?: string): Conversion {
  if (hex.length !== HEX_LENGTH[algorithm]) return notImportable(`malformed ${algorithm} hash`);
  return {
    importable: true,
    fields: {
      custom_password_hash: {
        algorithm,
        hash: { value: hex.toLowerCase(), encoding: "hex" },
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
    if (format === "md5" || format === "sha1") {
      const m = SALTED.exec(encoded);
      return m && m[1] === format ? digest(format, m[3] as string, m[2]) : notImportable(`malformed ${format} hash`);
    }
    const algorithm = format === "unsalted_sha1" ? "sha1" : "md5";
    const m = UNSALTED.exec(encoded);
    if (!m || (m[1] !== undefined && m[1] !== algorithm)) return notImportable(`malformed ${format} hash`);
    return digest(algorithm, m[2] as string);
  },
};
