import { buildCore } from "../../src/app";
import type { CampaignProgress, CampaignSummary } from "../../src/reset/ResetCampaignRunner";
import { progressReporter, stderrLogger, writeSummary, type ProgressDisplay } from "./commandOutput";
import { loadEnvConfig } from "./loadEnvConfig";

export interface SendResetEmailsOptions {
  dryRun?: boolean;
  limit?: number;
  rate?: number;
  lastLoginBefore?: Date;
  resendAfter?: number;
  campaign?: string;
  json?: boolean;
  concurrency?: number;
  claimTimeout?: number;
}

/** `campaign-YYYY-MM-DD`: rerunning on the same day resumes the same campaign. */
function defaultCampaignName(): string {
  return `campaign-${new Date().toISOString().slice(0, 10)}`;
}

export async function runSendResetEmails(opts: SendResetEmailsOptions): Promise<void> {
  const config = loadEnvConfig();
  const logger = stderrLogger(config);
  const core = await buildCore(config, {
    logger,
    ...(opts.claimTimeout ? { campaignRunner: { claimLeaseMs: opts.claimTimeout * 1000 } } : {}),
  });
  const name = opts.campaign ?? defaultCampaignName();
  const progress = progressReporter(Boolean(process.stderr.isTTY) && !opts.json, PROGRESS);
  try {
    const summary = await core.campaignRunner.run({
      name,
      dryRun: Boolean(opts.dryRun),
      filters: {
        ...(opts.lastLoginBefore ? { lastLoginBefore: opts.lastLoginBefore } : {}),
        ...(opts.resendAfter !== undefined ? { resendAfterDays: opts.resendAfter } : {}),
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      },
      ...(opts.rate ? { rate: opts.rate } : {}),
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      onProgress: progress.update,
    });
    progress.stop();
    writeSummary(summary, opts.json, formatSummary);
  } finally {
    progress.stop();
    await core.close();
  }
}

function formatSummary(s: CampaignSummary): string {
  const lines = [
    `campaign:  ${s.campaign}${s.dry_run ? " (dry run: nothing sent)" : ""}`,
    `selected:  ${s.selected}`,
  ];
  if (s.dry_run) {
    for (const u of s.sample ?? []) lines.push(`  e.g. ${u.username} <${u.email}>`);
  } else {
    lines.push(`sent:      ${s.sent} (${s.sent_this_run} by this run)`, `failed:    ${s.failed}`, `skipped:   ${s.skipped}`);
  }
  return `${lines.join("\n")}\n`;
}

const PROGRESS: ProgressDisplay<CampaignProgress> = {
  barFormat: "{bar} {value}/{total} emails | {percentage}% | ETA {eta_formatted}",
  start: (bar, p) => bar.start(p.total, p.done),
  draw: (bar, p) => {
    bar.setTotal(p.total);
    bar.update(p.done);
  },
  line: (p) => `${p.campaign}: ${p.done}/${p.total} done (sent ${p.sentThisRun}, failed ${p.failedThisRun}, skipped ${p.skippedThisRun} by this run)`,
  always: (p) => p.done >= p.total,
};
