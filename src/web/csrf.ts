import { randomBytes } from "node:crypto";
import type { Context, Next } from "koa";
import { ForbiddenError } from "../errors";
import { tokensMatch } from "../tokens/tokensMatch";
import { anonymousCsrfOf } from "./AnonymousCsrf";

export function newCsrfToken(): string {
  return randomBytes(32).toString("base64url");
}

function loggedIn(ctx: Context): boolean {
  return typeof ctx.session?.uid === "string";
}

/**
 * The CSRF token for a form: a logged-in user's comes from the session; an anonymous visitor's
 * from a signed cookie, so viewing a page stores nothing on the server.
 */
export function csrfTokenFor(ctx: Context): string {
  const session = ctx.session;
  // No session (or one just ended): an anonymous form.
  if (!session || !loggedIn(ctx)) return anonymousCsrfOf(ctx).tokenFor(ctx);
  if (typeof session.csrf !== "string") session.csrf = newCsrfToken();
  return session.csrf as string;
}

/** Form posts must carry the right `_csrf` token (the session's, or the anonymous cookie's): 403 otherwise. */
export async function requireCsrf(ctx: Context, next: Next): Promise<void> {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const ok = loggedIn(ctx) ? tokensMatch(ctx.session?.csrf, body._csrf) : anonymousCsrfOf(ctx).verify(ctx, body._csrf);
  if (!ok) {
    throw new ForbiddenError("This form has expired or did not come from this site. Reload the page and try again.", "csrf_failed");
  }
  await next();
}
