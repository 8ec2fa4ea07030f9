/** One password format. `verify` never throws: a garbled hash is simply not a match. */
export interface PasswordHasher {
  /** Name used by LEGACY_HASH_FORMAT and in docs (Django's algorithm names where they exist). */
  readonly algorithm: string;
  /** Whether a stored value has this hasher's shape (Django's identify_hasher idea). */
  identifies(encoded: string): boolean;
  verify(password: string, encoded: string): Promise<boolean>;
  /** Encodes in this format at the configured cost. */
  encode(password: string): Promise<string>;
}
