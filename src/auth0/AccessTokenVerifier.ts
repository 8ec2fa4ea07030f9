import type * as Jose from "jose" with { "resolution-mode": "import" };
import { loadJose } from "./oidc/loadOidcLibraries";
import type { Auth0Scheme } from "./auth0Endpoint";
import { JwksCache, JwksFetchError } from "./JwksCache";

export interface AccessTokenVerifierOptions {
  /** `AUTH0_DOMAIN`'s host (with port): the JWKS is `https://<domain>/.well-known/jwks.json`. */
  domain: string;
  /** `http` only for the loopback emulator; then the issuer is `http://<domain>/` too. */
  scheme: Auth0Scheme;
  /** `ADMIN_API_AUDIENCE`: the API identifier the token must be issued for. */
  audience: string;
  /** The service's Auth0 fetch (TLS failure log, loopback http). */
  fetch: typeof fetch;
  /** Clock skew allowed on `exp`/`nbf`/`iat`; default 30 s. */
  leewaySeconds?: number;
  /** An unknown `kid` refetches the JWKS at most this often; default 30 s. */
  refreshCooldownMs?: number;
  /** The JWKS is refetched when older than this; default 10 minutes. */
  cacheMaxAgeMs?: number;
  timeoutMs?: number;
  /** Epoch ms, for `exp`/`nbf`; default Date.now. */
  clock?: () => number;
}

export interface VerifiedAccessToken {
  subject: string;
  scopes: ReadonlySet<string>;
}

/** The token is not one this service accepts (bad signature, issuer, audience, expired, garbage). */
export class InvalidAccessTokenError extends Error {
  override name = "InvalidAccessTokenError";
}

/** The tenant's JWKS could not be fetched: not the token's fault. */
export class JwksUnavailableError extends Error {
  override name = "JwksUnavailableError";
}

export interface AccessTokenCheck {
  verify(token: string): Promise<VerifiedAccessToken>;
}

/**
 * Verifies Auth0 access tokens (RS256 only) against the tenant's JWKS, as Auth0's API guides do:
 * `iss` = `https://<domain>/`, `aud`, `exp`/`nbf` with a small leeway. jose is ESM-only, so it is
 * loaded with import() on first use. The JWKS is cached and refetched on an unknown `kid`, at most
 * once per cooldown, so a flood of forged kids cannot make us hammer the tenant.
 */
export class AccessTokenVerifier implements AccessTokenCheck {
  private readonly issuer: string;
  private readonly jwksUrl: string;
  private readonly clock: () => number;
  private loaded: Promise<{ jose: typeof Jose; jwks: JwksCache }> | undefined;

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.issuer = `${options.scheme}://${options.domain}/`;
    // Always https:// here: the service's Auth0 fetch downgrades loopback hosts when http:// was written.
    this.jwksUrl = `https://${options.domain}/.well-known/jwks.json`;
    this.clock = options.clock ?? Date.now;
  }

  async verify(token: string): Promise<VerifiedAccessToken> {
    const { jose, jwks } = await this.load();
    let payload: Jose.JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, jwks.getKey, {
        algorithms: ["RS256"],
        issuer: this.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.leewaySeconds ?? 30,
        requiredClaims: ["exp", "sub"],
        currentDate: new Date(this.clock()),
      }));
    } catch (err) {
      if (err instanceof JwksFetchError) throw new JwksUnavailableError("the tenant's JWKS could not be fetched", { cause: err });
      throw new InvalidAccessTokenError("invalid access token", { cause: err });
    }
    const scope = typeof payload.scope === "string" ? payload.scope : "";
    return { subject: payload.sub as string, scopes: new Set(scope.split(" ").filter((s) => s !== "")) };
  }

  private load(): Promise<{ jose: typeof Jose; jwks: JwksCache }> {
    this.loaded ??= loadJose().then((jose) => ({
      jose,
      jwks: new JwksCache(jose, {
        url: this.jwksUrl,
        fetch: this.options.fetch,
        refreshCooldownMs: this.options.refreshCooldownMs ?? 30_000,
        maxAgeMs: this.options.cacheMaxAgeMs ?? 600_000,
        timeoutMs: this.options.timeoutMs ?? 5000,
        clock: this.clock,
      }),
    }));
    return this.loaded;
  }
}
