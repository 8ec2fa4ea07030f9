import { InvalidCredentialsError, TooManyAttemptsError } from "../errors";
import type { Authenticator } from "../migration/Authenticator";
import type { LoginContext, LoginResult } from "../migration/MigrateToAuth0Backend";
import type { LoginThrottle } from "./LoginThrottle";
import type { ThrottleAccountKeys } from "./ThrottleAccountKeys";

/** Refuses logins (even with the right password) while an account/IP pair or an IP is throttled. */
export class ThrottledAuthenticator implements Authenticator {
  constructor(
    private readonly inner: Authenticator,
    private readonly throttle: LoginThrottle,
    private readonly keys: ThrottleAccountKeys,
  ) {}

  async authenticate(identifier: string, password: string, context: LoginContext = {}): Promise<LoginResult> {
    const ip = context.ip ?? "unknown";
    const { key: account, lookup } = await this.keys.keyFor(identifier);
    const verdict = await this.throttle.check(account, ip);
    if (!verdict.allowed) throw new TooManyAttemptsError(verdict.retryAfterSeconds);
    try {
      const result = await this.inner.authenticate(identifier, password, lookup ? { ...context, lookup } : context);
      // Most logins have no failures to clear: skip the write.
      if (verdict.accountFailures > 0) await this.throttle.recordSuccess(account, ip);
      return result;
    } catch (err) {
      if (err instanceof InvalidCredentialsError) await this.throttle.recordFailure(account, ip);
      throw err;
    }
  }
}
