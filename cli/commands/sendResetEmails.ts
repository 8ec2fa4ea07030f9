import { SingleBar, Presets } from "cli-progress";
import { buildCore } from "../../src/app";
import { createLogger } from "../../src/logger";
import type { CampaignProgress, CampaignSummary } from "../../src/reset/ResetCampaignRunner";
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
  // Logs go to stderr: stdout carries only the summary.
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, process.stderr);
  const core = await buildCore(config, {
    logger,
    ...(opts.claimTimeout ? { campaignRunner: { claimLeaseMs: opts.claimTimeout * 1000 } } : {}),
  });
  const name = opts.campaign ?? defaultCampaignName();
  const progress = progressReporter(Boolean(process.stderr.isTTY) && !opts.json);
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
    process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
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

/** A progress bar on a terminal; otherwise a line on stderr every few seconds. */
function progressReporter(tty: boolean): { update: (p: CampaignProgress) => void; stop: () => void } {
  if (tty) {
    const bar = new SingleBar({ format: "{bar} {value}/{total} emails | {percentage}% | ETA {eta_formatted}", stream: process.stderr }, Presets.shades_classic);
    let started = false;
    return {
      update: (p) => {
        if (!started) {
          bar.start(p.total, p.done);
          started = true;
        }
        bar.setTotal(p.total);
        bar.update(p.done);
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
      if (now - last < 5000 && p.done < p.total) return;
      last = now;
      process.stderr.write(`[${new Date(now).toISOString()}] ${p.campaign}: ${p.done}/${p.total} done (sent ${p.sentThisRun}, failed ${p.failedThisRun}, skipped ${p.skippedThisRun} by this run)\n`);
    },
    stop: () => undefined,
  };
}
