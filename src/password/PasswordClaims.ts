import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import { affectedRows } from "../db/affectedRows";

/**
 * `auth0_password_claims`: at most one password change per user at a time, across instances.
 * A claim expires after its lease, so a process that died holding one blocks nobody for long.
 */
export class PasswordClaims {
  constructor(private readonly db: Knex) {}

  /** The claim's id when this caller now holds the user's claim; null when another holds it. */
  async tryAcquire(legacyUserId: string, leaseMs: number): Promise<string | null> {
    const claimId = randomBytes(16).toString("hex");
    const until = this.db.raw("now() + (? * interval '1 millisecond')", [leaseMs]);
    const rows = await this.db("auth0_password_claims")
      .insert({ legacy_user_id: legacyUserId, claim_id: claimId, claimed_until: until })
      .onConflict("legacy_user_id")
      .merge({ claim_id: claimId, claimed_until: until })
      .where("auth0_password_claims.claimed_until", "<", this.db.fn.now())
      .returning("claim_id");
    return rows.length === 1 ? claimId : null;
  }

  /** Gives the claim up; a claim taken over by another after its lease is left alone. */
  async release(legacyUserId: string, claimId: string): Promise<boolean> {
    return affectedRows(await this.db("auth0_password_claims").where({ legacy_user_id: legacyUserId, claim_id: claimId }).delete()) > 0;
  }
}
