import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";
import { StatusQueryError, statusQueryReason } from "./StatusQueryError";

export interface CampaignHistoryEntry {
  id: number;
  name: string;
  createdBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  selected: number;
  sent: number;
  failed: number;
  skipped: number;
  /** Queued or being sent. */
  waiting: number;
}

export interface CampaignHistorySource {
  latest(limit: number): Promise<CampaignHistoryEntry[]>;
}

/** The latest reset-email campaigns with their email counts, from the service's own tables. */
export class CampaignHistoryQuery implements CampaignHistorySource {
  constructor(private readonly db: Knex) {}

  async latest(limit: number): Promise<CampaignHistoryEntry[]> {
    try {
      const result = await this.db.raw(
        `with latest as (
           select id, name, created_by, created_at, finished_at from auth0_reset_campaigns order by created_at desc, id desc limit ?
         )
         select c.id, c.name, c.created_by, c.created_at, c.finished_at,
           count(e.id) as selected,
           count(e.id) filter (where e.status = 'sent') as sent,
           count(e.id) filter (where e.status = 'failed') as failed,
           count(e.id) filter (where e.status = 'skipped') as skipped,
           count(e.id) filter (where e.status in ('queued', 'sending')) as waiting
         from latest c left join auth0_reset_emails e on e.campaign_id = c.id
         group by c.id, c.name, c.created_by, c.created_at, c.finished_at
         order by c.created_at desc, c.id desc`,
        [limit],
      );
      return (result.rows as Array<Record<string, unknown>>).map((r) => ({
        id: toNumber(r.id),
        name: String(r.name),
        createdBy: typeof r.created_by === "string" ? r.created_by : null,
        startedAt: new Date(r.created_at as string | Date),
        finishedAt: r.finished_at ? new Date(r.finished_at as string | Date) : null,
        selected: toNumber(r.selected),
        sent: toNumber(r.sent),
        failed: toNumber(r.failed),
        skipped: toNumber(r.skipped),
        waiting: toNumber(r.waiting),
      }));
    } catch (err) {
      throw new StatusQueryError(statusQueryReason(err, "auth0_reset_campaigns"), err);
    }
  }
}
