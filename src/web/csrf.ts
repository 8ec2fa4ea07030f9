import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, Next } from "koa";
import { ForbiddenError } from "../errors";

export function newCsrfToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The session's CSRF token, created on first use (the session is then saved). */
export function csrfTokenFor(ctx: Context): string {
  const session = ctx.session;
  if (!session) throw new Error("session middleware missing");
  if (typeof session.csrf !== "string") session.csrf = newCsrfToken();
  return session.csrf as string;
}

function matches(expected: unknown, given: unknown): boolean {
  if (typeof expected !== "string" || typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Form posts must carry the session's `_csrf` token: 403 otherwise. */
export async function requireCsrf(ctx: Context, next: Next): Promise<void> {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  if (!matches(ctx.session?.csrf, body._csrf)) {
    throw new ForbiddenError("This form has expired or did not come from this site. Reload the page and try again.", "csrf_failed");
  }
  await next();
}
