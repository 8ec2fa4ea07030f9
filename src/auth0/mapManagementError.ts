import { ManagementError } from "auth0";
import {
  Auth0BadRequestError,
  Auth0ConflictError,
  Auth0Error,
  Auth0NotFoundError,
  Auth0PasswordPolicyError,
  Auth0UnavailableError,
} from "./auth0Errors";
import { retryAtFromHeaders } from "./retryAtFromHeaders";

const POLICY_ERROR = /Password(Strength|NoUserInfo|Dictionary|History)Error/;

function bodyMessage(body: unknown): string | undefined {
  if (body && typeof body === "object" && typeof (body as { message?: unknown }).message === "string") {
    return (body as { message: string }).message;
  }
  return undefined;
}

/** Turns whatever the Management SDK threw into one of our typed errors (cause kept). */
export function mapManagementError(err: unknown, now: number = Date.now()): Auth0Error {
  if (err instanceof Auth0Error) return err;
  if (err instanceof ManagementError) {
    const status = err.statusCode;
    const message = bodyMessage(err.body) ?? err.message;
    if (status === undefined) {
      // v7 reports its own timeout as a ManagementError whose message is '"timeout"'.
      const reason = /timeout/i.test(err.message) ? "timeout" : "network";
      return new Auth0UnavailableError(reason, `Auth0 Management API ${reason}`, undefined, { cause: err });
    }
    if (status === 409) return new Auth0ConflictError({ cause: err });
    if (status === 404) return new Auth0NotFoundError({ cause: err });
    if (status === 400) {
      return POLICY_ERROR.test(message)
        ? new Auth0PasswordPolicyError(message, { cause: err })
        : new Auth0BadRequestError(message, { cause: err });
    }
    if (status === 429) {
      const headers = err.rawResponse?.headers as Headers | undefined;
      return new Auth0UnavailableError("rate_limited", "Auth0 rate limit reached", retryAtFromHeaders(headers, now), {
        cause: err,
      });
    }
    if (status === 401 || status === 403) {
      return new Auth0UnavailableError("misconfigured", `Auth0 refused the service's credentials (${status})`, undefined, {
        cause: err,
      });
    }
    return new Auth0UnavailableError("server_error", `Auth0 answered ${status}`, undefined, { cause: err });
  }
  if (err instanceof Error && err.name === "AbortError") {
    return new Auth0UnavailableError("timeout", "Auth0 call aborted", undefined, { cause: err });
  }
  return new Auth0UnavailableError("network", "Auth0 could not be reached", undefined, { cause: err });
}
