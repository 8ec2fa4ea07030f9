import Router from "@koa/router";

export interface HealthCheck {
  /** Resolves when the database answers. */
  database(): Promise<void>;
  auth0Mode: "emulator" | "tenant";
}

export function healthRoutes(health: HealthCheck): Router {
  const router = new Router();
  router.get("/healthz", async (ctx) => {
    let database: "ok" | "error" = "ok";
    try {
      await health.database();
    } catch {
      database = "error";
    }
    ctx.status = database === "ok" ? 200 : 503;
    ctx.body = { status: database === "ok" ? "ok" : "error", database, auth0: health.auth0Mode };
  });
  return router;
}
