import { notImportable, type HashConverter } from "./HashConverter";

// Django's `argon2` + argon2-cffi's PHC string. Auth0 verifies argon2 with libsodium's
// crypto_pwhash_str_verify, which reads argon2i/argon2id version 19 PHC strings only.
const V19 = /^argon2(\$argon2(?:id|i)\$v=19\$m=\d{1,8},t=\d{1,4},p=\d{1,3}\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{6,})$/;

/** Django's Argon2PasswordHasher: the PHC string without Django's leading `argon2`. */
export const argon2Converter: HashConverter = {
  formats: ["argon2"],
  convert(_format, encoded) {
    const phc = V19.exec(encoded)?.[1];
    if (!phc) {
      return /^argon2\$argon2(?:id|i)\$m=/.test(encoded)
        ? notImportable("argon2 version 16 (no v=19) is not read by Auth0's libsodium")
        : notImportable("malformed argon2 hash");
    }
    return { importable: true, fields: { custom_password_hash: { algorithm: "argon2", hash: { value: phc, encoding: "utf8" } } } };
  },
};
