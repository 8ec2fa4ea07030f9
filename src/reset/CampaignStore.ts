import type { Knex } from "knex";
import { toNumber } from "../db/toNumber";
import type { LegacySchema } from "../legacy/legacyPresets";
import type { CampaignFilters } from "./CampaignLauncher";

export interface CampaignRow {
  id: number;
  name: string;
  filters: CampaignFilters;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ClaimedEmail {
  id: string;
  legacyUserId: string;
  email: string;
  attempts: number;
}

export interface CampaignCounts {
  selected: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
}

interface StoredFilters {
  last_login_before?: string;
  resend_after_days?: number;
  limit?: number;
}

function toStored(f: CampaignFilters): StoredFilters {
  return {
    ...(f.lastLoginBefore ? { last_login_before: f.lastLoginBefore.toISOString() } : {}),
    ...(f.resendAfterDays !== undefined ? { resend_after_days: f.resendAfterDays } : {}),
    ...(f.limit !== undefined ? { limit: f.limit } : {}),
  };
}

function fromStored(raw: unknown): CampaignFilters {
  const s = (typeof raw === "string" ? JSON.parse(raw) : raw ?? {}) as StoredFilters;
  return {
    ...(s.last_login_before ? { lastLoginBefore: new Date(s.last_login_before) } : {}),
    ...(s.resend_after_days !== undefined ? { resendAfterDays: s.resend_after_days } : {}),
    ...(s.limit !== undefined ? { limit: s.limit } : {}),
  };
}

/**
 * Campaign rows and their per-user email rows. The row for (campaign, user) is unique, so
 * selecting a user twice, from a rerun or a second worker, changes nothing.
 */
export class CampaignStore {
  constructor(
    private readonly db: Knex,
    private readonly legacy: LegacySchema,
  ) {}

  /** The named campaign; created with these filters if new (a rerun keeps the first filters). */
  async open(name: string, filters: CampaignFilters, createdBy: string): Promise<{ campaign: CampaignRow; created: boolean }> {
    const inserted = await this.db("auth0_reset_campaigns")
      .insert({ name, filters: JSON.stringify(toStored(filters)), created_by: createdBy })
      .onConflict("name")
      .ignore()
      .returning("id");
    const campaign = await this.find(name);
    if (!campaign) throw new Error(`campaign ${name} vanished`);
    return { campaign, created: inserted.length > 0 };
  }

  async find(name: string): Promise<CampaignRow | null> {
    const row = await this.db("auth0_reset_campaigns").where({ name }).first();
    return row
      ? { id: Number(row.id), name: row.name, filters: fromStored(row.filters), createdAt: new Date(row.created_at), finishedAt: row.finished_at ? new Date(row.finished_at) : null }
      : null;
  }

  /**
   * The eligible users after `afterId` in id order: active, unmigrated, with a usable email
   * and password, matching the filters, not yet in the campaign.
   */
  eligible(filters: CampaignFilters, campaignId: number | null): Knex.QueryBuilder {
    const c = this.legacy.columns;
    const q = this.db({ l: this.legacy.table })
      .whereNotNull(`l.${c.email}`)
      .whereRaw("position('@' in ??) > 1", [`l.${c.email}`])
      .whereNotNull(`l.${c.password}`)
      .whereRaw("?? <> ''", [`l.${c.password}`])
      .whereRaw("left(??, 1) <> '!'", [`l.${c.password}`])
      .whereNotExists(this.db("auth0_links as k").whereRaw("k.legacy_user_id = l.??::text", [c.id]));
    if (c.isActive) q.where(`l.${c.isActive}`, true);
    if (filters.lastLoginBefore && c.lastLogin) {
      const col = `l.${c.lastLogin}`;
      q.where((w) => w.whereNull(col).orWhere(col, "<", filters.lastLoginBefore as Date));
    }
    if (filters.resendAfterDays !== undefined) {
      q.whereNotExists(
        this.db("auth0_reset_emails as r")
          .whereRaw("r.legacy_user_id = l.??::text", [c.id])
          .where("r.status", "sent")
          .whereRaw("r.sent_at > now() - (? * interval '1 day')", [filters.resendAfterDays]),
      );
    }
    if (campaignId !== null) {
      q.whereNotExists(this.db("auth0_reset_emails as e").whereRaw("e.legacy_user_id = l.??::text", [c.id]).where("e.campaign_id", campaignId));
    }
    return q;
  }

  async countEligible(filters: CampaignFilters, campaignId: number | null): Promise<number> {
    const row = await this.eligible(filters, campaignId).count({ n: "*" }).first();
    return toNumber(row?.n);
  }

  async sampleEligible(filters: CampaignFilters, campaignId: number | null, n: number): Promise<Array<{ id: string; username: string; email: string }>> {
    const c = this.legacy.columns;
    const rows = await this.eligible(filters, campaignId)
      .select(this.db.raw("l.??::text as id, l.?? as username, l.?? as email", [c.id, c.username, c.email]))
      .orderBy(`l.${c.id}`)
      .limit(n);
    return rows.map((r: Record<string, unknown>) => ({ id: String(r.id), username: String(r.username), email: String(r.email) }));
  }

  /**
   * Queues the next page of eligible users after `afterId`, holding the campaign row so
   * concurrent workers respect the limit. Returns the cursor for the next page, or null.
   */
  async enqueuePage(campaign: CampaignRow, afterId: string | null, pageSize: number): Promise<{ next: string | null; queued: number }> {
    const c = this.legacy.columns;
    return this.db.transaction(async (trx) => {
      await trx("auth0_reset_campaigns").where({ id: campaign.id }).forUpdate().first();
      let room = pageSize;
      if (campaign.filters.limit !== undefined) {
        const row = await trx("auth0_reset_emails").where({ campaign_id: campaign.id }).count({ n: "*" }).first();
        room = Math.min(pageSize, campaign.filters.limit - toNumber(row?.n));
        if (room <= 0) return { next: null, queued: 0 };
      }
      const page = this.eligible(campaign.filters, null)
        .select(this.db.raw("l.??::text as id, l.?? as email", [c.id, c.email]))
        .orderBy(`l.${c.id}`)
        .limit(room)
        .transacting(trx);
      if (afterId !== null) page.where(`l.${c.id}`, ">", afterId);
      const rows = (await page) as Array<{ id: string; email: string }>;
      if (rows.length === 0) return { next: null, queued: 0 };
      const inserted = await trx("auth0_reset_emails")
        .insert(rows.map((r) => ({ campaign_id: campaign.id, legacy_user_id: String(r.id), email: String(r.email).trim() })))
        .onConflict(["campaign_id", "legacy_user_id"])
        .ignore()
        .returning("id");
      const next = rows.length < room ? null : String(rows[rows.length - 1]?.id);
      return { next, queued: inserted.length };
    });
  }

  /** Claims up to `n` rows to send: queued ones, and ones whose sender's claim ran out. */
  async claim(campaignId: number, worker: string, n: number, leaseMs: number): Promise<ClaimedEmail[]> {
    const result = await this.db.raw(
      `update auth0_reset_emails
          set status = 'sending', claimed_by = ?, claimed_until = now() + (? * interval '1 millisecond'),
              attempts = attempts + 1, updated_at = now()
        where id in (
          select id from auth0_reset_emails
           where campaign_id = ? and (status = 'queued' or (status = 'sending' and claimed_until < now()))
           order by id
           limit ?
           for update skip locked)
        returning id, legacy_user_id, email, attempts`,
      [worker, leaseMs, campaignId, n],
    );
    return (result.rows as Array<Record<string, unknown>>).map((r) => ({
      id: String(r.id),
      legacyUserId: String(r.legacy_user_id),
      email: String(r.email),
      attempts: toNumber(r.attempts),
    }));
  }

  /**
   * Right before a send: extends this worker's claim on the row, or says it is no longer ours
   * (a slow worker whose lease ran out, taken over by another). Without it, rows at the end of
   * a claimed batch could be sent by both workers.
   */
  async renewClaim(id: string, worker: string, leaseMs: number): Promise<boolean> {
    const n = await this.db("auth0_reset_emails")
      .where({ id, claimed_by: worker, status: "sending" })
      .update({ claimed_until: this.db.raw("now() + (? * interval '1 millisecond')", [leaseMs]), updated_at: this.db.fn.now() });
    return n > 0;
  }

  async markSent(id: string, worker: string, messageId: string): Promise<void> {
    await this.finishRow(id, worker, { status: "sent", message_id: messageId, sent_at: this.db.fn.now(), error: null });
  }

  async markFailed(id: string, worker: string, error: string): Promise<void> {
    await this.finishRow(id, worker, { status: "failed", error });
  }

  async markSkipped(id: string, worker: string, reason: string): Promise<void> {
    await this.finishRow(id, worker, { status: "skipped", error: reason });
  }

  private async finishRow(id: string, worker: string, fields: Record<string, unknown>): Promise<void> {
    await this.db("auth0_reset_emails")
      .where({ id, claimed_by: worker, status: "sending" })
      .update({ ...fields, claimed_until: null, updated_at: this.db.fn.now() });
  }

  /** When the next claim held by someone else runs out (null: none is held). */
  async nextClaimExpiry(campaignId: number): Promise<Date | null> {
    const row = await this.db("auth0_reset_emails").where({ campaign_id: campaignId, status: "sending" }).min({ t: "claimed_until" }).first();
    return row?.t ? new Date(row.t) : null;
  }

  async counts(campaignId: number): Promise<CampaignCounts> {
    const rows = await this.db("auth0_reset_emails").where({ campaign_id: campaignId }).select("status").count({ n: "*" }).groupBy("status");
    const counts: CampaignCounts = { selected: 0, queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
    for (const r of rows as Array<{ status: keyof CampaignCounts; n: unknown }>) {
      counts[r.status] = toNumber(r.n);
      counts.selected += toNumber(r.n);
    }
    return counts;
  }

  async markFinished(campaignId: number): Promise<void> {
    await this.db("auth0_reset_campaigns").where({ id: campaignId }).whereNull("finished_at").update({ finished_at: this.db.fn.now() });
  }
}
