import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import type { MigrationStore } from "../migration/MigrationStore";
import type { CampaignFilters } from "./CampaignLauncher";
import type { CampaignCounts, CampaignRow, CampaignStore, ClaimedEmail } from "./CampaignStore";
import { MailError, type Mailer } from "./Mailer";
import { canReceiveReset } from "./PasswordResetService";
import type { ResetMessageComposer } from "./ResetMessageComposer";
import { SendRateLimiter } from "./SendRateLimiter";

/** Counters the bulk sender reports to (metrics). */
export interface ResetMetrics {
  emailSent(campaign?: string): void;
  emailFailed(campaign?: string): void;
}

export interface RunOptions {
  name: string;
  filters: CampaignFilters;
  dryRun?: boolean;
  /** Messages per second for this process. */
  rate?: number;
  concurrency?: number;
  createdBy?: string;
  onProgress?: (p: CampaignProgress) => void;
}

export interface CampaignProgress {
  campaign: string;
  total: number;
  done: number;
  sentThisRun: number;
  failedThisRun: number;
  skippedThisRun: number;
}

export interface CampaignSummary {
  campaign: string;
  dry_run: boolean;
  selected: number;
  sent: number;
  failed: number;
  skipped: number;
  sent_this_run: number;
  sample?: Array<{ id: string; username: string; email: string }>;
}

export interface RunnerOptions {
  /** How long a claimed row stays ours; a dead worker's rows are taken over after it. */
  claimLeaseMs: number;
  /** Waits between SMTP attempts; their count + 1 is the number of attempts. */
  retryDelaysMs: number[];
  pageSize: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one reset email per selected user per campaign. Users are queued page by page
 * (keyset), then claimed in small batches with FOR UPDATE SKIP LOCKED, so a rerun resumes
 * and several workers share a campaign without sending anyone two emails.
 */
export class ResetCampaignRunner {
  constructor(
    private readonly store: CampaignStore,
    private readonly users: LegacyUserStore,
    private readonly migrations: MigrationStore,
    private readonly mailer: Mailer,
    private readonly composer: ResetMessageComposer,
    private readonly options: RunnerOptions,
    private readonly logger: Logger,
    private readonly metrics?: ResetMetrics,
  ) {}

  async preview(filters: CampaignFilters, name?: string): Promise<{ selected: number; sample: CampaignSummary["sample"] }> {
    const existing = name ? await this.store.find(name) : null;
    const campaignId = existing?.id ?? null;
    const effective = existing?.filters ?? filters;
    let selected = await this.store.countEligible(effective, campaignId);
    if (effective.limit !== undefined) {
      const already = existing ? (await this.store.counts(existing.id)).selected : 0;
      selected = Math.max(0, Math.min(selected, effective.limit - already));
    }
    return { selected, sample: await this.store.sampleEligible(effective, campaignId, 5) };
  }

  async run(opts: RunOptions): Promise<CampaignSummary> {
    if (opts.dryRun) {
      const { selected, sample } = await this.preview(opts.filters, opts.name);
      return { campaign: opts.name, dry_run: true, selected, sent: 0, failed: 0, skipped: 0, sent_this_run: 0, ...(sample ? { sample } : {}) };
    }
    const worker = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    const { campaign, created } = await this.store.open(opts.name, opts.filters, opts.createdBy ?? "cli");
    this.logger.info({ campaign: campaign.name, resumed: !created, filters: campaign.filters }, "reset campaign started");
    await this.enqueueAll(campaign);

    const progress: CampaignProgress = { campaign: campaign.name, total: 0, done: 0, sentThisRun: 0, failedThisRun: 0, skippedThisRun: 0 };
    const refresh = async (): Promise<CampaignCounts> => {
      const counts = await this.store.counts(campaign.id);
      progress.total = counts.selected;
      progress.done = counts.sent + counts.failed + counts.skipped;
      opts.onProgress?.({ ...progress });
      return counts;
    };
    await refresh();
    await this.sendAll(campaign, worker, opts, progress, () => void refresh());
    const counts = await refresh();
    if (counts.queued === 0 && counts.sending === 0) await this.store.markFinished(campaign.id);
    this.logger.info({ campaign: campaign.name, ...counts, sentThisRun: progress.sentThisRun }, "reset campaign run ended");
    return {
      campaign: campaign.name,
      dry_run: false,
      selected: counts.selected,
      sent: counts.sent,
      failed: counts.failed,
      skipped: counts.skipped,
      sent_this_run: progress.sentThisRun,
    };
  }

  private async enqueueAll(campaign: CampaignRow): Promise<void> {
    let after: string | null = null;
    // Bounded: each page moves the cursor forward through a finite table.
    for (;;) {
      const { next } = await this.store.enqueuePage(campaign, after, this.options.pageSize);
      if (next === null) return;
      after = next;
    }
  }

  private async sendAll(campaign: CampaignRow, worker: string, opts: RunOptions, progress: CampaignProgress, tick: () => void): Promise<void> {
    const limiter = new SendRateLimiter(opts.rate);
    const concurrency = Math.max(1, opts.concurrency ?? 8);
    let lastTick = Date.now();
    for (;;) {
      const batch = await this.store.claim(campaign.id, worker, concurrency * 4, this.options.claimLeaseMs);
      if (batch.length === 0) {
        // Rows another worker holds: wait for them to finish, or for their claim to run out.
        const expiry = await this.store.nextClaimExpiry(campaign.id);
        if (!expiry) return;
        await sleep(Math.min(1000, Math.max(50, expiry.getTime() - Date.now() + 20)));
        continue;
      }
      let index = 0;
      const lane = async (): Promise<void> => {
        while (index < batch.length) {
          const row = batch[index++] as ClaimedEmail;
          await this.sendOne(campaign, worker, row, limiter, progress);
          if (Date.now() - lastTick > 1000) {
            lastTick = Date.now();
            tick();
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
    }
  }

  private async sendOne(campaign: CampaignRow, worker: string, row: ClaimedEmail, limiter: SendRateLimiter, progress: CampaignProgress): Promise<void> {
    const user = await this.users.findById(row.legacyUserId);
    const skipReason = !user
      ? "user no longer exists"
      : !canReceiveReset(user)
        ? "user no longer eligible"
        : (user.email ?? "").trim().toLowerCase() !== row.email.toLowerCase()
          ? "email changed since selection"
          : (await this.migrations.getLink(user.id))
            ? "user migrated since selection"
            : null;
    if (skipReason || !user) {
      await this.store.markSkipped(row.id, worker, skipReason ?? "user no longer exists");
      progress.skippedThisRun += 1;
      return;
    }
    const message = this.composer.compose(user, row.email);
    let lastError = "unknown error";
    for (let attempt = 0; attempt <= this.options.retryDelaysMs.length; attempt++) {
      if (attempt > 0) await sleep(this.options.retryDelaysMs[attempt - 1] as number);
      await limiter.take();
      // The lease covers one send from here: if it already ran out, another worker owns the row.
      if (!(await this.store.renewClaim(row.id, worker, this.options.claimLeaseMs))) {
        this.logger.warn({ campaign: campaign.name, legacyUserId: row.legacyUserId }, "reset email claim lost to another worker; not sending");
        return;
      }
      try {
        const { messageId } = await this.mailer.send(message);
        await this.store.markSent(row.id, worker, messageId);
        progress.sentThisRun += 1;
        this.metrics?.emailSent(campaign.name);
        return;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        if (err instanceof MailError && !err.transient) break;
      }
    }
    await this.store.markFailed(row.id, worker, lastError);
    progress.failedThisRun += 1;
    this.metrics?.emailFailed(campaign.name);
    this.logger.warn({ campaign: campaign.name, legacyUserId: row.legacyUserId, error: lastError }, "reset email failed");
  }
}
