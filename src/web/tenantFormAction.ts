import type { Middleware } from "koa";
import { loginMethodOf } from "./sessionUser";

/**
 * Browsers apply CSP `form-action` to a form post's redirects too. Where a form may end at the
 * tenant (any login form under LOGIN_MODE=universal or ADMIN_LOGIN=auth0, the logout form of a
 * Universal Login session), the page names the tenant's origin; other pages keep `'self'` alone.
 * Runs after the route, inside the session middleware.
 */
export function tenantFormAction(tenantUrl: string, everyPage: boolean): Middleware {
  const origin = new URL(tenantUrl).origin;
  return async (ctx, next) => {
    await next();
    if (!everyPage && loginMethodOf(ctx) !== "auth0") return;
    const csp = ctx.response.get("Content-Security-Policy");
    if (typeof csp === "string" && csp.includes("form-action 'self'")) {
      ctx.set("Content-Security-Policy", csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
    }
  };
}
