import { formatStatusReport } from "../../src/status/formatStatusReport";
import { openMigrationStatus } from "../../src/status/openMigrationStatus";
import { StatusQueryError } from "../../src/status/StatusQueryError";
import { loadEnvConfig } from "./loadEnvConfig";

export async function runMigrateStatus(opts: { json?: boolean }): Promise<void> {
  const config = loadEnvConfig();
  // Opens only the database: nothing here logs, so stdout carries the report and nothing else.
  const reader = await openMigrationStatus(config);
  try {
    const report = await reader.status.report().catch((err: unknown) => {
      // The operator needs the database's reason (e.g. a wrong LEGACY_TABLE), not only ours.
      if (err instanceof StatusQueryError) throw new Error(`migration status: ${err.reason}`, { cause: err });
      throw err;
    });
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatusReport(report));
  } finally {
    await reader.close();
  }
}
