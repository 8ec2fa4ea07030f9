import type { Knex } from "knex";

// A user's hash is re-written by this service a handful of times at most (one re-hash per
// format upgrade); a longer chain is not followed.
const MAX_STEPS = 8;

/** Re-writes of a legacy hash with the same password, by fingerprint (see the migration). */
export class PasswordSuccessions {
  constructor(private readonly db: Knex) {}

  /** Recorded before the new hash is written, so no verify ever sees the new hash unexplained. */
  async record(legacyUserId: string, fromFingerprint: string, toFingerprint: string): Promise<void> {
    if (fromFingerprint === toFingerprint) return;
    await this.db("auth0_password_successions")
      .insert({ legacy_user_id: legacyUserId, from_fingerprint: fromFingerprint, to_fingerprint: toFingerprint })
      .onConflict(["legacy_user_id", "from_fingerprint"])
      .merge(["to_fingerprint", "created_at"]);
  }

  /** True when the session's fingerprint leads to the current one through this service's re-writes. */
  async leadsTo(legacyUserId: string, fromFingerprint: string, currentFingerprint: string): Promise<boolean> {
    const rows: Array<{ from_fingerprint: string; to_fingerprint: string }> = await this.db("auth0_password_successions")
      .where({ legacy_user_id: legacyUserId })
      .select("from_fingerprint", "to_fingerprint")
      .limit(100);
    const next = new Map(rows.map((r) => [r.from_fingerprint, r.to_fingerprint]));
    let at = fromFingerprint;
    for (let step = 0; step < MAX_STEPS; step++) {
      const to = next.get(at);
      if (to === undefined) return false;
      if (to === currentFingerprint) return true;
      at = to;
    }
    return false;
  }
}
