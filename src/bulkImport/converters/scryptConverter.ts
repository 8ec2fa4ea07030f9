import { decodeStrictBase64 } from "../../legacy/hashers/cryptBase64";
import { notImportable, type HashConverter } from "./HashConverter";

/** Django's `scrypt$<n>$<salt>$<r>$<p>$<base64 64-byte key>` as Auth0's scrypt fields. */
export const scryptConverter: HashConverter = {
  formats: ["scrypt"],
  convert(_format, encoded) {
    const parts = encoded.split("$");
    if (parts.length !== 6) return notImportable("malformed scrypt hash");
    const [, n, salt, r, p, hashText] = parts as [string, string, string, string, string, string];
    const hash = decodeStrictBase64(hashText);
    if (!salt || !hash || ![n, r, p].every((v) => /^[1-9]\d{0,9}$/.test(v))) return notImportable("malformed scrypt hash");
    return {
      importable: true,
      fields: {
        custom_password_hash: {
          algorithm: "scrypt",
          hash: { value: hash.toString("base64"), encoding: "base64" },
          salt: { value: salt, encoding: "utf8" },
          keylen: hash.length,
          cost: Number(n),
          blockSize: Number(r),
          parallelization: Number(p),
        },
      },
    };
  },
};
