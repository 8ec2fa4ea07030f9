/**
 * Typed errors. `status` is the HTTP status the web layer answers with; `expose` says
 * whether `message` may reach the client. Anything that is not an AppError is an
 * internal error: logged, and answered with a generic 500.
 */
export class AppError extends Error {
  readonly status: number;
  readonly expose: boolean;
  readonly code: string;

  constructor(code: string, message: string, status: number, options?: { cause?: unknown; expose?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.expose = options?.expose ?? status < 500;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code = "bad_request") {
    super(code, message, 400);
  }
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    super("invalid_credentials", "Invalid username, email or password.", 401);
  }
}

export class UnauthenticatedError extends AppError {
  constructor() {
    super("unauthenticated", "You need to log in first.", 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Forbidden.", code = "forbidden") {
    super(code, message, 403);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = "Send the request body as application/json.") {
    super("unsupported_media_type", message, 415);
  }
}

/** Auth0 could not be asked (outage policy `deny`): fail closed, the user retries shortly. */
export class AuthUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super("auth_unavailable", "Login is temporarily unavailable. Please try again shortly.", 503, {
      cause: options?.cause,
      expose: true,
    });
  }
}

/** Too many failed logins for this account from this IP, or from this IP: wait and retry. */
export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("too_many_attempts", "Too many failed login attempts. Please wait a few minutes and try again.", 429);
  }
}

/** Configuration is invalid; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** A bearer access token that is not valid for this API (RFC 6750 `invalid_token`). */
export class InvalidAccessTokenError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super("invalid_token", "The access token is not valid.", 401, options);
  }
}

/** A valid access token without the scope the route needs (RFC 6750 `insufficient_scope`). */
export class InsufficientScopeError extends AppError {
  constructor(readonly scope: string) {
    super("insufficient_scope", `The access token lacks the scope ${scope}.`, 403);
  }
}

/** The tenant's signing keys could not be fetched to check a token: retry shortly. */
export class TokenKeysUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super("auth_unavailable", "Access tokens cannot be checked right now. Please try again shortly.", 503, { cause: options?.cause, expose: true });
  }
}
