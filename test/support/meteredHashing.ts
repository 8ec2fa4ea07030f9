import type { PasswordHashing } from "../../src/legacy/hashers/PasswordHashing";

/**
 * A PasswordHashing that counts the hashes a path runs (real ones and dummies) and can hold
 * the dummies back, to show an answer waits for its padding without measuring time.
 */
export class MeteredHashing implements PasswordHashing {
  verifies = 0;
  dummies = 0;
  private held: Array<() => void> | null = null;

  constructor(private readonly inner: PasswordHashing) {}

  get writeAlgorithm(): string {
    return this.inner.writeAlgorithm;
  }

  /** Dummy hashes wait until `release()`. */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const go of waiting) go();
  }

  reset(): void {
    this.verifies = 0;
    this.dummies = 0;
  }

  async verify(password: string, encoded: string | null | undefined): Promise<boolean> {
    this.verifies += 1;
    return this.inner.verify(password, encoded);
  }

  async runDummy(password: string): Promise<false> {
    this.dummies += 1;
    if (this.held) await new Promise<void>((go) => this.held?.push(go));
    return this.inner.runDummy(password);
  }

  warmUp(): Promise<void> {
    return this.inner.warmUp();
  }

  encode(password: string): Promise<string> {
    return this.inner.encode(password);
  }

  needsRehash(encoded: string): boolean {
    return this.inner.needsRehash(encoded);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
