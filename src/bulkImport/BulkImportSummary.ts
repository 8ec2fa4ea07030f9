/** What `bulk-import` prints (`--json`: this document; keys per DESIGN's CLI contract). */
export interface BulkImportSummary {
  /** The run's name (null for a dry run: nothing is recorded). */
  run: string | null;
  dry_run: boolean;
  /** Users looked at: active, unlinked, with a usable email (up to --limit importable ones). */
  selected: number;
  importable_by_format: Record<string, number>;
  not_importable_by_format: Record<string, number>;
  /** Per format, why its users cannot go, with how many users each reason holds. */
  not_importable_reasons: Record<string, Record<string, number>>;
  files: number;
  jobs: number;
  inserted: number;
  failed: number;
  linked: number;
  /**
   * Dry run only: the unfinished run a real run would take over and resume before preparing new
   * files (its files not finished yet, and their users whose outcome is not known); null when none.
   */
  unfinished_run?: UnfinishedRun | null;
}

export interface UnfinishedRun {
  run: string;
  files: number;
  users: number;
}

export interface BulkImportProgress {
  selected: number;
  importable: number;
  files: number;
}

export function emptySummary(run: string | null, dryRun: boolean): BulkImportSummary {
  return {
    run,
    dry_run: dryRun,
    selected: 0,
    importable_by_format: {},
    not_importable_by_format: {},
    not_importable_reasons: {},
    files: 0,
    jobs: 0,
    inserted: 0,
    failed: 0,
    linked: 0,
  };
}
