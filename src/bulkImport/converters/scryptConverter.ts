import { decodeDjangoScrypt } from "../../legacy/hashers/ScryptHasher";
import { notImportable, type HashConverter } from "./HashConverter";

/** Django's `scrypt$<n>$<salt>$<r>$<p>$<base64 64-byte key>` as Auth0's scrypt fields. */
export const scryptConverter: HashConverter = {
  formats: ["scrypt"],
  convert(_format, encoded) {
    // The login's own decoder: a hash the login refuses (N, memory, p, key length) is never imported.
    const d = decodeDjangoScrypt(encoded);
    if (!d) return notImportable("malformed scrypt hash");
    return {
      importable: true,
      fields: {
        custom_password_hash: {
          algorithm: "scrypt",
          hash: { value: d.hash.toString("base64"), encoding: "base64" },
          salt: { value: d.salt, encoding: "utf8" },
          keylen: d.hash.length,
          cost: d.n,
          blockSize: d.r,
          parallelization: d.p,
        },
      },
    };
  },
};
