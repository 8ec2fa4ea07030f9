/**
 * What the login and reset paths need from password hashing, wherever it runs: on the main
 * thread (HasherRegistry) or in a worker pool (OffThreadHasherRegistry).
 */
export interface PasswordHashing {
  /** The format new hashes are written in (LEGACY_HASH_FORMAT or the preset's). */
  readonly writeAlgorithm: string;
  /** Never throws for a garbled, unknown or unusable stored value: those cost a dummy hash and are false. */
  verify(password: string, encoded: string | null | undefined): Promise<boolean>;
  /** Costs what a real check in the write format costs; always false. */
  runDummy(password: string): Promise<false>;
  /** Prepares whatever the first request would otherwise wait for. */
  warmUp(): Promise<void>;
  encode(password: string): Promise<string>;
  /** Whether a stored hash is weaker than what `encode` writes (a cheaper family or cost). */
  needsRehash(encoded: string): boolean;
  close(): Promise<void>;
}
