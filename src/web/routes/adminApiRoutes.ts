import type Router from "@koa/router";
import { newRouter } from "./newRouter";
import { ForbiddenError, UnauthenticatedError } from "../../errors";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { StatusSource } from "../../status/MigrationStatusQuery";
import type { StaffPolicy } from "../../status/StaffPolicy";
import { staffAccess } from "../staffAccess";

export interface AdminApiDeps {
  users: LegacyUserStore;
  staff: StaffPolicy;
  status: StatusSource;
}

/** Staff-only JSON: the same report as `migrate-status --json`. */
export function adminApiRoutes(deps: AdminApiDeps): Router {
  const router = newRouter("/api/admin");

  router.get("/status", async (ctx) => {
    const access = await staffAccess(ctx, deps.users, deps.staff);
    if (access.kind === "anonymous") throw new UnauthenticatedError();
    if (access.kind === "forbidden") throw new ForbiddenError("Staff only.");
    ctx.body = await deps.status.report();
  });

  return router;
}
