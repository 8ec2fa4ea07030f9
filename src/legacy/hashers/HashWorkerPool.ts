import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Logger } from "../../logger";
import { HashWorkerError, ServerBusyError } from "./hashingErrors";
import type { HashJob, HashJobRequest, HashJobResult, HashWorkerInit, HashWorkerMessage } from "./hashWorkerProtocol";

export interface HashWorkerPoolOptions {
  /** Worker threads (at least 1). */
  size: number;
  /** Jobs that may wait for a free worker; one more is refused with ServerBusyError. */
  queueMax: number;
  init: HashWorkerInit;
  /** Worker entry file; default: hashWorkerMain next to this module. */
  entry?: string;
}

interface PendingJob {
  job: HashJob;
  resolve(value: HashJobResult): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: PendingJob | undefined;
  error: unknown;
}

// A worker that dies before it is ready this many times in a row will not start: stop trying.
const MAX_STARTUP_FAILURES = 3;

/** The compiled worker beside the compiled pool in dist/; the .ts source when running under ts-node or ts-jest. */
export function defaultHashWorkerEntry(): string {
  return path.join(__dirname, `hashWorkerMain${path.extname(__filename)}`);
}

function spawnWorker(entry: string, init: HashWorkerInit): Worker {
  if (entry.endsWith(".ts")) {
    // TypeScript source (tests, bench): the thread registers ts-node before it loads the entry.
    const tsNode = require.resolve("ts-node");
    const code =
      `require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, projectSearchDir: ${JSON.stringify(path.dirname(entry))} });` +
      `require(${JSON.stringify(entry)});`;
    return new Worker(code, { eval: true, workerData: init });
  }
  return new Worker(entry, { workerData: init });
}

/**
 * A fixed set of hashing threads, one job per thread at a time, and a bounded queue in front.
 * Workers start on first use (commands that never hash never start them). A worker that
 * dies fails its in-flight job with HashWorkerError and is replaced.
 */
export class HashWorkerPool {
  private readonly slots: Array<Slot | undefined>;
  private readonly queue: PendingJob[] = [];
  private readonly readyWaiters: Array<{ resolve(): void; reject(err: Error): void }> = [];
  private readonly entry: string;
  private nextId = 1;
  private started = false;
  private closed = false;
  private startupFailures = 0;
  private broken: HashWorkerError | undefined;
  private answered = 0;

  constructor(
    private readonly options: HashWorkerPoolOptions,
    private readonly logger: Logger,
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError("HashWorkerPool needs at least one worker");
    this.slots = new Array<Slot | undefined>(options.size).fill(undefined);
    this.entry = options.entry ?? defaultHashWorkerEntry();
  }

  get size(): number {
    return this.options.size;
  }

  /** Jobs a worker has answered, with a result or an error, since the pool started (tests and diagnostics). */
  get completed(): number {
    return this.answered;
  }

  /** Jobs running and waiting (tests and diagnostics). */
  get load(): { running: number; queued: number } {
    return { running: this.slots.filter((s) => s?.current).length, queued: this.queue.length };
  }

  run(request: HashJobRequest): Promise<HashJobResult> {
    if (this.closed) return Promise.reject(new HashWorkerError("the hashing pool is closed"));
    if (this.broken) return Promise.reject(this.broken);
    this.start();
    return new Promise<HashJobResult>((resolve, reject) => {
      const pending: PendingJob = { job: { ...request, id: this.nextId++ } as HashJob, resolve, reject };
      const idle = this.slots.find((s): s is Slot => !!s && s.ready && !s.current);
      if (idle) return this.dispatch(idle, pending);
      if (this.queue.length >= this.options.queueMax) return reject(new ServerBusyError());
      this.queue.push(pending);
    });
  }

  /** Starts the workers and resolves once each has built its registry and dummy hash. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new HashWorkerError("the hashing pool is closed"));
    this.start();
    return new Promise<void>((resolve, reject) => {
      this.readyWaiters.push({ resolve, reject });
      this.settleReadyWaiters();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failQueued(new HashWorkerError("the hashing pool is closed"));
    this.rejectReadyWaiters(new HashWorkerError("the hashing pool is closed"));
    // Each exit handler fails its worker's in-flight job.
    await Promise.all(this.slots.map((s) => s?.worker.terminate()));
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < this.slots.length; i++) this.spawn(i);
  }

  private spawn(index: number): void {
    const slot: Slot = { worker: spawnWorker(this.entry, this.options.init), ready: false, current: undefined, error: undefined };
    this.slots[index] = slot;
    slot.worker.on("message", (message: HashWorkerMessage) => this.onMessage(slot, message));
    slot.worker.on("error", (err) => {
      slot.error = err;
    });
    slot.worker.on("exit", (code) => this.onExit(index, slot, code));
  }

  private onMessage(slot: Slot, message: HashWorkerMessage): void {
    if (message.type === "ready") {
      slot.ready = true;
      this.startupFailures = 0;
      this.settleReadyWaiters();
      this.pump();
      return;
    }
    const pending = slot.current;
    if (!pending || pending.job.id !== message.id) return;
    slot.current = undefined;
    this.answered += 1;
    if (message.type === "result") pending.resolve(message.value);
    else pending.reject(new HashWorkerError(`hashing failed in a worker: ${message.error}`));
    this.pump();
  }

  private onExit(index: number, slot: Slot, code: number): void {
    if (this.slots[index] === slot) this.slots[index] = undefined;
    const cause = slot.error ?? new Error(`hashing worker exited with code ${code}`);
    if (slot.current) {
      slot.current.reject(new HashWorkerError("a hashing worker stopped during the job", { cause }));
      slot.current = undefined;
    }
    if (this.closed) return;
    // Only the error's message: it comes from hashing code that never includes the password.
    this.logger.warn({ worker: index, exitCode: code, err: cause instanceof Error ? cause.message : String(cause), wasReady: slot.ready }, "hashing worker exited; replacing it");
    if (!slot.ready && ++this.startupFailures >= MAX_STARTUP_FAILURES) {
      this.broken = new HashWorkerError("hashing workers fail to start", { cause });
      this.logger.error({ err: cause instanceof Error ? cause.message : String(cause) }, "hashing workers fail to start; giving up");
      this.failQueued(this.broken);
      this.rejectReadyWaiters(this.broken);
      return;
    }
    this.spawn(index);
  }

  private dispatch(slot: Slot, pending: PendingJob): void {
    slot.current = pending;
    slot.worker.postMessage(pending.job);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot && slot.ready && !slot.current) this.dispatch(slot, this.queue.shift() as PendingJob);
    }
  }

  private failQueued(err: Error): void {
    for (const pending of this.queue.splice(0)) pending.reject(err);
  }

  private settleReadyWaiters(): void {
    if (this.broken) return this.rejectReadyWaiters(this.broken);
    if (!this.slots.every((s) => s?.ready)) return;
    for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
  }

  private rejectReadyWaiters(err: Error): void {
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(err);
  }
}
