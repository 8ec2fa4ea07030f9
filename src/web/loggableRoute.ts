import type { Context } from "koa";

/**
 * What a log line may say about where a request went: the route's template
 * (`/password-reset/:uid/:token`), never the path itself, whose parameters can be a live
 * reset token, and never the query string. A request no route matched is named by its first
 * segment only.
 */
export function loggableRoute(ctx: Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  if (typeof matched === "string") return matched;
  const first = /^\/[^/?#]{0,64}/.exec(ctx.path)?.[0] ?? "/";
  return ctx.path.length > first.length ? `${first}/…` : first;
}
