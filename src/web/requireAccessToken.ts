import type { Context } from "koa";
import { InvalidAccessTokenError as TokenRefused, JwksUnavailableError, type AccessTokenCheck } from "../auth0/AccessTokenVerifier";
import { InsufficientScopeError, InvalidAccessTokenError, TokenKeysUnavailableError } from "../errors";

/** Longer than any Auth0 access token; longer ones are refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;

/** True when the request carries `Authorization: Bearer ...` (well-formed or not). */
export function hasBearer(ctx: Context): boolean {
  return /^Bearer(?:\s|$)/i.test(ctx.get("authorization"));
}

/**
 * Admits a request whose bearer access token the tenant issued for this API with `scope`:
 * 401 `invalid_token` for anything else (garbage included), 403 `insufficient_scope`, 503 when the
 * tenant's keys cannot be fetched. The token itself never reaches a log line or an error message.
 */
export async function requireAccessToken(ctx: Context, tokens: AccessTokenCheck, scope: string): Promise<void> {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(ctx.get("authorization"));
  const token = match?.[1];
  const refuse = (cause?: unknown): InvalidAccessTokenError => {
    ctx.set("WWW-Authenticate", 'Bearer error="invalid_token"');
    return new InvalidAccessTokenError(cause === undefined ? undefined : { cause });
  };
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) throw refuse();
  let scopes: ReadonlySet<string>;
  try {
    ({ scopes } = await tokens.verify(token));
  } catch (err) {
    if (err instanceof JwksUnavailableError) throw new TokenKeysUnavailableError({ cause: err });
    if (err instanceof TokenRefused) throw refuse(err);
    throw err;
  }
  if (!scopes.has(scope)) {
    ctx.set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="${scope}"`);
    throw new InsufficientScopeError(scope);
  }
}
