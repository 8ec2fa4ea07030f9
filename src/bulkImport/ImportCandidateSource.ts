import type { Knex } from "knex";
import { emailKey } from "../legacy/emailKey";
import { RETRYABLE_IMPORT_CODES } from "./BulkImportStore";
import type { LegacySchema } from "../legacy/legacyPresets";

/** One legacy user the bulk import may send. */
export interface ImportCandidate {
  id: string;
  username: string;
  email: string;
  password: string | null;
  /** Another legacy user has this address too (compared as the login does: lower-cased). */
  emailShared: boolean;
}

/**
 * Active, unlinked legacy users with a usable email, in id order, one keyset page at a time:
 * the table is never loaded whole. `excludeQueued` leaves out users already in an import file,
 * but for those whose import failed for a reason of our own (RETRYABLE_IMPORT_CODES).
 */
export class ImportCandidateSource {
  // Addresses several legacy users hold, read once for the run (one grouped scan of the table),
  // not once per page: a run of a million users would otherwise group the table a thousand times.
  private shared: Promise<string[]> | null = null;

  constructor(
    private readonly db: Knex,
    private readonly schema: LegacySchema,
  ) {}

  async page(afterId: string | null, size: number, excludeQueued = false): Promise<ImportCandidate[]> {
    const c = this.schema.columns;
    const q = this.candidates(await this.sharedEmailKeys()).limit(size);
    if (afterId !== null) q.where(`l.${c.id}`, ">", afterId);
    if (excludeQueued) {
      q.whereNotExists(
        this.db("auth0_bulk_import_users as b")
          .whereRaw("b.legacy_user_id = l.??::text", [c.id])
          // Sent again by a later run: users whose import failed for a reason of our own.
          // (Spelled out: an open row's NULL outcome must count as queued, not as unknown.)
          .whereRaw("(b.outcome is null or b.outcome <> 'failed' or b.error_code is null or not (b.error_code = any(?)))", [RETRYABLE_IMPORT_CODES]),
      );
    }
    return ((await q) as Array<Record<string, unknown>>).map(toCandidate);
  }

  /** These users, if they are still candidates (active, unlinked, usable email), for a file sent again. */
  async byIds(ids: string[]): Promise<ImportCandidate[]> {
    if (ids.length === 0) return [];
    const q = this.candidates(await this.sharedEmailKeys()).whereRaw("l.??::text = any(?)", [this.schema.columns.id, ids]);
    return ((await q) as Array<Record<string, unknown>>).map(toCandidate);
  }

  /**
   * Active, unlinked legacy users with an address, in id order, each with whether another legacy
   * user shares it (LegacyUserStore.isEmailShared's rule, emailKey, against this run's list).
   * Not async: a query builder is a thenable, and returning one from an async function runs it.
   */
  private candidates(shared: string[]): Knex.QueryBuilder {
    const c = this.schema.columns;
    const q = this.db({ l: this.schema.table })
      .select(
        this.db.raw(`l.??::text as id, l.?? as username, l.?? as email, l.?? as password, (${emailKey("??")} = any(?::text[])) as email_shared`, [
          c.id,
          c.username,
          c.email,
          c.password,
          `l.${c.email}`,
          shared,
        ]),
      )
      .whereNotNull(`l.${c.email}`)
      .whereRaw("position('@' in ??) > 1", [`l.${c.email}`])
      .whereNotExists(this.db("auth0_links as k").whereRaw("k.legacy_user_id = l.??::text", [c.id]))
      .orderBy(`l.${c.id}`);
    if (c.isActive) q.where(`l.${c.isActive}`, true);
    return q;
  }

  private sharedEmailKeys(): Promise<string[]> {
    const c = this.schema.columns;
    this.shared ??= this.db(this.schema.table)
      .select(this.db.raw(`${emailKey("??")} as email`, [c.email]))
      .whereNotNull(c.email)
      .groupByRaw(emailKey("??"), [c.email])
      .havingRaw("count(*) > 1")
      .then((rows: Array<{ email: string }>) => rows.map((r) => r.email));
    return this.shared;
  }

  /** Every page after another, until the table ends (each page moves the cursor forward). */
  async *all(pageSize: number, excludeQueued = false): AsyncGenerator<ImportCandidate> {
    let after: string | null = null;
    for (;;) {
      const rows = await this.page(after, pageSize, excludeQueued);
      yield* rows;
      if (rows.length < pageSize) return;
      after = (rows[rows.length - 1] as ImportCandidate).id;
    }
  }
}

function toCandidate(r: Record<string, unknown>): ImportCandidate {
  return {
    id: String(r.id),
    username: String(r.username ?? ""),
    email: String(r.email).trim(),
    password: typeof r.password === "string" ? r.password : null,
    emailShared: r.email_shared === true,
  };
}
