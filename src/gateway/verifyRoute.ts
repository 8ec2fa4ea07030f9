import type { Context, Middleware } from "koa";
import type { RedirectPolicy } from "../web/RedirectPolicy";
import { headerValue } from "./headerValue";
import type { SessionVerifier, VerifiedIdentity } from "./SessionVerifier";

export const VERIFY_PATH = "/auth/verify";

export interface VerifyRouteOptions {
  publicUrl: string;
  sessionCookie: string;
}

/**
 * `/auth/verify`, any method, for nginx `auth_request`, Traefik ForwardAuth and Caddy
 * `forward_auth`. Mounted before the session and body middleware: it reads the signed session
 * cookie itself, never a body, needs no CSRF token and writes nothing but the end of a session
 * that no longer stands, and (the store's doing, at most once a minute) the later idle expiry of
 * one in use.
 */
export function verifyRoute(options: VerifyRouteOptions, verifier: SessionVerifier, redirects: RedirectPolicy): Middleware {
  const loginUrl = `${options.publicUrl}/login`;
  const publicHost = new URL(options.publicUrl).host.toLowerCase();
  return async (ctx, next) => {
    if (ctx.path !== VERIFY_PATH) return next();
    ctx.set("Cache-Control", "no-store");
    const identity = await identityOf(ctx, options.sessionCookie, verifier);
    if (identity) {
      setIdentityHeaders(ctx, identity);
      ctx.status = 200;
      ctx.body = "";
      return;
    }
    const forwardedUri = ctx.get("X-Forwarded-Uri");
    // Traefik and Caddy pass this answer to the browser: a redirect serves it; nginx turns the
    // 401 into its own redirect (error_page). API clients get the 401 either way.
    if (forwardedUri && ctx.get("Accept").includes("text/html")) {
      ctx.status = 302;
      ctx.redirect(`${loginUrl}?next=${encodeURIComponent(returnTarget(ctx, forwardedUri, publicHost, redirects))}`);
      return;
    }
    ctx.status = 401;
    ctx.body = "";
  };
}

/**
 * The session's identity. On the hot path (the same cookie as a few seconds ago) the cookie is
 * matched against what was remembered, without a new HMAC: the id and its `.sig` are read
 * unsigned; any other cookie has its signature checked the usual way (Koa's signed cookies)
 * before the session is looked up.
 */
async function identityOf(ctx: Context, name: string, verifier: SessionVerifier): Promise<VerifiedIdentity | null> {
  const sid = ctx.cookies.get(name, { signed: false });
  const signature = ctx.cookies.get(`${name}.sig`, { signed: false });
  if (!sid || !signature) return null;
  const remembered = verifier.remembered(sid, signature);
  if (remembered !== undefined) return remembered;
  if (ctx.cookies.get(name, { signed: true }) !== sid) return null;
  return verifier.verify(sid, signature);
}

function setIdentityHeaders(ctx: Context, identity: VerifiedIdentity): void {
  ctx.set("X-Auth-Request-User", headerValue(identity.username));
  if (identity.email) ctx.set("X-Auth-Request-Email", headerValue(identity.email));
  ctx.set("X-Auth-Request-User-Id", headerValue(identity.userId));
  if (identity.auth0UserId) ctx.set("X-Auth-Request-Auth0-Id", headerValue(identity.auth0UserId));
  ctx.set("X-Auth-Request-Migration", headerValue(identity.migrationState));
}

/** The page to come back to: the forwarded URI, absolute when the application has its own host. */
function returnTarget(ctx: Context, forwardedUri: string, publicHost: string, redirects: RedirectPolicy): string {
  const host = ctx.get("X-Forwarded-Host").toLowerCase();
  if (host && host !== publicHost) {
    const proto = ctx.get("X-Forwarded-Proto").toLowerCase() === "http" ? "http" : "https";
    const absolute = forwardedUri.startsWith("/") ? redirects.absolute(`${proto}://${host}${forwardedUri}`) : undefined;
    if (absolute) return absolute;
  }
  return redirects.target(forwardedUri);
}
