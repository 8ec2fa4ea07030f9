import type { Knex } from "knex";
import { Gauge, type Registry } from "prom-client";
import { toNumber } from "../db/toNumber";
import type { Logger } from "../logger";

/**
 * Bulk-import figures read from the ledger at each scrape: `bulk-import` runs in its own process
 * (the CLI), so counters in the server would never see it. Over every run; the last run alone is
 * in migrate-status's `bulk_import`. Repairs at login are the server's own counter,
 * auth0_migrate_import_repaired_total; the gauge here counts every repaired user in the ledger.
 */
export class BulkImportGauges {
  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
  ) {}

  register(registry: Registry): void {
    // Once per registry: a second server on the same core reads the same ledger.
    if (registry.getSingleMetric("auth0_migrate_bulk_import_users")) return;
    const registers = [registry];
    const db = this.db;
    const logger = this.logger;
    // A failed read leaves the gauges empty for that scrape rather than failing all of /metrics.
    const safely = async (what: string, read: () => Promise<void>): Promise<void> => {
      try {
        await read();
      } catch (err) {
        logger.warn({ err: err instanceof Error ? err.message : "unknown" }, `metrics: could not read bulk-import ${what}`);
      }
    };
    new Gauge({
      name: "auth0_migrate_bulk_import_users",
      help: "Users in bulk-import files, by outcome (inserted, failed, open: result not read yet) and Auth0's error code for failed ones",
      labelNames: ["outcome", "code"],
      registers,
      async collect() {
        this.reset();
        await safely("users", async () => {
          const rows = (await db("auth0_bulk_import_users")
            .select(db.raw("coalesce(outcome, 'open') as outcome"), db.raw("coalesce(error_code, '') as code"))
            .count({ n: "*" })
            .groupByRaw("1, 2")) as Array<Record<string, unknown>>;
          for (const r of rows) this.set({ outcome: String(r.outcome), code: String(r.code) }, toNumber(r.n));
        });
      },
    });
    new Gauge({
      name: "auth0_migrate_bulk_import_files",
      help: "Bulk-import files by status (prepared, submitting, submitted, completed, failed, unknown)",
      labelNames: ["status"],
      registers,
      async collect() {
        this.reset();
        await safely("files", async () => {
          const rows = (await db("auth0_bulk_import_files").select("status").count({ n: "*" }).groupBy("status")) as Array<Record<string, unknown>>;
          for (const r of rows) this.set({ status: String(r.status) }, toNumber(r.n));
        });
      },
    });
    new Gauge({
      name: "auth0_migrate_bulk_import_repaired_users",
      help: "Bulk-imported users whose password the safety net set at a login (import_repaired), from the ledger",
      registers,
      async collect() {
        await safely("repairs", async () => {
          const row = await db("auth0_bulk_import_users").whereNotNull("repaired_at").count({ n: "*" }).first();
          this.set(toNumber(row?.n));
        });
      },
    });
  }
}
