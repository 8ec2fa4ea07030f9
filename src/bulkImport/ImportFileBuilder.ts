import type { HasherRegistry } from "../legacy/hashers/HasherRegistry";
import type { ImportCandidate } from "./ImportCandidateSource";
import { ImportFilePacker, type PackedFile } from "./ImportFilePacker";
import type { ImportRecordOptions, ImportUserRecord } from "./ImportUserRecord";
import { prepareImport } from "./prepareImport";
import type { BulkImportSummary } from "./BulkImportSummary";
import { hashFingerprint } from "./hashFingerprint";

/**
 * A user in a file: what the ledger records of them. The record itself lives only as JSON in
 * the file's body (kept small: a file holds thousands while it waits for a job slot).
 */
export interface FileEntry {
  legacyId: string;
  /** `auth0|<prefix><legacy id>`: the id Auth0 gives the imported user. */
  auth0UserId: string;
  /** As sent (lower-cased). */
  email: string;
  format: string;
  /** Of the legacy hash converted (hashFingerprint): tells later whether it changed since. */
  fingerprint: string;
}

/** The ledger entry of a user whose record is `record`, converted from `legacyHash`. */
export function fileEntryOf(legacyId: string, legacyHash: string, format: string, record: ImportUserRecord): FileEntry {
  return { legacyId, auth0UserId: `auth0|${record.user_id}`, email: record.email, format, fingerprint: hashFingerprint(legacyHash) };
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/**
 * Converts candidates one by one, counts them per format in the summary and packs the
 * importable ones into files. Stateless beyond the file in progress.
 */
export class ImportFileBuilder {
  private readonly packer: ImportFilePacker<FileEntry>;

  constructor(
    private readonly registry: Pick<HasherRegistry, "identify">,
    private readonly recordOptions: ImportRecordOptions,
    private readonly summary: BulkImportSummary,
    maxBytes?: number,
  ) {
    this.packer = new ImportFilePacker<FileEntry>(maxBytes);
  }

  /** Adds one candidate; returns a finished file when this one did not fit in the current. Also whether it was importable. */
  add(user: ImportCandidate): { importable: boolean; file: PackedFile<FileEntry> | null } {
    this.summary.selected += 1;
    const prepared = prepareImport(this.registry, user, this.recordOptions);
    const { format } = prepared;
    if (!prepared.importable) {
      bump(this.summary.not_importable_by_format, format);
      const reasons = (this.summary.not_importable_reasons[format] ??= {});
      bump(reasons, prepared.reason);
      return { importable: false, file: null };
    }
    bump(this.summary.importable_by_format, format);
    const { record } = prepared;
    return { importable: true, file: this.packer.add(fileEntryOf(user.id, user.password as string, format, record), JSON.stringify(record)) };
  }

  flush(): PackedFile<FileEntry> | null {
    return this.packer.flush();
  }
}
