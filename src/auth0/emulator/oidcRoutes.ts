import type { BruteForceGuard } from "./BruteForceGuard";
import { bearerToken } from "./clientAuth";
import type { EmulatorStore } from "./EmulatorStore";
import type { ParsedBody } from "./httpIo";
import { htmlPage, loginPage, mfaPage } from "./loginPage";
import type { MfaEnrollments } from "./MfaEnrollments";
import type { LoginClient, OidcClients } from "./OidcClients";
import type { AuthorizeTransaction, OidcSessions } from "./OidcSessions";
import { issuerOf } from "./oidcTokens";
import { json, type Reply } from "./Reply";
import type { SigningKeys } from "./SigningKeys";

export const SESSION_COOKIE = "auth0_emulator_session";

const OIDC_PATHS = new Set(["/authorize", "/u/login", "/u/mfa", "/userinfo", "/v2/logout", "/.well-known/jwks.json"]);

export function isOidcPath(path: string): boolean {
  return OIDC_PATHS.has(path);
}

export interface OidcContext {
  store: EmulatorStore;
  clients: OidcClients;
  sessions: OidcSessions;
  keys: SigningKeys;
  bruteForce: BruteForceGuard;
  mfa: MfaEnrollments;
  baseUrl: string;
  now: () => number;
}

export interface OidcRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: ParsedBody;
  cookie: string | undefined;
  authorization: string | undefined;
  clientIp: string;
}

/** The public OpenID discovery document (also what /healthz probes): endpoints only, no secrets. */
export function discoveryDocument(baseUrl: string): Record<string, unknown> {
  return {
    issuer: issuerOf(baseUrl),
    authorization_endpoint: `${baseUrl}/authorize`,
    token_endpoint: `${baseUrl}/oauth/token`,
    userinfo_endpoint: `${baseUrl}/userinfo`,
    jwks_uri: `${baseUrl}/.well-known/jwks.json`,
    end_session_endpoint: `${baseUrl}/v2/logout`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    code_challenge_methods_supported: ["S256"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    scopes_supported: ["openid", "profile", "email"],
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "email", "email_verified", "name", "nickname"],
    grant_types_supported: ["authorization_code", "client_credentials", "password", "http://auth0.com/oauth/grant-type/password-realm"],
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sessionCookie(ctx: OidcContext, value: string, maxAgeSeconds: number): string {
  const secure = ctx.baseUrl.startsWith("https:") ? "; Secure" : "";
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

function redirect(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 302, text: "", headers: { location, "cache-control": "no-store", ...headers } };
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>, headers?: Record<string, string>): Reply {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return redirect(url.href, headers);
}

const MAX_MFA_ATTEMPTS = 5;

function codeRedirect(
  ctx: OidcContext,
  tx: Omit<AuthorizeTransaction, "expiresAt">,
  session: { userId: string; authTime: number; amr: string[] },
  headers?: Record<string, string>,
): Reply {
  const code = ctx.sessions.issueCode({
    clientId: tx.clientId,
    redirectUri: tx.redirectUri,
    codeChallenge: tx.codeChallenge,
    nonce: tx.nonce,
    scope: tx.scope,
    userId: session.userId,
    authTime: session.authTime,
    amr: session.amr,
  });
  return redirectWith(tx.redirectUri, { code, state: tx.state }, headers);
}

function param(query: URLSearchParams, name: string): string | undefined {
  const v = query.get(name);
  return v === null || v === "" ? undefined : v;
}

/** A live session of a user who still exists, is not blocked, and passed MFA if enrolled. */
function activeSession(ctx: OidcContext, cookie: string | undefined): { userId: string; authTime: number; amr: string[] } | undefined {
  const sid = readCookie(cookie, SESSION_COOKIE);
  const session = sid === undefined ? undefined : ctx.sessions.session(sid);
  if (!session) return undefined;
  const user = ctx.store.getUser(session.userId);
  if (!user || user.blocked) return undefined;
  return ctx.mfa.isEnrolled(user.user_id) && !session.amr.includes("mfa") ? undefined : session;
}

/** GET /authorize: the authorization-code flow with PKCE (S256) only. */
function authorize(ctx: OidcContext, req: OidcRequest): Reply {
  const clientId = param(req.query, "client_id");
  const client = clientId === undefined ? undefined : ctx.clients.loginClient(clientId);
  if (!client) return htmlPage(400, "Unknown client", "<p>The client_id is not a login client of this tenant.</p>");
  const redirectUri = param(req.query, "redirect_uri");
  // Never redirect to an unregistered URL, even with an error.
  if (redirectUri === undefined || !client.callbacks.includes(redirectUri)) {
    return htmlPage(400, "Callback URL mismatch", "<p>The redirect_uri is not in the client's allowed callback URLs.</p>");
  }
  const state = param(req.query, "state");
  if (req.query.get("response_type") !== "code") {
    return redirectWith(redirectUri, { error: "unsupported_response_type", error_description: "response_type must be code", state });
  }
  const codeChallenge = param(req.query, "code_challenge");
  if (codeChallenge === undefined || req.query.get("code_challenge_method") !== "S256") {
    return redirectWith(redirectUri, { error: "invalid_request", error_description: "PKCE with code_challenge_method=S256 is required", state });
  }
  const tx = {
    clientId: client.clientId,
    redirectUri,
    codeChallenge,
    state,
    nonce: param(req.query, "nonce"),
    scope: param(req.query, "scope") ?? "openid",
  };
  const prompt = param(req.query, "prompt");
  const session = prompt === "login" ? undefined : activeSession(ctx, req.cookie);
  if (session) return codeRedirect(ctx, tx, session);
  if (prompt === "none") return redirectWith(redirectUri, { error: "login_required", error_description: "Login required", state });
  return loginPage(200, ctx.sessions.startTransaction(tx), client.name);
}

function field(body: ParsedBody, name: string): string | undefined {
  if (!body.ok) return undefined;
  const v = body.value[name];
  return typeof v === "string" ? v : undefined;
}

/** POST /u/login: the login form; success starts the emulator's session and returns the code to the client. */
async function submitLogin(ctx: OidcContext, req: OidcRequest): Promise<Reply> {
  const txId = field(req.body, "tx") ?? "";
  const tx = ctx.sessions.transaction(txId);
  const client: LoginClient | undefined = tx ? ctx.clients.loginClient(tx.clientId) : undefined;
  if (!tx || !client) return htmlPage(400, "Login expired", "<p>Go back to the application and log in again.</p>");
  const username = field(req.body, "username") ?? "";
  const password = field(req.body, "password") ?? "";
  const connection = ctx.store.defaultConnection();
  const user = connection && username !== "" ? ctx.store.findByLogin(connection.name, username) : undefined;
  const account = `${connection?.name ?? ""}\u0000${user ? user.user_id : username.toLowerCase()}`;
  if (ctx.bruteForce.isBlocked(account, req.clientIp)) {
    return loginPage(429, txId, client.name, "Your account has been blocked after multiple consecutive login attempts.");
  }
  // verifyPassword, as the password grant: an imported user's imported hash opens the account too.
  if (!user || !(await ctx.store.verifyPassword(user.user_id, password))) {
    ctx.bruteForce.recordFailure(account, req.clientIp);
    return loginPage(401, txId, client.name, "Wrong email or password.");
  }
  if (user.blocked) return loginPage(401, txId, client.name, "Your account is blocked.");
  ctx.bruteForce.recordSuccess(account, req.clientIp);
  if (ctx.mfa.isEnrolled(user.user_id)) {
    tx.mfaUserId = user.user_id;
    tx.mfaAttempts = 0;
    return mfaPage(200, txId);
  }
  return finishLogin(ctx, req, txId, tx, user.user_id, ["pwd"]);
}

function finishLogin(ctx: OidcContext, req: OidcRequest, txId: string, tx: AuthorizeTransaction, userId: string, amr: string[]): Reply {
  ctx.store.recordLogin(userId, req.clientIp);
  ctx.sessions.endTransaction(txId);
  const sid = ctx.sessions.startSession(userId, amr);
  const session = ctx.sessions.session(sid) ?? { userId, authTime: ctx.now(), amr };
  return codeRedirect(ctx, tx, session, { "set-cookie": sessionCookie(ctx, sid, 86_400) });
}

/** POST /u/mfa: the one-time code of a user who got the password right; a few tries per login. */
function submitMfa(ctx: OidcContext, req: OidcRequest): Reply {
  const txId = field(req.body, "tx") ?? "";
  const tx = ctx.sessions.transaction(txId);
  if (!tx || tx.mfaUserId === undefined) return htmlPage(400, "Login expired", "<p>Go back to the application and log in again.</p>");
  const userId = tx.mfaUserId;
  if (ctx.mfa.check(userId, (field(req.body, "code") ?? "").trim(), ctx.now())) return finishLogin(ctx, req, txId, tx, userId, ["pwd", "mfa"]);
  tx.mfaAttempts = (tx.mfaAttempts ?? 0) + 1;
  if (tx.mfaAttempts >= MAX_MFA_ATTEMPTS) {
    ctx.sessions.endTransaction(txId);
    return htmlPage(429, "Too many attempts", "<p>Go back to the application and log in again.</p>");
  }
  return mfaPage(401, txId, "Wrong or expired code.");
}

/** GET /userinfo with the access token of the authorization-code grant. */
function userinfo(ctx: OidcContext, req: OidcRequest): Reply {
  const token = bearerToken(req.authorization);
  const userId = token === undefined ? undefined : ctx.sessions.userinfoUser(token);
  const user = userId === undefined ? undefined : ctx.store.getUser(userId);
  if (!user) return json(401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
  const body: Record<string, unknown> = {
    sub: user.user_id,
    email: user.email,
    email_verified: user.email_verified,
    name: user.email,
    updated_at: user.updated_at,
  };
  if (user.username !== undefined) body.nickname = user.username;
  return json(200, body);
}

/** GET /v2/logout: ends the emulator's session; `returnTo` must be one of the client's allowed logout URLs. */
function logout(ctx: OidcContext, req: OidcRequest): Reply {
  const returnTo = param(req.query, "returnTo");
  const clientId = param(req.query, "client_id");
  const client = clientId === undefined ? undefined : ctx.clients.loginClient(clientId);
  if (returnTo !== undefined && (!client || !client.allowedLogoutUrls.includes(returnTo))) {
    return htmlPage(400, "Logout URL not allowed", "<p>returnTo is not in the client's allowed logout URLs.</p>");
  }
  const sid = readCookie(req.cookie, SESSION_COOKIE);
  if (sid !== undefined) ctx.sessions.endSession(sid);
  const clear = { "set-cookie": sessionCookie(ctx, "", 0) };
  return returnTo !== undefined ? redirect(returnTo, clear) : htmlPage(200, "Logged out", "<p>You are logged out.</p>", clear);
}

export async function handleOidc(ctx: OidcContext, req: OidcRequest): Promise<Reply> {
  const { method, path } = req;
  if (path === "/authorize" && method === "GET") return authorize(ctx, req);
  if (path === "/u/login" && method === "POST") return submitLogin(ctx, req);
  if (path === "/u/mfa" && method === "POST") return submitMfa(ctx, req);
  if (path === "/userinfo" && (method === "GET" || method === "POST")) return userinfo(ctx, req);
  if (path === "/v2/logout" && method === "GET") return logout(ctx, req);
  if (path === "/.well-known/jwks.json" && method === "GET") return json(200, ctx.keys.jwks());
  return json(404, { statusCode: 404, error: "Not Found", message: "Not Found" });
}
