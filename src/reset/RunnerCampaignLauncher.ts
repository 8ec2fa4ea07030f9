import type { Logger } from "../logger";
import type { CampaignFilters, CampaignLauncher, CampaignPreview } from "./CampaignLauncher";
import type { CampaignStore } from "./CampaignStore";
import type { ResetCampaignRunner } from "./ResetCampaignRunner";

/** Starts campaigns from the dashboard: the run goes on in this process, in the background. */
export class RunnerCampaignLauncher implements CampaignLauncher {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly runner: ResetCampaignRunner,
    private readonly store: CampaignStore,
    private readonly defaults: { rate?: number },
    private readonly logger: Logger,
  ) {}

  async preview(filters: CampaignFilters): Promise<CampaignPreview> {
    const { selected, sample } = await this.runner.preview(filters);
    return { selected, sample: sample ?? [] };
  }

  async start(name: string, filters: CampaignFilters, createdBy: string): Promise<{ campaignId: number }> {
    const { campaign } = await this.store.open(name, filters, createdBy);
    const run = this.runner
      .run({ name, filters, createdBy, ...(this.defaults.rate ? { rate: this.defaults.rate } : {}) })
      .catch((err: unknown) => {
        this.logger.error({ campaign: name, err: err instanceof Error ? err.message : String(err) }, "reset campaign run failed");
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return { campaignId: campaign.id };
  }

  /** Waits for background runs (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
