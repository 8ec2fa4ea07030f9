import type { Context, Next } from "koa";
import { AppError, TooManyAttemptsError } from "../errors";
import type { Logger } from "../logger";
import { isApiPath } from "./isApiPath";
import { loggableRoute } from "./loggableRoute";
import { errorPage } from "./views/errorPage";

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_attempts",
};

function wantsJson(ctx: Context): boolean {
  return isApiPath(ctx.path) || ctx.path === "/healthz" || ctx.path === "/metrics";
}

/**
 * The one error middleware: typed errors answer with their status and (if exposed) their
 * message; everything else is logged and answered with a generic 500. No stack ever leaves.
 */
export function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.throw(404, "Not found.");
      }
    } catch (err) {
      const status = statusOf(err);
      const expose = status < 500 || (err instanceof AppError && err.expose);
      const code = err instanceof AppError ? err.code : (CODES[status] ?? (status >= 500 ? "internal_error" : "bad_request"));
      const message = expose && err instanceof Error && err.message ? err.message : "Internal server error.";
      if (status >= 500) {
        logger.error(
          { status, code, route: loggableRoute(ctx), method: ctx.method, err: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err) },
          "request failed",
        );
      }
      ctx.status = status;
      if (status === 503) ctx.set("Retry-After", "5");
      if (err instanceof TooManyAttemptsError) ctx.set("Retry-After", String(err.retryAfterSeconds));
      if (wantsJson(ctx)) {
        ctx.body = { error: code, message };
      } else {
        ctx.type = "html";
        ctx.body = errorPage(status, message);
      }
    }
  };
}

function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === "number" && status >= 400 && status <= 599) return status;
  return 500;
}
