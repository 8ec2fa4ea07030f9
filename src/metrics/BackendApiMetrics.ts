import { Counter } from "prom-client";
import type { ServiceMetrics } from "./ServiceMetrics";

/** Backend API calls refused for a wrong or missing key, on the service's registry. */
export class BackendApiMetrics {
  private readonly unauthorized: Counter;

  constructor(metrics: ServiceMetrics) {
    this.unauthorized = new Counter({
      name: "auth0_migrate_backend_api_unauthorized_total",
      help: "Backend API calls refused for a wrong or missing Bearer key",
      registers: [metrics.registry],
    });
  }

  refusedKey(): void {
    this.unauthorized.inc();
  }
}
