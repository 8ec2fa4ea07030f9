import type Router from "@koa/router";
import { newRouter } from "./newRouter";
import { UnauthenticatedError } from "../../errors";
import type { LegacyUser } from "../../legacy/LegacyUser";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { Authenticator } from "../../migration/Authenticator";
import type { MigrationStatus } from "../../migration/migrationTypes";
import type { PasswordFingerprint } from "../../gateway/passwordFingerprint";
import { newCsrfToken } from "../csrf";
import { readStringFields } from "../readFields";
import { sessionUser, startSession } from "../sessionUser";

export interface ApiRouteDeps {
  authenticator: Authenticator;
  users: LegacyUserStore;
  fingerprint: PasswordFingerprint;
}

export function userJson(user: LegacyUser): { id: string; username: string; email: string | null } {
  return { id: user.id, username: user.username, email: user.email };
}

export function migrationJson(m: MigrationStatus): { state: string; method: string | null; auth0_user_id: string | null } {
  return { state: m.state, method: m.method, auth0_user_id: m.auth0UserId };
}

/** The JSON API; jsonApiGuard runs in front of it. */
export function apiRoutes(deps: ApiRouteDeps): Router {
  const router = newRouter("/api");

  router.post("/login", async (ctx) => {
    const { identifier, password } = readStringFields(ctx.request.body, ["identifier", "password"]);
    const { user, migration } = await deps.authenticator.authenticate(identifier, password, { ip: ctx.ip });
    await startSession(ctx, user.id, newCsrfToken(), deps.fingerprint(user.passwordHash));
    ctx.body = { user: userJson(user), migration: migrationJson(migration) };
  });

  router.post("/logout", (ctx) => {
    ctx.session = null;
    ctx.status = 204;
  });

  router.get("/me", async (ctx) => {
    const user = await sessionUser(ctx, deps.users);
    if (!user) throw new UnauthenticatedError();
    ctx.body = { user: userJson(user) };
  });

  return router;
}
