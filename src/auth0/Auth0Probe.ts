import type { Clock } from "./Deadline";

export type Auth0Reachability = "ok" | "unreachable";

export interface Auth0ProbeOptions {
  /** `https://tenant.auth0.com` or the emulator's `http://127.0.0.1:port`. */
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** How long one answer is reused, so /healthz stays cheap under a load balancer's polling. */
  cacheMs?: number;
  clock?: Clock;
}

/**
 * Whether the tenant answers its public OpenID discovery document: no credentials, no rate-limited
 * API. One probe in flight at a time; the answer is cached for `cacheMs`.
 */
export class Auth0Probe {
  private cached: { at: number; value: Auth0Reachability } | undefined;
  private inFlight: Promise<Auth0Reachability> | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: Auth0ProbeOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async check(): Promise<Auth0Reachability> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < (this.options.cacheMs ?? 10_000)) return this.cached.value;
    this.inFlight ??= this.probe().then((value) => {
      this.cached = { at: this.clock(), value };
      this.inFlight = undefined;
      return value;
    });
    return this.inFlight;
  }

  private async probe(): Promise<Auth0Reachability> {
    const doFetch = this.options.fetch ?? fetch;
    try {
      const res = await doFetch(`${this.options.baseUrl}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000),
        headers: { accept: "application/json" },
      });
      await res.arrayBuffer();
      return res.ok ? "ok" : "unreachable";
    } catch {
      // Timeouts, resets and DNS failures all mean the same thing to an operator here.
      return "unreachable";
    }
  }
}
