/**
 * The formats the service can write on password reset or re-hash (LEGACY_HASH_FORMAT): each
 * one the legacy application itself can read. Every other known format is read only.
 */
export const WRITABLE_HASH_FORMATS = [
  "bcrypt",
  "pbkdf2_sha256",
  "pbkdf2_sha1",
  "argon2",
  "bcrypt_sha256",
  "django_bcrypt",
  "scrypt",
] as const;

export type WritableHashFormat = (typeof WRITABLE_HASH_FORMATS)[number];
