import type { Knex } from "knex";
import type { Auth0Gateway, Auth0User } from "../auth0/Auth0Gateway";
import { Deadline } from "../auth0/Deadline";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";

export type OrphanKind =
  /** Created by this service for a legacy user who has no link: heals at that user's next login (409 path). */
  | "ours_unlinked"
  /** Created by this service for a legacy user who is linked to another Auth0 user. */
  | "ours_linked_elsewhere"
  /** Names a legacy user who no longer exists. */
  | "legacy_user_missing"
  /** Not created by this service (no legacy_id): never touched. */
  | "foreign";

export interface ReconcileReport {
  auth0_users_listed: number;
  auth0_users_total: number;
  /** False when Auth0 would not list every user (it lists at most 1000 per query). */
  listing_complete: boolean;
  links_checked: number;
  links_without_auth0_user: Array<{ legacy_user_id: string; auth0_user_id: string; fixed: boolean }>;
  auth0_users_without_link: Array<{ auth0_user_id: string; email: string | null; legacy_id: string | null; kind: OrphanKind }>;
  fixed: number;
}

const PER_PAGE = 100;
const LIST_LIMIT = 1000;
const CALL_BUDGET_MS = 10_000;

/**
 * Compares auth0_links with the Auth0 connection's users. `fix` repairs only what is provably
 * safe: a link whose Auth0 user is gone (Auth0 answers 404) is removed, so the user's next
 * legacy login migrates them again instead of failing against a missing account.
 */
export class Reconciler {
  constructor(
    private readonly db: Knex,
    private readonly gateway: Auth0Gateway,
    private readonly users: LegacyUserStore,
    private readonly logger: Logger,
  ) {}

  async run(options: { fix: boolean }): Promise<ReconcileReport> {
    const { users: auth0Users, total } = await this.listAuth0Users();
    const complete = auth0Users.length >= total;
    const auth0Ids = new Set(auth0Users.map((u) => u.userId));
    const report: ReconcileReport = {
      auth0_users_listed: auth0Users.length,
      auth0_users_total: total,
      listing_complete: complete,
      links_checked: 0,
      links_without_auth0_user: [],
      auth0_users_without_link: [],
      fixed: 0,
    };

    // Links, in keyset pages: does each name an Auth0 user that exists?
    let after = "";
    for (;;) {
      const links = await this.db("auth0_links").where("legacy_user_id", ">", after).orderBy("legacy_user_id").limit(1000);
      if (links.length === 0) break;
      after = String(links[links.length - 1].legacy_user_id);
      for (const link of links) {
        report.links_checked += 1;
        const auth0UserId = String(link.auth0_user_id);
        if (complete && auth0Ids.has(auth0UserId)) continue;
        // Absent from the listing (or the listing is partial): ask for this user; only a 404 counts.
        if (await this.gateway.getUser(auth0UserId, new Deadline(CALL_BUDGET_MS))) continue;
        const legacyUserId = String(link.legacy_user_id);
        let fixed = false;
        if (options.fix) {
          await this.unlink(legacyUserId, auth0UserId);
          fixed = true;
          report.fixed += 1;
        }
        report.links_without_auth0_user.push({ legacy_user_id: legacyUserId, auth0_user_id: auth0UserId, fixed });
      }
    }

    // Auth0 users of the connection that no link names.
    for (let i = 0; i < auth0Users.length; i += 500) {
      const chunk = auth0Users.slice(i, i + 500);
      const linked = new Set(
        (await this.db("auth0_links").whereIn("auth0_user_id", chunk.map((u) => u.userId)).select("auth0_user_id")).map((r: { auth0_user_id: string }) => r.auth0_user_id),
      );
      for (const u of chunk) {
        if (linked.has(u.userId)) continue;
        report.auth0_users_without_link.push(await this.classify(u));
      }
    }
    return report;
  }

  private async listAuth0Users(): Promise<{ users: Auth0User[]; total: number }> {
    const users: Auth0User[] = [];
    let total = 0;
    for (let page = 0; page * PER_PAGE < LIST_LIMIT; page++) {
      const result = await this.gateway.listConnectionUsers(page, PER_PAGE, new Deadline(CALL_BUDGET_MS));
      total = result.total;
      users.push(...result.users);
      if (result.users.length < PER_PAGE || users.length >= total) break;
    }
    return { users, total };
  }

  private async classify(u: Auth0User): Promise<ReconcileReport["auth0_users_without_link"][number]> {
    const raw = u.appMetadata.legacy_id;
    const legacyId = typeof raw === "string" || typeof raw === "number" ? String(raw) : null;
    const base = { auth0_user_id: u.userId, email: u.email, legacy_id: legacyId };
    if (legacyId === null) return { ...base, kind: "foreign" };
    if (!(await this.users.findById(legacyId))) return { ...base, kind: "legacy_user_missing" };
    const link = await this.db("auth0_links").where({ legacy_user_id: legacyId }).first();
    return { ...base, kind: link ? "ours_linked_elsewhere" : "ours_unlinked" };
  }

  private async unlink(legacyUserId: string, auth0UserId: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx("auth0_links").where({ legacy_user_id: legacyUserId, auth0_user_id: auth0UserId }).delete();
      await trx("auth0_migration_state").where({ legacy_user_id: legacyUserId }).delete();
    });
    this.logger.warn({ legacyUserId, auth0UserId }, "reconcile: removed a link to a missing Auth0 user");
  }
}
