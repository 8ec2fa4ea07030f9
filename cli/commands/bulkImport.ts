import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import path from "node:path";
import { buildCore, type Core } from "../../src/app";
import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import { auth0Fetch } from "../../src/auth0/auth0Fetch";
import { loopbackFetch } from "../../src/auth0/loopbackFetch";
import type { Logger } from "../../src/logger";
import { SdkImportJobsApi } from "../../src/auth0/SdkImportJobsApi";
import { BulkImportPlanner } from "../../src/bulkImport/BulkImportPlanner";
import { BulkImportRunner } from "../../src/bulkImport/BulkImportRunner";
import { BulkImportStore } from "../../src/bulkImport/BulkImportStore";
import type { BulkImportProgress, BulkImportSummary } from "../../src/bulkImport/BulkImportSummary";
import { ImportCandidateSource } from "../../src/bulkImport/ImportCandidateSource";
import { createHasherRegistry } from "../../src/legacy/hashers/createHasherRegistry";
import { progressReporter, stderrLogger, writeSummary, type ProgressDisplay } from "./commandOutput";
import { loadEnvConfig } from "./loadEnvConfig";

export interface BulkImportOptions {
  dryRun?: boolean;
  limit?: number;
  json?: boolean;
  pollInterval?: number;
}

const LEASE_MS = 60_000;

/** `host:pid` of this process: a rerun on the same host sees at once that a killed owner is gone. */
function ownerId(): string {
  return `${hostname()}:${process.pid}`;
}

function ownerGone(owner: string): boolean {
  const [host, pid] = owner.split(":");
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** The tenant's jobs API; without AUTH0_DOMAIN the sandbox's emulator, on its state file (stop `serve` meanwhile). */
async function importApi(core: Core, logger: Logger): Promise<{ api: SdkImportJobsApi; close: () => Promise<void> }> {
  const { auth0 } = core.config;
  if (auth0.domain) {
    const api = new SdkImportJobsApi({
      domain: auth0.domain,
      clientId: auth0.clientId as string,
      clientSecret: auth0.clientSecret as string,
      fetch: auth0Fetch(auth0.scheme, logger),
    });
    return { api, close: async () => undefined };
  }
  const emulator = new Auth0Emulator({
    clientId: `sandbox-${randomBytes(8).toString("hex")}`,
    clientSecret: randomBytes(32).toString("base64url"),
    connections: [{ name: auth0.connection, requiresUsername: auth0.requiresUsername, passwordPolicy: "good" }],
    stateFile: path.resolve(core.config.dataDir, "emulator-state.json"),
  });
  await emulator.start();
  const api = new SdkImportJobsApi({ domain: emulator.domain, clientId: emulator.clientId, clientSecret: emulator.clientSecret, fetch: loopbackFetch });
  return { api, close: () => emulator.stop() };
}

export async function runBulkImport(opts: BulkImportOptions): Promise<void> {
  const config = loadEnvConfig();
  const logger = stderrLogger(config);
  const core = await buildCore(config, { logger });
  const progress = progressReporter(Boolean(process.stderr.isTTY) && !opts.json, PROGRESS);
  try {
    const source = new ImportCandidateSource(core.db, core.schema);
    const registry = createHasherRegistry(core.schema.hashFormat);
    const recordOptions = {
      idPrefix: config.auth0.importIdPrefix,
      emailVerified: config.auth0.emailVerified,
      requiresUsername: config.auth0.requiresUsername,
    };
    const limit = opts.limit !== undefined ? { limit: opts.limit } : {};
    let summary: BulkImportSummary;
    if (opts.dryRun) {
      summary = await new BulkImportPlanner(source, registry, recordOptions, new BulkImportStore(core.db)).dryRun({ ...limit, onProgress: progress.update });
    } else {
      const { api, close } = await importApi(core, logger);
      try {
        const runner = new BulkImportRunner(new BulkImportStore(core.db), source, registry, recordOptions, api, core.migrations, logger, {
          connection: config.auth0.connection,
          owner: ownerId(),
          leaseMs: LEASE_MS,
          pollMs: opts.pollInterval ?? 2000,
          pageSize: 1000,
          ownerGone,
        });
        summary = await runner.start({ ...limit, onProgress: progress.update });
      } finally {
        await close();
      }
    }
    progress.stop();
    writeSummary(summary, opts.json, formatSummary);
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
  lines.push(`files:           ${s.files}${s.unfinished_run ? " (new ones)" : ""}`);
  // A real run takes an unfinished (killed) run over and resumes its files before preparing new ones.
  if (s.unfinished_run) lines.push(`unfinished run:  ${s.unfinished_run.run}: ${s.unfinished_run.files} files, ${s.unfinished_run.users} users would be resumed first`);
  else if (s.unfinished_run === null) lines.push("unfinished run:  none");
  if (!s.dry_run) lines.push(`jobs:            ${s.jobs}`, `inserted:        ${s.inserted}`, `failed:          ${s.failed}`, `linked:          ${s.linked}`);
  return `${lines.join("\n")}\n`;
}

const PROGRESS: ProgressDisplay<BulkImportProgress> = {
  barFormat: "{value} users looked at | {importable} importable | {files} files",
  start: (bar) => bar.start(0, 0, { importable: 0, files: 0 }),
  draw: (bar, p) => bar.update(p.selected, { importable: p.importable, files: p.files }),
  line: (p) => `bulk-import: ${p.selected} users looked at, ${p.importable} importable, ${p.files} files`,
};
