import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type LoginOutcome = "success" | "invalid_credentials" | "too_many_attempts" | "auth_unavailable" | "server_busy" | "error";
export type EmailResult = "sent" | "failed";

/**
 * The service's Prometheus metrics on a registry of its own (never prom-client's global one),
 * built once by the composition root and handed to what records.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly logins: Counter<"outcome">;
  private readonly migrations: Counter<"outcome" | "method">;
  private readonly auth0Duration: Histogram<"operation">;
  private readonly auth0Errors: Counter<"operation" | "kind">;
  private readonly emails: Counter<"result">;
  private readonly importRepairs: Counter;

  private processMetrics = false;

  constructor() {
    const registers = [this.registry];
    this.logins = new Counter({
      name: "auth0_migrate_logins_total",
      help: "Login attempts by outcome",
      labelNames: ["outcome"],
      registers,
    });
    this.migrations = new Counter({
      name: "auth0_migrate_migrations_total",
      help: "Migration attempts by outcome (migrated, pending, conflict, weak_password, no_email) and method when migrated",
      labelNames: ["outcome", "method"],
      registers,
    });
    this.auth0Duration = new Histogram({
      name: "auth0_migrate_auth0_request_duration_seconds",
      help: "Auth0 calls by operation, successful or not",
      labelNames: ["operation"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.auth0Errors = new Counter({
      name: "auth0_migrate_auth0_errors_total",
      help: "Auth0 calls that failed, by operation and kind",
      labelNames: ["operation", "kind"],
      registers,
    });
    this.emails = new Counter({
      name: "auth0_migrate_emails_total",
      help: "Password-reset emails handed to the mail transport, by result",
      labelNames: ["result"],
      registers,
    });
    this.importRepairs = new Counter({
      name: "auth0_migrate_import_repaired_total",
      help: "Bulk-imported users whose Auth0 password was set from a verified legacy login (import_repaired)",
      registers,
    });
  }

  /** Node's process metrics (CPU, memory, event-loop lag), for the long-running server only. */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry, prefix: "auth0_migrate_" });
  }

  login(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }

  migration(outcome: string, method: string | null): void {
    this.migrations.inc({ outcome, method: method ?? "" });
  }

  auth0Call(operation: string, seconds: number, errorKind: string | null): void {
    this.auth0Duration.observe({ operation }, seconds);
    if (errorKind) this.auth0Errors.inc({ operation, kind: errorKind });
  }

  importRepaired(): void {
    this.importRepairs.inc();
  }

  email(result: EmailResult): void {
    this.emails.inc({ result });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
