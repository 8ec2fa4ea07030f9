import { randomBytes } from "node:crypto";
import { oauthError } from "./auth0ErrorBodies";
import type { BruteForceGuard } from "./BruteForceGuard";
import { clientCredentials, safeEqual } from "./clientAuth";
import type { EmulatorConnection, EmulatorStore } from "./EmulatorStore";
import type { ParsedBody } from "./httpIo";
import { json, type Reply } from "./Reply";

export const PASSWORD_REALM_GRANT = "http://auth0.com/oauth/grant-type/password-realm";
export const MANAGEMENT_SCOPE = "create:users read:users update:users delete:users";

export interface TokenContext {
  store: EmulatorStore;
  clientId: string;
  clientSecret: string;
  bruteForce: BruteForceGuard;
}

export interface TokenRequest {
  body: ParsedBody;
  authorization: string | undefined;
  /** `auth0-forwarded-for`, else the socket address. */
  clientIp: string;
}

/** Which fault target a `/oauth/token` request is: the password grants, or everything else ("token"). */
export function tokenTarget(body: ParsedBody): "token" | "password_grant" {
  if (!body.ok) return "token";
  const grant = body.value.grant_type;
  return grant === "password" || grant === PASSWORD_REALM_GRANT ? "password_grant" : "token";
}

const UNAUTHORIZED_CLIENT = (): Reply => oauthError(401, "access_denied", "Unauthorized");

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === "string" ? v : undefined;
}

function clientCredentialsGrant(ctx: TokenContext, body: Record<string, unknown>): Reply {
  const audience = str(body, "audience");
  if (audience !== undefined) {
    let path = "";
    try {
      path = new URL(audience).pathname;
    } catch {
      /* not a URL */
    }
    if (path !== "/api/v2/" && path !== "/api/v2") return oauthError(403, "access_denied", `Service not found: ${audience}`);
  }
  const { accessToken, expiresIn } = ctx.store.issueToken();
  return json(200, { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn, scope: MANAGEMENT_SCOPE });
}

async function passwordGrant(ctx: TokenContext, grantType: string, body: Record<string, unknown>, clientIp: string): Promise<Reply> {
  const username = str(body, "username");
  const password = str(body, "password");
  if (!username) return oauthError(400, "invalid_request", "Missing required parameter: username");
  if (password === undefined) return oauthError(400, "invalid_request", "Missing required parameter: password");
  let connection: EmulatorConnection | undefined;
  if (grantType === PASSWORD_REALM_GRANT) {
    const realm = str(body, "realm");
    if (!realm) return oauthError(400, "invalid_request", "Missing required parameter: realm");
    connection = ctx.store.getConnection(realm);
    if (!connection) return oauthError(400, "invalid_request", `Unknown realm: ${realm}`);
  } else {
    connection = ctx.store.defaultConnection();
    if (!connection) return oauthError(500, "server_error", "Authorization server not configured with default connection.");
  }

  const user = ctx.store.findByLogin(connection.name, username);
  const account = `${connection.name}\u0000${user ? user.user_id : username.toLowerCase()}`;
  if (ctx.bruteForce.isBlocked(account, clientIp)) {
    return oauthError(429, "too_many_attempts", "Your account has been blocked after multiple consecutive login attempts.");
  }
  if (!user || !(await ctx.store.verifyPassword(user.user_id, password))) {
    ctx.bruteForce.recordFailure(account, clientIp);
    return oauthError(403, "invalid_grant", "Wrong email or password.");
  }
  if (user.blocked) return oauthError(401, "unauthorized", "user is blocked");
  ctx.bruteForce.recordSuccess(account, clientIp);
  ctx.store.recordLogin(user.user_id, clientIp);
  // An opaque token for the user; it is NOT a Management API token. Never an id_token (no openid scope).
  return json(200, { access_token: randomBytes(32).toString("base64url"), token_type: "Bearer", expires_in: 86_400 });
}

/** POST /oauth/token */
export async function handleToken(ctx: TokenContext, req: TokenRequest): Promise<Reply> {
  if (!req.body.ok) return oauthError(400, "invalid_request", req.body.reason);
  const body = req.body.value;
  const { clientId, clientSecret } = clientCredentials(body, req.authorization);
  if (clientId === undefined || clientSecret === undefined || !safeEqual(clientId, ctx.clientId) || !safeEqual(clientSecret, ctx.clientSecret)) {
    return UNAUTHORIZED_CLIENT();
  }
  const grantType = str(body, "grant_type");
  if (!grantType) return oauthError(400, "invalid_request", "Missing required parameter: grant_type");
  if (grantType === "client_credentials") return clientCredentialsGrant(ctx, body);
  if (grantType === "password" || grantType === PASSWORD_REALM_GRANT) return passwordGrant(ctx, grantType, body, req.clientIp);
  return oauthError(403, "unauthorized_client", `Grant type '${grantType}' not allowed for the client.`);
}
