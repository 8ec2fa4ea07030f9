import type { Knex } from "knex";
import { BulkImportStore, type FileStatus, type RunRow } from "../../src/bulkImport/BulkImportStore";
import { fileEntryOf, type FileEntry } from "../../src/bulkImport/ImportFileBuilder";

export interface FixtureFile {
  status: FileStatus;
  jobId?: string;
  /** Legacy ids of users Auth0 inserted (linked, method bulk_import). */
  inserted?: string[];
  /** Legacy id -> Auth0's per-user error code. */
  failed?: Record<string, string>;
  /** Legacy ids whose outcome is not read yet. */
  open?: string[];
  error?: string;
  /** Legacy id -> the legacy hash imported (its fingerprint is recorded); a placeholder otherwise. */
  hashes?: Record<string, string>;
}

/**
 * Factory for bulk-import runs as BulkImportRunner leaves them in the ledger, written through
 * the real BulkImportStore: a run, its files (recorded, then marked), each user's outcome.
 */
export class BulkImportFixtures {
  private readonly store: BulkImportStore;
  private seq = 0;

  constructor(private readonly db: Knex) {
    this.store = new BulkImportStore(db);
  }

  async run(files: FixtureFile[], opts: { finished?: boolean } = {}): Promise<RunRow> {
    this.seq += 1;
    const owner = `fixture-${this.seq}`;
    const claim = await this.store.claimRun(owner, 60_000, () => true);
    if (claim.kind !== "mine") throw new Error("fixture run could not be claimed");
    const run = claim.run;
    for (const f of files) {
      const failed = f.failed ?? {};
      const ids = [...(f.inserted ?? []), ...Object.keys(failed), ...(f.open ?? [])];
      const recorded = await this.store.recordFile(run, ids.map((id) => entry(id, f.hashes?.[id])), 1000);
      if (!recorded) throw new Error("fixture file kept no user");
      const fileId = recorded.file.id;
      if (f.jobId) await this.store.markFile(fileId, { status: "submitted", jobId: f.jobId });
      await this.store.markFile(fileId, { status: f.status, ...(f.error ? { error: f.error } : {}) });
      const users = await this.store.openUsers(fileId);
      await this.store.linkInserted(users.filter((u) => (f.inserted ?? []).includes(u.legacyUserId)));
      for (const [id, code] of Object.entries(failed)) await this.store.recordOutcome(id, "failed", code);
    }
    if (opts.finished !== false) await this.store.finishRun(run, { fixture: true });
    return run;
  }

  /** Marks an imported user repaired by the safety net, as ImportRepair does. */
  async repaired(legacyUserId: string): Promise<void> {
    await this.db("auth0_bulk_import_users").where({ legacy_user_id: legacyUserId }).update({ repaired_at: this.db.fn.now() });
  }
}

function entry(legacyId: string, legacyHash = `fixture-hash-${legacyId}`): FileEntry {
  return fileEntryOf(legacyId, legacyHash, "bcrypt", {
    email: `import-${legacyId}@example.com`,
    email_verified: false,
    user_id: `legacy-${legacyId}`,
    app_metadata: { legacy_id: legacyId },
    password_hash: "$2b$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
  });
}
