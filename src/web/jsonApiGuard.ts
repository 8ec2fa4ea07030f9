import type { Context, Next } from "koa";
import { ForbiddenError, UnsupportedMediaTypeError } from "../errors";

/**
 * The JSON API takes no CSRF token: a state-changing request must be JSON (which a
 * cross-site form cannot send without a CORS preflight) and, when the browser names an
 * Origin, come from PUBLIC_URL's origin. A browser that leaves Origin out but says, with
 * Sec-Fetch-Site, that the request comes from another site is refused too.
 */
export function jsonApiGuard(publicOrigin: string) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.method !== "GET" && ctx.method !== "HEAD") {
      const origin = ctx.get("origin");
      if (origin && origin !== publicOrigin) throw new ForbiddenError("Cross-origin requests are not allowed.", "forbidden_origin");
      const fetchSite = ctx.get("sec-fetch-site").toLowerCase();
      if (!origin && (fetchSite === "cross-site" || fetchSite === "same-site")) {
        throw new ForbiddenError("Cross-origin requests are not allowed.", "forbidden_origin");
      }
      // Logout may come without any body; a body of any other type is refused.
      const bodyless = ctx.path === "/api/logout" && !ctx.request.type;
      if (!bodyless && !ctx.is("application/json")) throw new UnsupportedMediaTypeError();
    }
    await next();
  };
}
