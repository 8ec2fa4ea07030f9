import { PrefixedBcryptHasher } from "./PrefixedBcryptHasher";

export const DJANGO_BCRYPT_PREFIX = "bcrypt$";

/**
 * Django's BCryptPasswordHasher: `bcrypt$` + a `$2b$` value of the raw password (so only its
 * first 72 bytes count). Named `django_bcrypt` here: `bcrypt` is the bare modular-crypt form.
 */
export class DjangoBcryptHasher extends PrefixedBcryptHasher {
  constructor(cost = 10) {
    super("django_bcrypt", DJANGO_BCRYPT_PREFIX, cost);
  }
}
