import { decodeArgon2 } from "../../legacy/hashers/Argon2Hasher";
import { notImportable, type HashConverter } from "./HashConverter";

/**
 * Django's Argon2PasswordHasher: the PHC string without Django's leading `argon2`. Auth0 verifies
 * argon2 with libsodium's crypto_pwhash_str_verify, which reads version 19 PHC strings only.
 */
export const argon2Converter: HashConverter = {
  formats: ["argon2"],
  convert(_format, encoded) {
    // The login's own decoder: a hash the login refuses (its cost limits) is never imported.
    const d = decodeArgon2(encoded);
    if (!d) return notImportable("malformed argon2 hash");
    if (d.version !== 19) return notImportable("argon2 version 16 (no v=19) is not read by Auth0's libsodium");
    return { importable: true, fields: { custom_password_hash: { algorithm: "argon2", hash: { value: d.phc, encoding: "utf8" } } } };
  },
};
