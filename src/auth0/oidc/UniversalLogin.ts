/** What the browser keeps between the redirect to Universal Login and the return to /callback. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after the login (a same-site path, checked again on return). */
  next: string;
}

/** The relying-party side of Auth0's Universal Login, as the web routes use it. */
export interface UniversalLogin {
  /** The tenant's base URL (`https://<domain>`), for messages that send API clients there. */
  readonly tenantUrl: string;
  /** Where to send the browser, and the transaction to keep until it comes back. */
  begin(next: string): Promise<{ url: string; transaction: LoginTransaction }>;
  /** Checks the return (state, code with PKCE, the ID token) and answers the Auth0 user id (`sub`). */
  complete(callbackUrl: URL, transaction: LoginTransaction): Promise<{ sub: string }>;
  /** Auth0's logout, returning to `returnTo` (which must be one of the application's allowed logout URLs). */
  logoutUrl(returnTo: string): string;
}
