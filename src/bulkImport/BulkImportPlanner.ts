import type { HasherRegistry } from "../legacy/hashers/HasherRegistry";
import type { BulkImportStore } from "./BulkImportStore";
import type { ImportCandidateSource } from "./ImportCandidateSource";
import { ImportFileBuilder } from "./ImportFileBuilder";
import type { ImportRecordOptions } from "./ImportUserRecord";
import { packImportFiles } from "./packImportFiles";
import { emptySummary, type BulkImportProgress, type BulkImportSummary, type UnfinishedRun } from "./BulkImportSummary";

export interface PlanOptions {
  /** At most this many importable users. */
  limit?: number;
  pageSize?: number;
  onProgress?: (p: BulkImportProgress) => void;
}

/**
 * The dry run: every candidate converted and counted per format, the importable ones packed
 * into files exactly as a real run would, nothing recorded or sent; and what of an unfinished
 * run (killed) a real run would resume first, read from the ledger without claiming it.
 */
export class BulkImportPlanner {
  constructor(
    private readonly source: ImportCandidateSource,
    private readonly registry: Pick<HasherRegistry, "identify">,
    private readonly recordOptions: ImportRecordOptions,
    private readonly ledger: Pick<BulkImportStore, "runningRun" | "unfinishedFiles" | "openUserCount">,
  ) {}

  async dryRun(opts: PlanOptions = {}): Promise<BulkImportSummary> {
    const summary = { ...emptySummary(null, true), unfinished_run: await this.unfinishedRun() };
    const builder = new ImportFileBuilder(this.registry, this.recordOptions, summary);
    // Packed exactly as a real run packs them; the files are only counted.
    for await (const _file of packImportFiles(this.source, builder, summary, { pageSize: opts.pageSize ?? 1000, limit: opts.limit, onProgress: opts.onProgress })) {
      summary.files += 1;
    }
    return summary;
  }

  private async unfinishedRun(): Promise<UnfinishedRun | null> {
    const run = await this.ledger.runningRun();
    if (!run) return null;
    const files = await this.ledger.unfinishedFiles(run);
    return { run: run.name, files: files.length, users: await this.ledger.openUserCount(files.map((f) => f.id)) };
  }
}
