import type Router from "@koa/router";
import type { Context, Next } from "koa";
import type { LoginTransaction, UniversalLogin } from "../../auth0/oidc/UniversalLogin";
import { LoginCallbackError, UnlinkedAuth0UserError, UniversalLoginRequiredError } from "../../auth0/oidc/oidcErrors";
import { ForbiddenError } from "../../errors";
import type { PasswordFingerprint } from "../../gateway/passwordFingerprint";
import type { LegacyUser } from "../../legacy/LegacyUser";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { Logger } from "../../logger";
import type { MigrationStore } from "../../migration/MigrationStore";
import { tokensMatch } from "../../tokens/tokensMatch";
import { newCsrfToken, requireCsrf } from "../csrf";
import type { LoginTransactionCookie } from "../LoginTransactionCookie";
import type { RedirectPolicy } from "../RedirectPolicy";
import { loginMethodOf, startSession } from "../sessionUser";
import { newRouter } from "./newRouter";

export type LoginMode = "legacy" | "universal";

export interface UniversalLoginDeps {
  login: UniversalLogin;
  transactions: LoginTransactionCookie;
  /** `universal`: /login and POST /login go to Universal Login, /api/login refuses. */
  mode: LoginMode;
  /** PUBLIC_URL + /callback, as registered with the application. */
  redirectUri: string;
  /** Where Auth0's logout sends the browser back (one of the application's allowed logout URLs). */
  logoutReturnTo: string;
}

export interface UniversalLoginRouteDeps {
  universalLogin: UniversalLoginDeps;
  users: LegacyUserStore;
  migrations: MigrationStore;
  logger: Logger;
  /** Where `next` may lead (a same-site path, or an allowed host): checked on the way out and on return. */
  redirects: RedirectPolicy;
  /** Binds the session to the user's password, as a password login does, for /auth/verify. */
  fingerprint: PasswordFingerprint;
}

/** Path that starts a Universal Login and comes back to `next` (checked when the login starts). */
export function universalLoginPath(next: string): string {
  return `/login/auth0?next=${encodeURIComponent(next)}`;
}

/**
 * Universal Login: the redirect to the tenant, its return to /callback, and the logout through
 * the tenant. Mounted ahead of the password routes so LOGIN_MODE=universal can take /login over.
 */
export function universalLoginRoutes(deps: UniversalLoginRouteDeps): Router {
  const { login, transactions, mode } = deps.universalLogin;
  const router = newRouter();

  const redirectToTenant = async (ctx: Context, next: unknown): Promise<void> => {
    const { url, transaction } = await login.begin(deps.redirects.target(next));
    transactions.store(ctx, transaction);
    ctx.status = 302;
    ctx.redirect(url);
  };

  router.get("/login/auth0", (ctx) => redirectToTenant(ctx, ctx.query.next));

  if (mode === "universal") {
    router.get("/login", (ctx) => redirectToTenant(ctx, ctx.query.next));
    // A password form cached in a browser from before the cut-over: the password is not read.
    router.post("/login", (ctx) => {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      ctx.status = 303;
      ctx.redirect(universalLoginPath(typeof body.next === "string" ? body.next : "/"));
    });
    router.post("/api/login", () => {
      throw new UniversalLoginRequiredError(login.tenantUrl);
    });
  }

  router.get("/callback", async (ctx) => {
    const transaction = transactions.take(ctx);
    if (!transaction) throw new LoginCallbackError("This login has expired or was started in another browser. Please start again.");
    const user = await legacyUserFor(deps, await completeLogged(deps, callbackUrl(deps.universalLogin.redirectUri, ctx, transaction), transaction));
    await startSession(ctx, user.id, newCsrfToken(), deps.fingerprint(user.passwordHash), "auth0");
    ctx.status = 303;
    ctx.redirect(deps.redirects.target(transaction.next));
  });

  // A session that came through Universal Login also ends at the tenant; a password session
  // goes on to the ordinary logout.
  router.post("/logout", async (ctx: Context, next: Next) => {
    if (loginMethodOf(ctx) !== "auth0") return next();
    await requireCsrf(ctx, async () => {
      ctx.session = null;
      ctx.status = 303;
      ctx.redirect(login.logoutUrl(deps.universalLogin.logoutReturnTo));
    });
  });

  // The JSON logout of such a session: the browser script must still visit the tenant's logout
  // (its session there would log the user straight back in), so it gets the URL instead of a 204.
  router.post("/api/logout", async (ctx: Context, next: Next) => {
    if (loginMethodOf(ctx) !== "auth0") return next();
    ctx.session = null;
    ctx.body = { logout_url: login.logoutUrl(deps.universalLogin.logoutReturnTo) };
  });

  return router;
}

/**
 * The URL Auth0 sent the browser to, rebuilt on the registered redirect URI (a proxy may have
 * rewritten the host); the state must be the one this browser's transaction holds.
 */
function callbackUrl(redirectUri: string, ctx: Context, transaction: LoginTransaction): URL {
  const url = new URL(redirectUri);
  url.search = ctx.querystring;
  const state = url.searchParams.get("state");
  if (!tokensMatch(transaction.state, state)) throw new LoginCallbackError("This login did not start in this browser. Please start again.");
  return url;
}

/** Completes the login; a refusal is logged by its kind only (never the code, tokens or claims). */
async function completeLogged(deps: UniversalLoginRouteDeps, url: URL, transaction: LoginTransaction): Promise<{ sub: string }> {
  try {
    return await deps.universalLogin.login.complete(url, transaction);
  } catch (err) {
    if (err instanceof LoginCallbackError) {
      const cause = err.cause as { code?: unknown; name?: unknown; error?: unknown } | undefined;
      const reason = [cause?.name, cause?.code, cause?.error].filter((v): v is string => typeof v === "string").join(" ");
      deps.logger.info({ event: "universal_login_refused", reason: reason.slice(0, 200) }, "Universal Login return refused");
    }
    throw err;
  }
}

/** The linked legacy user of an Auth0 user id; an unlinked or inactive user gets no session. */
async function legacyUserFor(deps: UniversalLoginRouteDeps, { sub }: { sub: string }): Promise<LegacyUser> {
  const link = await deps.migrations.findByAuth0UserId(sub);
  if (!link) {
    deps.logger.info({ event: "universal_login_unlinked" }, "Universal Login by an Auth0 user without a link refused");
    throw new UnlinkedAuth0UserError();
  }
  const user = await deps.users.findById(link.legacyUserId);
  if (!user || !user.isActive) throw new ForbiddenError("This account cannot log in. Please contact support.", "account_inactive");
  return user;
}
