import { AppError } from "../../errors";

const BUSY_MESSAGE = "The server is busy. Please try again in a few seconds.";

/** Every hashing worker is busy and the queue is full: shed the login rather than pile up. */
export class ServerBusyError extends AppError {
  constructor() {
    super("server_busy", BUSY_MESSAGE, 503, { expose: true });
  }
}

/**
 * A hashing worker died (or the pool is closing) while a job was queued or in flight. The
 * user only needs to retry, so it answers like a full queue; the class name tells the logs apart.
 */
export class HashWorkerError extends AppError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super("server_busy", BUSY_MESSAGE, 503, { cause: options?.cause ?? new Error(reason), expose: true });
  }
}
