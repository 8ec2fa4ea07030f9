import type Router from "@koa/router";
import { newRouter } from "./newRouter";
import { ForbiddenError, UnauthenticatedError } from "../../errors";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { StatusSource } from "../../status/MigrationStatusQuery";
import type { StaffPolicy } from "../../status/StaffPolicy";
import type { AccessTokenCheck } from "../../auth0/AccessTokenVerifier";
import { AdminUniversalLoginRequiredError } from "../../auth0/oidc/oidcErrors";
import { hasBearer, requireAccessToken } from "../requireAccessToken";
import { loginMethodOf } from "../sessionUser";
import { staffAccess } from "../staffAccess";

/** What a monitoring client's machine-to-machine token needs for the report. */
export const STATUS_SCOPE = "read:migration_status";

export interface AdminApiDeps {
  users: LegacyUserStore;
  staff: StaffPolicy;
  status: StatusSource;
  /** ADMIN_API_AUDIENCE's access-token check; absent: bearer tokens are not looked at. */
  adminApiTokens?: AccessTokenCheck | undefined;
  /** ADMIN_LOGIN=auth0: a staff session must have come through Universal Login, as for /admin. */
  adminLogin?: "password" | "auth0";
}

/** Staff-only JSON (a staff session, or the tenant's access token with STATUS_SCOPE): the same report as `migrate-status --json`. */
export function adminApiRoutes(deps: AdminApiDeps): Router {
  const router = newRouter("/api/admin");

  router.get("/status", async (ctx) => {
    if (deps.adminApiTokens && hasBearer(ctx)) {
      await requireAccessToken(ctx, deps.adminApiTokens, STATUS_SCOPE);
      ctx.body = await deps.status.report();
      return;
    }
    const access = await staffAccess(ctx, deps.users, deps.staff);
    if (access.kind === "anonymous") throw new UnauthenticatedError();
    if (access.kind === "forbidden") throw new ForbiddenError("Staff only.");
    if (deps.adminLogin === "auth0" && loginMethodOf(ctx) !== "auth0") throw new AdminUniversalLoginRequiredError();
    ctx.body = await deps.status.report();
  });

  return router;
}
