import { AUTH0_BCRYPT_PATTERN } from "../../auth0/importedHash";
import { bcryptCostOf } from "../../legacy/hashers/BcryptHasher";
import { DJANGO_BCRYPT_PREFIX } from "../../legacy/hashers/DjangoBcryptHasher";
import { notImportable, type Conversion, type HashConverter } from "./HashConverter";

/** A modular-crypt bcrypt string as Auth0 takes it: cost 10 `$2a$`/`$2b$` natively, the rest as custom bcrypt. */
export function convertBcryptString(bcrypt: string): Conversion {
  // The login's own shape check (bcryptCostOf): a hash the login refuses is never imported.
  if (bcryptCostOf(bcrypt) === null) return notImportable("malformed bcrypt hash");
  if (AUTH0_BCRYPT_PATTERN.test(bcrypt)) return { importable: true, fields: { password_hash: bcrypt } };
  // `$2y$` and costs other than 10 fail Auth0's password_hash pattern; custom bcrypt takes them.
  return { importable: true, fields: { custom_password_hash: { algorithm: "bcrypt", hash: { value: bcrypt, encoding: "utf8" } } } };
}

/** bcrypt and Django's `bcrypt$<bcrypt>` (the same string behind a prefix). */
export const bcryptConverter: HashConverter = {
  formats: ["bcrypt", "django_bcrypt"],
  convert(format, encoded) {
    return convertBcryptString(format === "django_bcrypt" ? encoded.slice(DJANGO_BCRYPT_PREFIX.length) : encoded);
  },
};
