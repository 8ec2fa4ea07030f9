import { AppError } from "../errors";

/**
 * What an Auth0 call can end in, as the service cares about it. Internal (502, not exposed):
 * the web layer turns them into the contract's answers, never Auth0's own text.
 */
export class Auth0Error extends AppError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 502, { cause: options?.cause, expose: false });
  }
}

/** 409: a user with this email or username already exists in the connection. */
export class Auth0ConflictError extends Auth0Error {
  constructor(options?: { cause?: unknown }) {
    super("auth0_conflict", "The user already exists in Auth0.", options);
  }
}

/** 400 from the connection's password policy; `message` is Auth0's own reason. */
export class Auth0PasswordPolicyError extends Auth0Error {
  constructor(
    readonly auth0Message: string,
    options?: { cause?: unknown },
  ) {
    super("auth0_password_policy", auth0Message, options);
  }
}

/** Any other 400: Auth0 refused the payload. */
export class Auth0BadRequestError extends Auth0Error {
  constructor(
    readonly auth0Message: string,
    options?: { cause?: unknown },
  ) {
    super("auth0_bad_request", auth0Message, options);
  }
}

export type UnavailableReason = "timeout" | "network" | "server_error" | "rate_limited" | "misconfigured";

/** Auth0 could not answer now (timeout, network, 5xx, 429, or our credentials refused). */
export class Auth0UnavailableError extends Auth0Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    readonly retryAt?: Date,
    options?: { cause?: unknown },
  ) {
    super(`auth0_${reason}`, message, options);
  }
}

/** The password-realm grant said: wrong username or password. */
export class Auth0InvalidCredentialsError extends Auth0Error {
  constructor(options?: { cause?: unknown }) {
    super("auth0_invalid_credentials", "Auth0 rejected the credentials.", options);
  }
}

/** The user is blocked in Auth0 (by an admin, or by brute-force protection). */
export class Auth0BlockedError extends Auth0Error {
  constructor(
    readonly kind: "blocked" | "too_many_attempts",
    options?: { cause?: unknown },
  ) {
    super(`auth0_${kind}`, "The user is blocked in Auth0.", options);
  }
}

export class Auth0NotFoundError extends Auth0Error {
  constructor(options?: { cause?: unknown }) {
    super("auth0_not_found", "The Auth0 user does not exist.", options);
  }
}
