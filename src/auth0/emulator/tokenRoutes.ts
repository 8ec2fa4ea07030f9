import { randomBytes } from "node:crypto";
import { oauthError } from "./auth0ErrorBodies";
import type { BruteForceGuard } from "./BruteForceGuard";
import { clientCredentials, safeEqual } from "./clientAuth";
import type { EmulatorConnection, EmulatorStore } from "./EmulatorStore";
import type { ParsedBody } from "./httpIo";
import type { LoginClient, OidcClients } from "./OidcClients";
import { USERINFO_TOKEN_SECONDS, type OidcSessions } from "./OidcSessions";
import { API_TOKEN_SECONDS, grantedScopes, pkceMatches, signApiToken, signIdToken } from "./oidcTokens";
import { json, type Reply } from "./Reply";
import type { SigningKeys } from "./SigningKeys";

export const PASSWORD_REALM_GRANT = "http://auth0.com/oauth/grant-type/password-realm";
export const MANAGEMENT_SCOPE = "create:users read:users update:users delete:users";

export interface TokenContext {
  store: EmulatorStore;
  clientId: string;
  clientSecret: string;
  bruteForce: BruteForceGuard;
  /** Login clients, APIs and signing keys (Universal Login and tokens for other audiences). */
  oidc: {
    clients: OidcClients;
    sessions: OidcSessions;
    keys: SigningKeys;
    baseUrl: string;
    now: () => number;
  };
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

/** Client credentials for an API registered with the emulator: an RS256 access token with a `scope` claim. */
function apiTokenGrant(ctx: TokenContext, clientId: string, audience: string, body: Record<string, unknown>): Reply | undefined {
  const api = ctx.oidc.clients.api(audience);
  if (!api) return undefined;
  const scopes = grantedScopes(api, str(body, "scope"));
  const accessToken = signApiToken(ctx.oidc.keys, ctx.oidc.baseUrl, clientId, api, scopes, ctx.oidc.now());
  return json(200, { access_token: accessToken, token_type: "Bearer", expires_in: API_TOKEN_SECONDS, scope: scopes.join(" ") });
}

function clientCredentialsGrant(ctx: TokenContext, body: Record<string, unknown>): Reply {
  const audience = str(body, "audience");
  const apiReply = audience === undefined ? undefined : apiTokenGrant(ctx, ctx.clientId, audience, body);
  if (apiReply) return apiReply;
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

const INVALID_GRANT = (description: string): Reply => oauthError(403, "invalid_grant", description);

/** The authorization-code grant of a login client: PKCE, the code single-use and bound to client and redirect_uri. */
function authorizationCodeGrant(ctx: TokenContext, client: LoginClient, body: Record<string, unknown>): Reply {
  const code = str(body, "code");
  if (!code) return oauthError(400, "invalid_request", "Missing required parameter: code");
  const grant = ctx.oidc.sessions.takeCode(code);
  if (!grant || grant.clientId !== client.clientId) return INVALID_GRANT("Invalid authorization code");
  if (str(body, "redirect_uri") !== grant.redirectUri) return INVALID_GRANT("The redirect_uri does not match the authorization request");
  const verifier = str(body, "code_verifier");
  if (verifier === undefined || !pkceMatches(verifier, grant.codeChallenge)) return INVALID_GRANT("Failed to verify code verifier");
  const user = ctx.store.getUser(grant.userId);
  if (!user || user.blocked) return INVALID_GRANT("user is blocked or deleted");
  const reply: Record<string, unknown> = {
    access_token: ctx.oidc.sessions.issueUserinfoToken(user.user_id),
    token_type: "Bearer",
    expires_in: USERINFO_TOKEN_SECONDS,
    scope: grant.scope,
  };
  if (grant.scope.split(/\s+/).includes("openid")) {
    reply.id_token = signIdToken(ctx.oidc.keys, {
      baseUrl: ctx.oidc.baseUrl,
      clientId: client.clientId,
      user,
      nonce: grant.nonce,
      authTime: grant.authTime,
      amr: grant.amr,
      nowMs: ctx.oidc.now(),
    });
  }
  return json(200, reply);
}

/** /oauth/token for a login client (Regular Web Application): the code grant, or client credentials for an API. */
function loginClientToken(ctx: TokenContext, client: LoginClient, body: Record<string, unknown>): Reply {
  const grantType = str(body, "grant_type");
  if (!grantType) return oauthError(400, "invalid_request", "Missing required parameter: grant_type");
  if (grantType === "authorization_code") return authorizationCodeGrant(ctx, client, body);
  if (grantType === "client_credentials") {
    const audience = str(body, "audience");
    const reply = audience === undefined ? undefined : apiTokenGrant(ctx, client.clientId, audience, body);
    return reply ?? oauthError(403, "access_denied", `Client is not authorized to access "${audience ?? ""}".`);
  }
  return oauthError(403, "unauthorized_client", `Grant type '${grantType}' not allowed for the client.`);
}

/** POST /oauth/token */
export async function handleToken(ctx: TokenContext, req: TokenRequest): Promise<Reply> {
  if (!req.body.ok) return oauthError(400, "invalid_request", req.body.reason);
  const body = req.body.value;
  const { clientId, clientSecret } = clientCredentials(body, req.authorization);
  if (clientId === undefined || clientSecret === undefined) return UNAUTHORIZED_CLIENT();
  const loginClient = ctx.oidc.clients.loginClient(clientId);
  if (loginClient && !safeEqual(clientId, ctx.clientId)) {
    return safeEqual(clientSecret, loginClient.clientSecret) ? loginClientToken(ctx, loginClient, body) : UNAUTHORIZED_CLIENT();
  }
  if (!safeEqual(clientId, ctx.clientId) || !safeEqual(clientSecret, ctx.clientSecret)) return UNAUTHORIZED_CLIENT();
  const grantType = str(body, "grant_type");
  if (!grantType) return oauthError(400, "invalid_request", "Missing required parameter: grant_type");
  if (grantType === "client_credentials") return clientCredentialsGrant(ctx, body);
  if (grantType === "password" || grantType === PASSWORD_REALM_GRANT) return passwordGrant(ctx, grantType, body, req.clientIp);
  return oauthError(403, "unauthorized_client", `Grant type '${grantType}' not allowed for the client.`);
}
