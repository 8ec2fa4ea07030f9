import { randomBytes } from "node:crypto";
import { isWritable, type PasswordHasher, type WritableHasher } from "./PasswordHasher";
import type { PasswordHashing } from "./PasswordHashing";

/** Django's marker for a password that can never match (`set_unusable_password`). */
export const UNUSABLE_PASSWORD_PREFIX = "!";

export function isUsablePassword(encoded: string | null | undefined): encoded is string {
  return typeof encoded === "string" && encoded.length > 0 && !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/**
 * Identifies a stored hash by its shape and verifies against it; encodes new hashes in the
 * write format. Unknown, unusable or garbled values cost one dummy hash in the write format
 * and never match, so the response time does not tell them apart from real users.
 */
export class HasherRegistry implements PasswordHashing {
  private readonly writer: WritableHasher;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly hashers: readonly PasswordHasher[],
    writeAlgorithm: string,
  ) {
    const writer = hashers.find((h) => h.algorithm === writeAlgorithm);
    if (!writer) throw new Error(`no hasher for write format ${writeAlgorithm}`);
    if (!isWritable(writer)) throw new Error(`${writeAlgorithm} is read only; it cannot be the write format`);
    this.writer = writer;
  }

  get writeAlgorithm(): string {
    return this.writer.algorithm;
  }

  get algorithms(): string[] {
    return this.hashers.map((h) => h.algorithm);
  }

  identify(encoded: string): PasswordHasher | undefined {
    return this.hashers.find((h) => h.identifies(encoded));
  }

  async verify(password: string, encoded: string | null | undefined): Promise<boolean> {
    const hasher = isUsablePassword(encoded) ? this.identify(encoded) : undefined;
    if (!hasher || !isUsablePassword(encoded)) {
      await this.runDummy(password);
      return false;
    }
    let ok: boolean;
    try {
      ok = await hasher.verify(password, encoded);
    } catch {
      ok = false;
    }
    // Django's harden_runtime: a failed check against a stored value weaker than the write
    // format (a plain digest, fewer iterations) also pays for one write-format hash, so the
    // time of a wrong password does not tell which format or cost a user still has. A right
    // password is not padded: that answer reveals the account anyway.
    if (!ok && this.needsRehashFor(hasher, encoded)) await this.runDummy(password);
    return ok;
  }

  /**
   * Whether a stored value is weaker than what this service writes: another family than the
   * write format, or the write format at a lower cost. Unusable and unknown values: false
   * (there is nothing to upgrade from).
   */
  needsRehash(encoded: string | null | undefined): boolean {
    const hasher = isUsablePassword(encoded) ? this.identify(encoded) : undefined;
    return hasher !== undefined && this.needsRehashFor(hasher, encoded as string);
  }

  private needsRehashFor(hasher: PasswordHasher, encoded: string): boolean {
    if (hasher !== this.writer) return true;
    try {
      return hasher.needsRehash(encoded);
    } catch {
      return true;
    }
  }

  /** Costs what a real check in the write format costs; always false. */
  async runDummy(password: string): Promise<false> {
    this.dummyHash ??= this.writer.encode(randomBytes(16).toString("hex"));
    const dummy = await this.dummyHash;
    await this.writer.verify(password, dummy);
    return false;
  }

  /** Prepares the dummy hash ahead of the first request. */
  async warmUp(): Promise<void> {
    await this.runDummy("warm-up");
  }

  encode(password: string): Promise<string> {
    return this.writer.encode(password);
  }

  /** Nothing to release on the main thread. */
  async close(): Promise<void> {}
}
