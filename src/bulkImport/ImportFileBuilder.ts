import type { HasherRegistry } from "../legacy/hashers/HasherRegistry";
import { convertLegacyHash } from "./converters/convertLegacyHash";
import type { ImportCandidate } from "./ImportCandidateSource";
import { ImportFilePacker, type PackedFile } from "./ImportFilePacker";
import { toImportUserRecord, type ImportRecordOptions, type ImportUserRecord } from "./ImportUserRecord";
import type { BulkImportSummary } from "./BulkImportSummary";

/** A user in a file, with the legacy hash it was converted from (for its fingerprint). */
export interface FileEntry {
  legacyId: string;
  legacyHash: string;
  format: string;
  record: ImportUserRecord;
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
    const { format, conversion } = convertLegacyHash(this.registry, user.password);
    if (!conversion.importable) {
      bump(this.summary.not_importable_by_format, format);
      const reasons = (this.summary.not_importable_reasons[format] ??= {});
      bump(reasons, conversion.reason);
      return { importable: false, file: null };
    }
    bump(this.summary.importable_by_format, format);
    const record = toImportUserRecord(user, conversion.fields, this.recordOptions);
    return { importable: true, file: this.packer.add({ legacyId: user.id, legacyHash: user.password as string, format, record }, JSON.stringify(record)) };
  }

  flush(): PackedFile<FileEntry> | null {
    return this.packer.flush();
  }
}
