import type Router from "@koa/router";
import { newRouter } from "./newRouter";

export interface HealthCheck {
  /** Resolves when the database answers. */
  database(): Promise<void>;
  /** Whether Auth0 (the tenant or the emulator) answers; cached by the probe. */
  auth0(): Promise<"ok" | "unreachable">;
  auth0Mode: "emulator" | "tenant";
}

/**
 * 200 while the database answers, 503 when it does not. Auth0 being unreachable is reported but
 * does not fail the check: unmigrated users still log in through the legacy hash, and taking every
 * instance out of a load balancer would turn an Auth0 outage into a full one.
 */
export function healthRoutes(health: HealthCheck): Router {
  const router = newRouter();
  router.get("/healthz", async (ctx) => {
    const [database, auth0] = await Promise.all([
      health.database().then(
        () => "ok" as const,
        () => "error" as const,
      ),
      health.auth0(),
    ]);
    ctx.status = database === "ok" ? 200 : 503;
    ctx.body = { status: database === "ok" ? "ok" : "error", database, auth0, auth0_mode: health.auth0Mode };
  });
  return router;
}
