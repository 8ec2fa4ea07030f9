import { createHash, timingSafeEqual } from "node:crypto";
import type Router from "@koa/router";
import { newRouter } from "./newRouter";
import type { ServiceMetrics } from "../../metrics/ServiceMetrics";

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/** GET /metrics in Prometheus text; with a token configured, only for `Authorization: Bearer <token>`. */
export function metricsRoutes(metrics: ServiceMetrics, token: string | undefined): Router {
  const router = newRouter();
  const expected = token === undefined ? undefined : digest(token);
  router.get("/metrics", async (ctx) => {
    if (expected) {
      const header = ctx.get("authorization");
      const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
      // Digests have one length, so the comparison is constant-time whatever was sent.
      if (!timingSafeEqual(digest(given), expected)) {
        ctx.status = 401;
        ctx.set("WWW-Authenticate", 'Bearer realm="metrics"');
        ctx.body = { error: "unauthorized", message: "a bearer token is required" };
        return;
      }
    }
    ctx.type = metrics.contentType;
    ctx.body = await metrics.text();
  });
  return router;
}
