import { AuthUnavailableError, InvalidCredentialsError, TooManyAttemptsError } from "../errors";
import { HashWorkerError, ServerBusyError } from "../legacy/hashers/hashingErrors";
import type { Authenticator } from "../migration/Authenticator";
import type { LoginContext, LoginResult } from "../migration/MigrateToAuth0Backend";
import type { LoginOutcome, ServiceMetrics } from "./ServiceMetrics";

/** Counts every login by outcome; the answer itself is untouched. */
export class MeteredAuthenticator implements Authenticator {
  constructor(
    private readonly inner: Authenticator,
    private readonly metrics: ServiceMetrics,
  ) {}

  async authenticate(identifier: string, password: string, context?: LoginContext): Promise<LoginResult> {
    try {
      const result = await this.inner.authenticate(identifier, password, context);
      this.metrics.login("success");
      return result;
    } catch (err) {
      this.metrics.login(loginOutcome(err));
      throw err;
    }
  }
}

function loginOutcome(err: unknown): LoginOutcome {
  if (err instanceof InvalidCredentialsError) return "invalid_credentials";
  if (err instanceof TooManyAttemptsError) return "too_many_attempts";
  if (err instanceof AuthUnavailableError) return "auth_unavailable";
  if (err instanceof ServerBusyError || err instanceof HashWorkerError) return "server_busy";
  return "error";
}
