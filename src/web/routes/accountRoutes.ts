import type Router from "@koa/router";
import type { Context, Next } from "koa";
import { AuthUnavailableError, UnauthenticatedError } from "../../errors";
import type { LegacyUser } from "../../legacy/LegacyUser";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { MigrationStore } from "../../migration/MigrationStore";
import type { PasswordPolicySource } from "../../password/PasswordPolicySource";
import type { PasswordSetRequest } from "../../password/PasswordSetter";
import { PasswordRejectedError } from "../../reset/resetErrors";
import { csrfTokenFor, newCsrfToken, requireCsrf } from "../csrf";
import { readStringFields } from "../readFields";
import { safeNextPath } from "../safeNextPath";
import { sessionUser, startSession } from "../sessionUser";
import { accountPasswordDonePage, accountPasswordPage } from "../views/accountPasswordPage";
import { migrationJson } from "./apiRoutes";
import { newRouter } from "./newRouter";

export interface AccountRouteDeps {
  users: LegacyUserStore;
  migrations: MigrationStore;
  /** The one path that sets a password in both stores (shared with reset and the backend API). */
  passwords: { set(request: PasswordSetRequest): Promise<LegacyUser> };
  passwordPolicy: PasswordPolicySource;
  /**
   * Gateway mode binds a session to the password of its login (a keyed digest of the legacy
   * hash): the re-issued session is bound to the new one. Absent: sessions carry no binding.
   */
  fingerprint?: (passwordHash: string | null) => string;
  /** Where `next` may go (same-site paths by default; gateway mode also allows listed hosts). */
  nextTarget?: (next: unknown) => string;
}

const UNAVAILABLE = "The login system is temporarily unavailable, so your password was not changed. Please try again in a few minutes.";

/** A logged-in user changes their password: both stores, Auth0 first; where weak_password users land. */
export function accountRoutes(deps: AccountRouteDeps): Router {
  const router = newRouter();
  const nextTarget = deps.nextTarget ?? safeNextPath;

  // Ahead of the CSRF check: an anonymous visitor is sent to log in, not told off.
  const loggedIn = async (ctx: Context, next: Next): Promise<void> => {
    const user = await sessionUser(ctx, deps.users);
    if (!user) {
      ctx.status = 303;
      ctx.redirect(`/login?next=${encodeURIComponent("/account/password")}`);
      return;
    }
    ctx.state.accountUser = user;
    await next();
  };

  const render = async (ctx: Context, status: number, next: string, error?: string): Promise<void> => {
    const user = ctx.state.accountUser as LegacyUser;
    const [policy, migration] = await Promise.all([deps.passwordPolicy.describe(), deps.migrations.getStatus(user.id)]);
    ctx.status = status;
    ctx.type = "html";
    ctx.body = accountPasswordPage({
      csrfToken: csrfTokenFor(ctx),
      username: user.username,
      policy,
      weakPassword: migration.state === "weak_password",
      next,
      ...(error ? { error } : {}),
    });
  };

  router.get("/account/password", loggedIn, async (ctx) => {
    await render(ctx, 200, nextTarget(ctx.query.next));
  });

  router.post("/account/password", loggedIn, requireCsrf, async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const next = nextTarget(body.next);
    const { password, password_confirm } = readStringFields(body, ["password", "password_confirm"]);
    if (password !== password_confirm) return render(ctx, 400, next, "The two passwords do not match.");
    const user = ctx.state.accountUser as LegacyUser;
    const wasMigrated = (await deps.migrations.getStatus(user.id)).state === "migrated";
    try {
      await changeKeepingThisSession(ctx, deps, user.id, password);
    } catch (err) {
      if (err instanceof PasswordRejectedError) return render(ctx, 400, next, err.message);
      if (err instanceof AuthUnavailableError) {
        ctx.set("Retry-After", "60");
        return render(ctx, 503, next, UNAVAILABLE);
      }
      throw err;
    }
    const migrated = !wasMigrated && (await deps.migrations.getStatus(user.id)).state === "migrated";
    ctx.type = "html";
    ctx.body = accountPasswordDonePage(next, migrated);
  });

  router.post("/api/account/password", async (ctx) => {
    const user = await sessionUser(ctx, deps.users);
    if (!user) throw new UnauthenticatedError();
    const { password } = readStringFields(ctx.request.body, ["password"]);
    await changeKeepingThisSession(ctx, deps, user.id, password);
    ctx.body = { status: "password_changed", migration: migrationJson(await deps.migrations.getStatus(user.id)) };
  });

  return router;
}

/**
 * The setter ends every session of the user (the old password may be known to someone else);
 * the one that just proved itself by changing the password gets a fresh session (new id, new
 * CSRF token), so the user stays logged in here and only here.
 */
async function changeKeepingThisSession(ctx: Context, deps: AccountRouteDeps, userId: string, password: string): Promise<void> {
  await deps.passwords.set({ userId, password, method: "password_change" });
  // Read again: the session is bound to the hash just written, not the one before the change.
  const changed = deps.fingerprint ? await deps.users.findById(userId) : null;
  await startSession(ctx, userId, newCsrfToken(), changed && deps.fingerprint ? deps.fingerprint(changed.passwordHash) : undefined);
}
