import { AppError } from "../../errors";

/** A Universal Login return that cannot be trusted or completed (state, code, ID token): a 400 page, no session. */
export class LoginCallbackError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("login_failed", message, 400, { ...(options?.cause === undefined ? {} : { cause: options.cause }), expose: true });
  }
}

/** Auth0 vouched for a user this service has no link for (a sign-up made in Auth0): no session. */
export class UnlinkedAuth0UserError extends AppError {
  constructor() {
    super(
      "auth0_user_not_linked",
      "You signed in with Auth0, but that Auth0 account is not linked to an account here. Log in with the account you already have, or ask an administrator to link it.",
      403,
    );
  }
}

/** The tenant could not be reached (discovery, token endpoint, JWKS): the user retries shortly. */
export class LoginProviderUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super("auth_unavailable", "Login is temporarily unavailable. Please try again shortly.", 503, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      expose: true,
    });
  }
}

/** LOGIN_MODE=universal: password logins through the JSON API have moved to the tenant. */
export class UniversalLoginRequiredError extends AppError {
  constructor(domainUrl: string) {
    super(
      "universal_login_required",
      `Password logins have moved to Auth0. Sign users in through the tenant (${domainUrl}/authorize, or an access token from ${domainUrl}/oauth/token) instead of POST /api/login.`,
      403,
    );
  }
}

/** ADMIN_LOGIN=auth0: the admin JSON API takes a staff session only when it came through Universal Login. */
export class AdminUniversalLoginRequiredError extends AppError {
  constructor() {
    super(
      "universal_login_required",
      "The admin API needs a session that came through Auth0's Universal Login (ADMIN_LOGIN=auth0): log in through Auth0 at /login/auth0?next=/admin, or send the tenant's access token as Authorization: Bearer.",
      403,
    );
  }
}
