import { Argon2Hasher, DJANGO_ARGON2, type Argon2Costs } from "./Argon2Hasher";
import { AspNetIdentityHasher } from "./AspNetIdentityHasher";
import { BcryptHasher } from "./BcryptHasher";
import { BcryptSha256Hasher } from "./BcryptSha256Hasher";
import { DjangoBcryptHasher } from "./DjangoBcryptHasher";
import { DjangoCryptHasher } from "./DjangoCryptHasher";
import { DJANGO_PBKDF2_ITERATIONS } from "./DjangoPbkdf2Hasher";
import { DjangoSaltedDigestHasher } from "./DjangoSaltedDigestHasher";
import { HasherRegistry } from "./HasherRegistry";
import { Md5CryptHasher } from "./Md5CryptHasher";
import { Pbkdf2Sha1Hasher } from "./Pbkdf2Sha1Hasher";
import { Pbkdf2Sha256Hasher } from "./Pbkdf2Sha256Hasher";
import { PhpassHasher } from "./PhpassHasher";
import { DJANGO_SCRYPT, ScryptHasher, type ScryptCosts } from "./ScryptHasher";
import { ShaCryptHasher } from "./ShaCryptHasher";
import { UnsaltedMd5Hasher } from "./UnsaltedMd5Hasher";
import { UnsaltedSha1Hasher } from "./UnsaltedSha1Hasher";

/** Write costs. Defaults: bcrypt 10 (DESIGN), Django's own for its formats. Plain data, so a worker thread can receive it. */
export interface HasherCosts {
  /** Every bcrypt-based write format (bcrypt, django_bcrypt, bcrypt_sha256). */
  bcryptCost?: number;
  /** pbkdf2_sha256 and pbkdf2_sha1. */
  pbkdf2Iterations?: number;
  argon2?: Argon2Costs;
  scrypt?: ScryptCosts;
}

/** Every format the service reads, in identification order (specific prefixes before bare shapes). */
export function createHasherRegistry(writeAlgorithm: string, costs: HasherCosts = {}): HasherRegistry {
  const bcryptCost = costs.bcryptCost ?? 10;
  const iterations = costs.pbkdf2Iterations ?? DJANGO_PBKDF2_ITERATIONS;
  return new HasherRegistry(
    [
      new BcryptHasher(bcryptCost),
      new Pbkdf2Sha256Hasher(iterations),
      new Pbkdf2Sha1Hasher(iterations),
      new Argon2Hasher(costs.argon2 ?? DJANGO_ARGON2),
      new BcryptSha256Hasher(bcryptCost),
      new DjangoBcryptHasher(bcryptCost),
      new ScryptHasher(costs.scrypt ?? DJANGO_SCRYPT),
      new UnsaltedSha1Hasher(),
      new DjangoSaltedDigestHasher("sha1"),
      new UnsaltedMd5Hasher(),
      new DjangoSaltedDigestHasher("md5"),
      new DjangoCryptHasher(),
      new PhpassHasher(),
      new Md5CryptHasher(),
      new ShaCryptHasher("sha256_crypt"),
      new ShaCryptHasher("sha512_crypt"),
      new AspNetIdentityHasher(),
    ],
    writeAlgorithm,
  );
}
