import type Router from "@koa/router";
import { newRouter } from "./newRouter";
import type { Context } from "koa";
import { AuthUnavailableError } from "../../errors";
import type { ResetRequester } from "../../reset/LimitedResetRequests";
import type { PasswordResetService } from "../../reset/PasswordResetService";
import { InvalidResetTokenError, NeedsOwnEmailError, PasswordRejectedError } from "../../reset/resetErrors";
import { csrfTokenFor, requireCsrf } from "../csrf";
import { readStringFields } from "../readFields";
import type { RedirectPolicy } from "../RedirectPolicy";
import { resetConfirmPage, resetDonePage, resetInvalidPage, resetRequestedPage, resetRequestPage } from "../views/resetPages";

const UNAVAILABLE = "The login system is temporarily unavailable, so your password was not changed. Please try again in a few minutes.";

/** Password reset, as HTML pages and as JSON. */
export function resetRoutes(reset: PasswordResetService, requests: ResetRequester, redirects: RedirectPolicy): Router {
  // A `next` on the reset link survives the form and goes on to the login after it.
  const withNext = (ctx: Context, path: string): string => {
    const next = redirects.target(ctx.query.next);
    return next === "/" ? path : `${path}?next=${encodeURIComponent(next)}`;
  };

  const router = newRouter();

  router.get("/password-reset", (ctx) => {
    ctx.type = "html";
    ctx.body = resetRequestPage(csrfTokenFor(ctx));
  });

  router.post("/password-reset", requireCsrf, async (ctx) => {
    const { email } = readStringFields(ctx.request.body, ["email"], 320);
    await requests.request(email, ctx.ip);
    ctx.type = "html";
    ctx.body = resetRequestedPage();
  });

  router.get("/password-reset/:uid/:token", async (ctx) => {
    try {
      const user = await reset.userForLink(ctx.params.uid ?? "", ctx.params.token ?? "");
      ctx.type = "html";
      ctx.body = resetConfirmPage({ csrfToken: csrfTokenFor(ctx), action: withNext(ctx, ctx.path), username: user.username });
    } catch (err) {
      if (err instanceof InvalidResetTokenError) return invalidLink(ctx);
      throw err;
    }
  });

  router.post("/password-reset/:uid/:token", requireCsrf, async (ctx) => {
    const uid = ctx.params.uid ?? "";
    const token = ctx.params.token ?? "";
    const { password, password_confirm } = readStringFields(ctx.request.body, ["password", "password_confirm"]);
    let username = "";
    try {
      username = (await reset.userForLink(uid, token)).username;
      if (password !== password_confirm) {
        return formError(ctx, 400, username, "The two passwords do not match.", withNext(ctx, ctx.path));
      }
      await reset.confirm(uid, token, password);
      ctx.type = "html";
      ctx.body = resetDonePage(withNext(ctx, "/login"));
    } catch (err) {
      if (err instanceof InvalidResetTokenError) return invalidLink(ctx);
      if (err instanceof PasswordRejectedError) return formError(ctx, 400, username, err.message, withNext(ctx, ctx.path), err instanceof NeedsOwnEmailError);
      if (err instanceof AuthUnavailableError) {
        ctx.set("Retry-After", "60");
        return formError(ctx, 503, username, UNAVAILABLE, withNext(ctx, ctx.path));
      }
      throw err;
    }
  });

  router.post("/api/password-reset", async (ctx) => {
    const { email } = readStringFields(ctx.request.body, ["email"], 320);
    await requests.request(email, ctx.ip);
    ctx.status = 202;
    ctx.body = { status: "accepted" };
  });

  router.post("/api/password-reset/confirm", async (ctx) => {
    const { uid, token, password } = readStringFields(ctx.request.body, ["uid", "token", "password"]);
    await reset.confirm(uid, token, password);
    ctx.body = { status: "password_changed" };
  });

  return router;
}

function invalidLink(ctx: Context): void {
  ctx.status = 400;
  ctx.type = "html";
  ctx.body = resetInvalidPage();
}

function formError(ctx: Context, status: number, username: string, error: string, action: string, offerEmailPage = false): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.body = resetConfirmPage({ csrfToken: csrfTokenFor(ctx), action, username, error, offerEmailPage });
}
