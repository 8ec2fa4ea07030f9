import type { Configuration } from "openid-client" with { "resolution-mode": "import" };
import { LoginCallbackError, LoginProviderUnavailableError } from "./oidcErrors";
import { loadOpenIdClient, type OpenIdClientModule } from "./loadOidcLibraries";
import type { LoginTransaction, UniversalLogin } from "./UniversalLogin";

export interface OidcRelyingPartyOptions {
  /** `https://<domain>` (or `http://127.0.0.1:port` when the operator wrote http:// for loopback). */
  tenantUrl: string;
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL + /callback: must be one of the application's allowed callback URLs. */
  redirectUri: string;
  /** Every call to the tenant goes through the app's Auth0 fetch (TLS policy, failure logging). */
  fetch: typeof fetch;
  timeoutSeconds: number;
}

const SCOPE = "openid profile email";

/**
 * An OpenID Connect relying party for a Regular Web Application: authorization code flow with
 * PKCE (S256), `state` and `nonce`, the ID token's signature checked against the tenant's JWKS
 * (openid-client checks iss, aud, exp, iat and nonce). Discovery happens on first use and is
 * retried after a failure, so a tenant outage at start does not stop the service.
 */
export class OidcRelyingParty implements UniversalLogin {
  readonly tenantUrl: string;
  private configuration: Promise<{ lib: OpenIdClientModule; config: Configuration }> | undefined;

  constructor(private readonly options: OidcRelyingPartyOptions) {
    this.tenantUrl = options.tenantUrl.replace(/\/+$/, "");
  }

  async begin(next: string): Promise<{ url: string; transaction: LoginTransaction }> {
    const { lib, config } = await this.discovered();
    const codeVerifier = lib.randomPKCECodeVerifier();
    const transaction: LoginTransaction = { state: lib.randomState(), nonce: lib.randomNonce(), codeVerifier, next };
    const url = lib.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: SCOPE,
      code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url: url.href, transaction };
  }

  async complete(callbackUrl: URL, transaction: LoginTransaction): Promise<{ sub: string }> {
    const { lib, config } = await this.discovered();
    try {
      const tokens = await lib.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || typeof claims.sub !== "string" || claims.sub === "") throw new LoginCallbackError("Auth0 did not say who logged in.");
      return { sub: claims.sub };
    } catch (err) {
      if (err instanceof LoginCallbackError) throw err;
      if (unreachable(lib, err)) throw new LoginProviderUnavailableError({ cause: err });
      throw new LoginCallbackError("The login could not be completed. Please start again.", { cause: err });
    }
  }

  logoutUrl(returnTo: string): string {
    const url = new URL(`${this.tenantUrl}/v2/logout`);
    url.searchParams.set("client_id", this.options.clientId);
    url.searchParams.set("returnTo", returnTo);
    return url.href;
  }

  private discovered(): Promise<{ lib: OpenIdClientModule; config: Configuration }> {
    if (!this.configuration) {
      const attempt = this.discover();
      this.configuration = attempt;
      // A failed discovery is not cached: the next login tries again.
      attempt.catch(() => {
        if (this.configuration === attempt) this.configuration = undefined;
      });
    }
    return this.configuration;
  }

  private async discover(): Promise<{ lib: OpenIdClientModule; config: Configuration }> {
    const lib = await loadOpenIdClient();
    const issuer = new URL(`${this.tenantUrl}/`);
    const insecure = issuer.protocol === "http:";
    try {
      const config = await lib.discovery(issuer, this.options.clientId, undefined, lib.ClientSecretPost(this.options.clientSecret), {
        [lib.customFetch]: (url: string, init: RequestInit) => this.options.fetch(url, init),
        timeout: this.options.timeoutSeconds,
        // The ID token comes over TLS from the token endpoint, but its signature is checked
        // against the JWKS all the same, as the design asks; plain HTTP only for loopback http://.
        execute: insecure ? [lib.allowInsecureRequests, lib.enableNonRepudiationChecks] : [lib.enableNonRepudiationChecks],
      });
      return { lib, config };
    } catch (err) {
      throw new LoginProviderUnavailableError({ cause: err });
    }
  }
}

/** Network failures, timeouts and 5xx answers: the tenant is unavailable, not the login wrong. */
function unreachable(lib: OpenIdClientModule, err: unknown): boolean {
  // openid-client may wrap the fetch failure (a ClientError with the TypeError as its cause).
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    if (current instanceof lib.ResponseBodyError) return current.status >= 500;
    // Read by name, not instanceof: fetch's TypeError ("fetch failed") may come from another realm.
    const { name, code, cause } = current as { name?: unknown; code?: unknown; cause?: unknown };
    if (name === "TypeError" || name === "TimeoutError" || name === "AbortError") return true;
    if (code === "OAUTH_RESPONSE_IS_NOT_CONFORM" || code === "OAUTH_RESPONSE_IS_NOT_JSON") return true;
    current = cause;
  }
  return false;
}
