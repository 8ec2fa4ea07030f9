/** One password format. `verify` never throws: a garbled hash is simply not a match. */
export interface PasswordHasher {
  /** Name used by LEGACY_HASH_FORMAT and in docs (Django's algorithm names where they exist). */
  readonly algorithm: string;
  /** Whether a stored value has this hasher's shape (Django's identify_hasher idea). */
  identifies(encoded: string): boolean;
  verify(password: string, encoded: string): Promise<boolean>;
  /**
   * Whether a stored value is weaker than what this service would write: a lower cost than
   * configured, or (for formats it only reads) always.
   */
  needsRehash(encoded: string): boolean;
  /** Encodes in this format at the configured cost; absent for formats only read. */
  encode?(password: string): Promise<string>;
}

/** A format the service can also write (LEGACY_HASH_FORMAT). */
export interface WritableHasher extends PasswordHasher {
  encode(password: string): Promise<string>;
}

export function isWritable(hasher: PasswordHasher): hasher is WritableHasher {
  return typeof hasher.encode === "function";
}
