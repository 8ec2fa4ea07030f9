import type Router from "@koa/router";
import { newRouter } from "./newRouter";
import type { Context } from "koa";
import { AuthUnavailableError, InvalidCredentialsError, TooManyAttemptsError } from "../../errors";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { Authenticator } from "../../migration/Authenticator";
import type { MigrationStore } from "../../migration/MigrationStore";
import type { PasswordFingerprint } from "../../gateway/passwordFingerprint";
import { csrfTokenFor, newCsrfToken, requireCsrf } from "../csrf";
import { readStringFields } from "../readFields";
import type { RedirectPolicy } from "../RedirectPolicy";
import { sessionUser, startSession } from "../sessionUser";
import { homePage } from "../views/homePage";
import { loginPage } from "../views/loginPage";

export interface PageRouteDeps {
  authenticator: Authenticator;
  users: LegacyUserStore;
  migrations: MigrationStore;
  fingerprint: PasswordFingerprint;
  /** Which `next` values may be followed (same-site paths, allowed hosts). */
  redirects: RedirectPolicy;
}

const GENERIC_FAILURE = "The username, email or password is not right.";
const UNAVAILABLE = "Login is temporarily unavailable. Please try again in a moment.";

export function pageRoutes(deps: PageRouteDeps): Router {
  const router = newRouter();

  router.get("/login", (ctx) => {
    const next = deps.redirects.target(ctx.query.next);
    allowFormRedirectTo(ctx, next);
    ctx.type = "html";
    ctx.body = loginPage({ csrfToken: csrfTokenFor(ctx), next });
  });

  router.post("/login", requireCsrf, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const next = deps.redirects.target(body.next);
    const { identifier, password } = readStringFields(body, ["identifier", "password"]);
    try {
      const { user, migration } = await deps.authenticator.authenticate(identifier, password, { ip: ctx.ip });
      await startSession(ctx, user.id, newCsrfToken(), deps.fingerprint(user.passwordHash));
      ctx.status = 303;
      // Auth0's policy refused this password: ask for a new one on the spot (No dead ends).
      ctx.redirect(migration.state === "weak_password" ? `/account/password?next=${encodeURIComponent(next)}` : next);
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return renderFailure(ctx, 401, GENERIC_FAILURE, identifier, next);
      if (err instanceof TooManyAttemptsError) {
        ctx.set("Retry-After", String(err.retryAfterSeconds));
        const minutes = Math.max(1, Math.ceil(err.retryAfterSeconds / 60));
        return renderFailure(ctx, 429, `Too many failed attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`, identifier, next);
      }
      if (err instanceof AuthUnavailableError) {
        ctx.set("Retry-After", "5");
        return renderFailure(ctx, 503, UNAVAILABLE, identifier, next);
      }
      throw err;
    }
  });

  router.post("/logout", requireCsrf, (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const next = body.next ?? ctx.query.next;
    ctx.session = null;
    ctx.status = 303;
    ctx.redirect(next === undefined ? "/login" : deps.redirects.target(next));
  });

  router.get("/", async (ctx) => {
    const user = await sessionUser(ctx, deps.users);
    if (!user) {
      ctx.status = 303;
      ctx.redirect("/login");
      return;
    }
    const migration = await deps.migrations.getStatus(user.id);
    ctx.type = "html";
    ctx.body = homePage(user, migration, csrfTokenFor(ctx));
  });

  return router;
}

/**
 * The login form's answer may redirect to another allowed origin (an application on a sibling
 * host): browsers apply the page's CSP `form-action` to that redirect too, so name the origin.
 */
function allowFormRedirectTo(ctx: Context, next: string): void {
  if (next.startsWith("/")) return;
  const csp = ctx.response.get("Content-Security-Policy");
  if (csp) ctx.set("Content-Security-Policy", csp.replace("form-action 'self'", `form-action 'self' ${new URL(next).origin}`));
}

function renderFailure(ctx: Context, status: number, error: string, identifier: string, next: string): void {
  allowFormRedirectTo(ctx, next);
  ctx.status = status;
  ctx.type = "html";
  ctx.body = loginPage({ csrfToken: csrfTokenFor(ctx), next, identifier: identifier.slice(0, 254), error });
}
