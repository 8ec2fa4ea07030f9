import {
  Auth0BadRequestError,
  Auth0BlockedError,
  Auth0ConflictError,
  Auth0InvalidCredentialsError,
  Auth0NotFoundError,
  Auth0PasswordPolicyError,
  Auth0UnavailableError,
} from "../auth0/auth0Errors";

/** A small, fixed label set for an Auth0 failure (unbounded values would explode the series). */
export function auth0ErrorKind(err: unknown): string {
  if (err instanceof Auth0UnavailableError) return err.reason;
  if (err instanceof Auth0ConflictError) return "conflict";
  if (err instanceof Auth0PasswordPolicyError) return "password_policy";
  if (err instanceof Auth0InvalidCredentialsError) return "invalid_credentials";
  if (err instanceof Auth0BlockedError) return "blocked";
  if (err instanceof Auth0NotFoundError) return "not_found";
  if (err instanceof Auth0BadRequestError) return "bad_request";
  return "unexpected";
}
