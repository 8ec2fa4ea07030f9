import { SingleBar, Presets } from "cli-progress";
import { buildCore } from "../../src/app";
import { BulkImportPlanner } from "../../src/bulkImport/BulkImportPlanner";
import type { BulkImportProgress, BulkImportSummary } from "../../src/bulkImport/BulkImportSummary";
import { ImportCandidateSource } from "../../src/bulkImport/ImportCandidateSource";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { createLogger } from "../../src/logger";
import { loadEnvConfig } from "./loadEnvConfig";

export interface BulkImportOptions {
  dryRun?: boolean;
  limit?: number;
  json?: boolean;
}

export async function runBulkImport(opts: BulkImportOptions): Promise<void> {
  const config = loadEnvConfig();
  // Logs go to stderr: stdout carries only the summary.
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, process.stderr);
  const core = await buildCore(config, { logger });
  const progress = progressReporter(Boolean(process.stderr.isTTY) && !opts.json);
  try {
    if (!opts.dryRun) throw new Error("bulk-import without --dry-run is not available yet: run it with --dry-run");
    const planner = new BulkImportPlanner(new ImportCandidateSource(core.db, core.schema), createHasherRegistry(core.schema.hashFormat), {
      idPrefix: config.auth0.importIdPrefix,
      emailVerified: config.auth0.emailVerified,
      requiresUsername: config.auth0.requiresUsername,
    });
    const summary = await planner.dryRun({ ...(opts.limit !== undefined ? { limit: opts.limit } : {}), onProgress: progress.update });
    progress.stop();
    process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
  } finally {
    progress.stop();
    await core.close();
  }
}

export function formatSummary(s: BulkImportSummary): string {
  const lines = [`bulk import${s.run ? ` ${s.run}` : ""}${s.dry_run ? " (dry run: nothing sent)" : ""}`, `selected:        ${s.selected}`];
  const importable = Object.values(s.importable_by_format).reduce((a, b) => a + b, 0);
  lines.push(`importable:      ${importable}`);
  for (const [format, n] of Object.entries(s.importable_by_format).sort()) lines.push(`  ${format}: ${n}`);
  const notImportable = Object.values(s.not_importable_by_format).reduce((a, b) => a + b, 0);
  lines.push(`not importable:  ${notImportable} (they migrate at login or through a reset)`);
  for (const [format, reasons] of Object.entries(s.not_importable_reasons).sort()) {
    for (const [reason, n] of Object.entries(reasons)) lines.push(`  ${format}: ${n} (${reason})`);
  }
  lines.push(`files:           ${s.files}`);
  if (!s.dry_run) lines.push(`jobs:            ${s.jobs}`, `inserted:        ${s.inserted}`, `failed:          ${s.failed}`, `linked:          ${s.linked}`);
  return `${lines.join("\n")}\n`;
}

/** A progress bar on a terminal; otherwise a line on stderr every few seconds. */
function progressReporter(tty: boolean): { update: (p: BulkImportProgress) => void; stop: () => void } {
  if (tty) {
    const bar = new SingleBar({ format: "{value} users looked at | {importable} importable | {files} files", stream: process.stderr }, Presets.shades_classic);
    let started = false;
    return {
      update: (p) => {
        if (!started) {
          bar.start(0, 0, { importable: 0, files: 0 });
          started = true;
        }
        bar.update(p.selected, { importable: p.importable, files: p.files });
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = 0;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < 5000) return;
      last = now;
      process.stderr.write(`[${new Date(now).toISOString()}] bulk-import: ${p.selected} users looked at, ${p.importable} importable, ${p.files} files\n`);
    },
    stop: () => undefined,
  };
}
