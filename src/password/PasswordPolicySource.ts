import type { Auth0ConnectionReader } from "../auth0/Auth0ConnectionReader";
import { Deadline, type Clock } from "../auth0/Deadline";
import type { Logger } from "../logger";
import { isPasswordStrength, type PasswordStrength } from "../auth0/passwordStrength";
import { describePasswordPolicy } from "./describePasswordPolicy";

/** The connection's password policy, in words, for the page that asks for a new password. */
export interface PasswordPolicySource {
  describe(): Promise<string>;
}

export interface ConnectionPasswordPolicyOptions {
  /** AUTH0_PASSWORD_POLICY: what to state when the tenant does not let us read the connection. */
  configured: PasswordStrength;
  timeoutMs: number;
  /** The connection's settings change rarely: read them at most this often. */
  cacheMs?: number;
  clock?: Clock;
}

/**
 * Reads the policy from the connection when the tenant allows (`read:connections`), else states
 * the configured one. A failed read is retried after the cache time, so a page never waits on
 * Auth0 more than once in that time.
 */
export class ConnectionPasswordPolicy implements PasswordPolicySource {
  private cached: { text: string; until: number } | null = null;
  private warned = false;
  private readonly clock: Clock;

  constructor(
    private readonly reader: Auth0ConnectionReader | null,
    private readonly options: ConnectionPasswordPolicyOptions,
    private readonly logger: Logger,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  async describe(): Promise<string> {
    const now = this.clock();
    if (this.cached && this.cached.until > now) return this.cached.text;
    const text = await this.read();
    this.cached = { text, until: now + (this.options.cacheMs ?? 10 * 60_000) };
    return text;
  }

  private async read(): Promise<string> {
    const fallback = describePasswordPolicy(this.options.configured);
    if (!this.reader) return fallback;
    try {
      const settings = await this.reader.readPasswordSettings(new Deadline(this.options.timeoutMs, this.clock));
      if (settings && isPasswordStrength(settings.policy)) return describePasswordPolicy(settings.policy, settings.minLength);
      if (settings && settings.policy === null) return describePasswordPolicy("none", settings.minLength);
      return fallback;
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          "cannot read the Auth0 connection's password policy (grant read:connections to read it); stating AUTH0_PASSWORD_POLICY instead",
        );
      }
      return fallback;
    }
  }
}
