import type { FaultKind, FaultTarget } from "./FaultInjector";

export interface EmulatorRequestRecord {
  /** Increases by one per request for the emulator's lifetime (survives trimming and reset()). */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  target: FaultTarget;
  /** The status answered; 0 while unanswered, or when no answer was sent (reset fault, client gave up, stop). */
  status: number;
  /** The `auth0-forwarded-for` header, when present. */
  forwardedFor?: string;
  fault?: FaultKind;
  /** Epoch ms at arrival. */
  at: number;
}

/** The last `capacity` requests, oldest first. Records are added on arrival and updated when answered. */
export class RequestLog {
  private readonly records: EmulatorRequestRecord[] = [];
  private nextSeq = 1;

  constructor(private readonly capacity = 10_000) {}

  add(record: Omit<EmulatorRequestRecord, "seq">): EmulatorRequestRecord {
    const full: EmulatorRequestRecord = { seq: this.nextSeq++, ...record };
    this.records.push(full);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    return full;
  }

  /** The live array (do not mutate). */
  get all(): readonly EmulatorRequestRecord[] {
    return this.records;
  }

  /** Records with `seq` greater than `seq`. */
  since(seq: number): EmulatorRequestRecord[] {
    return this.records.filter((r) => r.seq > seq);
  }

  /** The seq of the latest record (0 when none yet). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  clear(): void {
    this.records.length = 0;
  }
}
