import { buildCore } from "../../src/app";
import { createLogger } from "../../src/logger";
import { formatStatusReport } from "../../src/status/formatStatusReport";
import { StatusQueryError } from "../../src/status/StatusQueryError";
import { loadEnvConfig } from "./loadEnvConfig";

export async function runMigrateStatus(opts: { json?: boolean }): Promise<void> {
  const config = loadEnvConfig();
  // Logs go to stderr: with --json, stdout carries the one document and nothing else.
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, process.stderr);
  const core = await buildCore(config, { logger });
  try {
    const report = await core.status.report().catch((err: unknown) => {
      // The operator needs the database's reason (e.g. a wrong LEGACY_TABLE), not only ours.
      if (err instanceof StatusQueryError) throw new Error(`migration status: ${err.reason}`, { cause: err });
      throw err;
    });
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatusReport(report));
  } finally {
    await core.close();
  }
}
