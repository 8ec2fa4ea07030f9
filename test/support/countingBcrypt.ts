import { BcryptHasher, bcryptCostOf } from "../../src/legacy/hashers/BcryptHasher";
import type { WritableHasher } from "../../src/legacy/hashers/PasswordHasher";

/**
 * The bcrypt write format, recording the cost of every check it runs (a check against a
 * stored hash and the dummy check alike go through `verify`), so a test can count the hashes
 * a login costs instead of timing it.
 */
export class CountingBcrypt implements WritableHasher {
  readonly algorithm = "bcrypt";
  /** The cost of each check run since the last reset, in order (-1: not a bcrypt value). */
  checks: number[] = [];
  encodes = 0;
  private readonly inner: BcryptHasher;

  constructor(readonly cost: number) {
    this.inner = new BcryptHasher(cost);
  }

  reset(): void {
    this.checks = [];
    this.encodes = 0;
  }

  identifies(encoded: string): boolean {
    return this.inner.identifies(encoded);
  }

  needsRehash(encoded: string): boolean {
    return this.inner.needsRehash(encoded);
  }

  verify(password: string, encoded: string): Promise<boolean> {
    this.checks.push(bcryptCostOf(encoded) ?? -1);
    return this.inner.verify(password, encoded);
  }

  encode(password: string): Promise<string> {
    this.encodes += 1;
    return this.inner.encode(password);
  }
}
