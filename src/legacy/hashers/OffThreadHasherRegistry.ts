import { HashWorkerError } from "./hashingErrors";
import type { HasherRegistry } from "./HasherRegistry";
import type { HashWorkerPool } from "./HashWorkerPool";
import type { PasswordHashing } from "./PasswordHashing";

/**
 * PasswordHashing over a worker pool: each verify, dummy or encode runs on a hashing thread,
 * so a burst of logins uses every core and the event loop keeps answering. The pool's
 * typed errors (ServerBusyError, HashWorkerError) pass through: they are not a wrong password.
 * `local` is the same registry on the main thread, for what only reads a hash's shape.
 */
export class OffThreadHasherRegistry implements PasswordHashing {
  constructor(
    private readonly workers: HashWorkerPool,
    private readonly local: HasherRegistry,
  ) {}

  /** The pool's threads, jobs running and waiting, and jobs answered (tests and diagnostics). */
  get pool(): { size: number; running: number; queued: number; completed: number } {
    return { size: this.workers.size, ...this.workers.load, completed: this.workers.completed };
  }

  get writeAlgorithm(): string {
    return this.local.writeAlgorithm;
  }

  async verify(password: string, encoded: string | null | undefined): Promise<boolean> {
    return (await this.workers.run({ op: "verify", password, encoded })) === true;
  }

  async runDummy(password: string): Promise<false> {
    await this.workers.run({ op: "runDummy", password });
    return false;
  }

  warmUp(): Promise<void> {
    return this.workers.ready();
  }

  needsRehash(encoded: string): boolean {
    return this.local.needsRehash(encoded);
  }

  async encode(password: string): Promise<string> {
    const encoded = await this.workers.run({ op: "encode", password });
    if (typeof encoded !== "string") throw new HashWorkerError("a hashing worker answered encode with a non-string");
    return encoded;
  }

  close(): Promise<void> {
    return this.workers.close();
  }
}
