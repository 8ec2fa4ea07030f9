import { AuthApiError } from "auth0/legacy";
import {
  Auth0BlockedError,
  Auth0Error,
  Auth0InvalidCredentialsError,
  Auth0UnavailableError,
} from "./auth0Errors";
import { retryAtFromHeaders } from "./retryAtFromHeaders";

/** Maps the password-realm grant's failures; only "wrong password" and "blocked" are the user's. */
export function mapAuthenticationError(err: unknown, now: number = Date.now()): Auth0Error {
  if (err instanceof Auth0Error) return err;
  if (err instanceof AuthApiError) {
    if (err.error === "invalid_grant") return new Auth0InvalidCredentialsError({ cause: err });
    if (err.error === "too_many_attempts") return new Auth0BlockedError("too_many_attempts", { cause: err });
    if (err.error === "unauthorized" && /blocked/i.test(err.error_description ?? "")) {
      return new Auth0BlockedError("blocked", { cause: err });
    }
    if (err.statusCode === 429) {
      return new Auth0UnavailableError("rate_limited", "Auth0 rate limit reached", retryAtFromHeaders(err.headers, now), {
        cause: err,
      });
    }
    if (err.statusCode >= 500) {
      return new Auth0UnavailableError("server_error", `Auth0 answered ${err.statusCode}`, undefined, { cause: err });
    }
    // access_denied, unauthorized_client, invalid_request: our client or connection setup is wrong.
    return new Auth0UnavailableError("misconfigured", `Auth0 refused the grant (${err.statusCode} ${err.error})`, undefined, {
      cause: err,
    });
  }
  const name = err instanceof Error ? err.name : "";
  const message = err instanceof Error ? err.message : "";
  if (name === "AbortError" || /timed out|timeout/i.test(message)) {
    return new Auth0UnavailableError("timeout", "Auth0 Authentication API timeout", undefined, { cause: err });
  }
  const status = (err as { response?: { status?: number } })?.response?.status;
  if (typeof status === "number" && status >= 500) {
    return new Auth0UnavailableError("server_error", `Auth0 answered ${status}`, undefined, { cause: err });
  }
  return new Auth0UnavailableError("network", "Auth0 Authentication API could not be reached", undefined, { cause: err });
}
