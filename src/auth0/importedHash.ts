/**
 * The password fields of one user in an Auth0 users-import file (notes/auth0-bulk-import.md):
 * a bcrypt-10 `password_hash` or a `custom_password_hash` object, never both.
 */
export type Auth0HashAlgorithm = "argon2" | "bcrypt" | "hmac" | "ldap" | "md4" | "md5" | "sha1" | "sha256" | "sha512" | "pbkdf2" | "scrypt";

export type Auth0Encoding = "hex" | "base64" | "utf8";

export interface CustomPasswordHash {
  algorithm: Auth0HashAlgorithm;
  hash: { value: string; encoding?: Auth0Encoding; digest?: string; key?: { value: string; encoding?: Auth0Encoding } };
  salt?: { value: string; encoding?: Auth0Encoding; position?: "prefix" | "suffix" };
  password?: { encoding?: "ascii" | "utf8" | "utf16le" | "ucs2" | "latin1" | "binary" };
  keylen?: number;
  cost?: number;
  blockSize?: number;
  parallelization?: number;
}

export type ImportedHash = { password_hash: string } | { custom_password_hash: CustomPasswordHash };

/** Auth0's own check on `password_hash` (bcrypt `$2a$`/`$2b$` at cost 10 only). */
export const AUTH0_BCRYPT_PATTERN = /^\$2[ab]?\$10+\$[./A-Za-z0-9]{53}$/;
