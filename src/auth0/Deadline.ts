import { Auth0UnavailableError } from "./auth0Errors";

export type Clock = () => number;

/**
 * A time budget shared by every Auth0 call of one operation (a login's migration: token,
 * create, lookup, grant). Each call gets what is left, and loses the race when it runs out.
 */
export class Deadline {
  private readonly expiresAt: number;

  constructor(
    budgetMs: number,
    private readonly now: Clock = Date.now,
  ) {
    this.expiresAt = now() + budgetMs;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - this.now());
  }

  /**
   * Runs `call` with an abort signal and the time left; rejects with a timeout error when the
   * budget runs out first, whatever the SDK's own timers are doing.
   */
  async run<T>(call: (signal: AbortSignal, remainingMs: number) => Promise<T>): Promise<T> {
    const remaining = this.remainingMs();
    if (remaining <= 0) throw new Auth0UnavailableError("timeout", "Auth0 time budget exhausted");
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Auth0UnavailableError("timeout", `Auth0 did not answer within ${remaining} ms`));
      }, remaining);
    });
    try {
      return await Promise.race([call(controller.signal, remaining), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
