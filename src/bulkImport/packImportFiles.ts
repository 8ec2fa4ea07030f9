import type { BulkImportProgress, BulkImportSummary } from "./BulkImportSummary";
import type { ImportCandidateSource } from "./ImportCandidateSource";
import type { FileEntry, ImportFileBuilder } from "./ImportFileBuilder";
import type { PackedFile } from "./ImportFilePacker";

export interface PackOptions {
  pageSize: number;
  /** At most this many importable users. */
  limit?: number;
  onProgress?: (p: BulkImportProgress) => void;
}

/**
 * The candidates not in an import file yet, converted and packed by `builder` (which counts them
 * in `summary`), yielded one finished file at a time, the last partial one included. The next
 * candidate is read only once the caller is done with a file (a real run records and sends it
 * first); progress is reported after each candidate, counting the files the caller has had.
 */
export async function* packImportFiles(
  source: ImportCandidateSource,
  builder: ImportFileBuilder,
  summary: Pick<BulkImportSummary, "selected">,
  opts: PackOptions,
): AsyncGenerator<PackedFile<FileEntry>> {
  let importable = 0;
  let files = 0;
  // Users already in an import file (any run) are not sent again.
  for await (const user of source.all(opts.pageSize, true)) {
    if (opts.limit !== undefined && importable >= opts.limit) break;
    const added = builder.add(user);
    if (added.importable) importable += 1;
    if (added.file) {
      yield added.file;
      files += 1;
    }
    opts.onProgress?.({ selected: summary.selected, importable, files });
  }
  const last = builder.flush();
  if (last) yield last;
}
