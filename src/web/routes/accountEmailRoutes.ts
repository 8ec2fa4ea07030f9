import type Router from "@koa/router";
import type { Context } from "koa";
import {
  AddressUnavailableError,
  CurrentPasswordTooWeakError,
  InvalidEmailLinkError,
  NoEmailNeededError,
} from "../../account/accountEmailErrors";
import type { AccountEmailService } from "../../account/AccountEmailService";
import { AuthUnavailableError, InvalidCredentialsError, TooManyAttemptsError } from "../../errors";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import { MailError } from "../../reset/Mailer";
import { PasswordRejectedError } from "../../reset/resetErrors";
import { csrfTokenFor, requireCsrf } from "../csrf";
import { readStringFields } from "../readFields";
import { sessionUser } from "../sessionUser";
import {
  accountEmailConfirmPage,
  accountEmailDonePage,
  accountEmailInvalidPage,
  accountEmailNotNeededPage,
  accountEmailPage,
  accountEmailSentPage,
} from "../views/accountEmailPages";
import { newRouter } from "./newRouter";

const UNAVAILABLE = "The login system is temporarily unavailable, so nothing was changed. Please try again in a few minutes.";
const MAIL_FAILED = "The email could not be sent just now. Please try again in a few minutes.";
const WRONG_PASSWORD = "The password is not right.";

/** `/account/email`: a user who needs an address gives one, and confirms it through a link. */
export function accountEmailRoutes(deps: { accountEmail: AccountEmailService; users: LegacyUserStore }): Router {
  const router = newRouter();
  const service = deps.accountEmail;

  router.get("/account/email", async (ctx) => {
    const user = await sessionUser(ctx, deps.users);
    if (!user) return toLogin(ctx);
    ctx.type = "html";
    ctx.body = (await service.needsEmail(user))
      ? accountEmailPage({ csrfToken: csrfTokenFor(ctx), username: user.username })
      : accountEmailNotNeededPage();
  });

  router.post("/account/email", requireCsrf, async (ctx) => {
    const user = await sessionUser(ctx, deps.users);
    if (!user) return toLogin(ctx);
    const { email } = readStringFields(ctx.request.body, ["email"], 320);
    const again = (status: number, error: string) => {
      ctx.status = status;
      ctx.type = "html";
      ctx.body = accountEmailPage({ csrfToken: csrfTokenFor(ctx), username: user.username, error, email: email.slice(0, 254) });
    };
    try {
      const address = await service.request(user, email);
      ctx.type = "html";
      ctx.body = accountEmailSentPage(address);
    } catch (err) {
      if (err instanceof NoEmailNeededError) {
        ctx.status = 403;
        ctx.type = "html";
        ctx.body = accountEmailNotNeededPage();
        return;
      }
      if (err instanceof AddressUnavailableError) return again(400, err.message);
      if (err instanceof AuthUnavailableError) {
        ctx.set("Retry-After", "60");
        return again(503, UNAVAILABLE);
      }
      if (err instanceof MailError) {
        ctx.set("Retry-After", "60");
        return again(503, MAIL_FAILED);
      }
      throw err;
    }
  });

  router.get("/account/email/:token", async (ctx) => {
    try {
      const { user, address } = await service.linkTarget(ctx.params.token ?? "");
      ctx.type = "html";
      ctx.body = accountEmailConfirmPage({ csrfToken: csrfTokenFor(ctx), action: ctx.path, username: user.username, address });
    } catch (err) {
      if (err instanceof InvalidEmailLinkError) return invalidLink(ctx);
      throw err;
    }
  });

  // Works without a session (the link may open in another browser): the password is the proof.
  router.post("/account/email/:token", requireCsrf, async (ctx) => {
    const token = ctx.params.token ?? "";
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const { password } = readStringFields(body, ["password"]);
    // Only after Auth0 refused the current password does the page ask for a new one.
    const choosing = body.new_password !== undefined;
    const fresh = choosing ? readStringFields(body, ["new_password", "new_password_confirm"]) : null;
    let target: { username: string; address: string } = { username: "", address: "" };
    const again = (status: number, error: string, askNewPassword = choosing) => {
      ctx.status = status;
      ctx.type = "html";
      ctx.body = accountEmailConfirmPage({ csrfToken: csrfTokenFor(ctx), action: ctx.path, ...target, error, askNewPassword });
    };
    try {
      const link = await service.linkTarget(token);
      target = { username: link.user.username, address: link.address };
      if (fresh && fresh.new_password !== fresh.new_password_confirm) return again(400, "The two new passwords do not match.");
      await service.confirm(link, password, ctx.ip, fresh?.new_password);
      ctx.type = "html";
      ctx.body = accountEmailDonePage(link.address);
    } catch (err) {
      if (err instanceof InvalidEmailLinkError) return invalidLink(ctx);
      if (err instanceof InvalidCredentialsError) return again(401, WRONG_PASSWORD);
      if (err instanceof TooManyAttemptsError) {
        ctx.set("Retry-After", String(err.retryAfterSeconds));
        const minutes = Math.max(1, Math.ceil(err.retryAfterSeconds / 60));
        return again(429, `Too many failed attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`);
      }
      if (err instanceof CurrentPasswordTooWeakError) return again(400, err.message, true);
      if (err instanceof AddressUnavailableError || err instanceof PasswordRejectedError) return again(400, err.message);
      if (err instanceof AuthUnavailableError) {
        ctx.set("Retry-After", "60");
        return again(503, UNAVAILABLE);
      }
      throw err;
    }
  });

  return router;
}

function toLogin(ctx: Context): void {
  ctx.status = 303;
  ctx.redirect("/login?next=%2Faccount%2Femail");
}

function invalidLink(ctx: Context): void {
  ctx.status = 400;
  ctx.type = "html";
  ctx.body = accountEmailInvalidPage();
}
