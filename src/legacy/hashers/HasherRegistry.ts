import { randomBytes } from "node:crypto";
import type { PasswordHasher } from "./PasswordHasher";
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
  private readonly writer: PasswordHasher;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly hashers: readonly PasswordHasher[],
    writeAlgorithm: string,
  ) {
    const writer = hashers.find((h) => h.algorithm === writeAlgorithm);
    if (!writer) throw new Error(`no hasher for write format ${writeAlgorithm}`);
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
    try {
      return await hasher.verify(password, encoded);
    } catch {
      return false;
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
