import type { BulkImportOverview } from "../../src/status/BulkImportHistoryQuery";
import { bulkImportSection } from "../../src/web/views/bulkImportSection";

const HOSTILE = `<img src=x onerror="alert(1)">`;
const link = (page: number): string => `/admin?import_errors_page=${page}#bulk-import-errors`;

function overview(over: Partial<BulkImportOverview> = {}): BulkImportOverview {
  return {
    runs: [],
    files: [],
    errors: { page: 1, pageSize: 20, total: 0, users: [] },
    repairs: { total: 0, latest: [] },
    ...over,
  };
}

const run = { id: 7, name: "import-1", status: "finished", startedAt: new Date("2026-12-02T10:00:00Z"), finishedAt: new Date("2026-12-02T10:05:00Z"), files: 30, users: 2500, inserted: 2490, failed: 10, repaired: 1 };

describe("bulkImportSection", () => {
  it("says how to start when no run exists", () => {
    const html = bulkImportSection(overview(), link);
    expect(html).toContain("data-no-runs");
    expect(html).toContain("bulk-import --dry-run");
    expect(html).toContain("Users Auth0 refused (0)");
  });

  it("shows each run with its files (status in words, job id, counts) and says when files are left out", () => {
    const html = bulkImportSection(
      overview({
        runs: [run],
        files: [{ id: 3, runId: 7, externalId: "import-1-file-3", status: "unknown", jobId: "job_abc", users: 100, bytes: 9000, attempts: 2, inserted: 0, failed: 0, open: 100, error: null }],
      }),
      link,
    );
    expect(html).toMatch(/<tr data-run="import-1">.*<td class="n" data-run-inserted>2,490<\/td><td class="n" data-run-failed>10<\/td><td class="n" data-run-repaired>1<\/td>/);
    expect(html).toMatch(/<tr data-file="import-1-file-3" data-status="unknown">.*job data gone.*<td>job_abc<\/td><td class="n">100<\/td>/);
    expect(html).toContain("the newest 1 of 30");
  });

  it("pages the per-user errors and escapes what came from the legacy table and Auth0", () => {
    const html = bulkImportSection(
      overview({
        runs: [{ ...run, name: HOSTILE }],
        files: [{ id: 3, runId: 7, externalId: HOSTILE, status: "failed", jobId: HOSTILE, users: 1, bytes: 1, attempts: 1, inserted: 0, failed: 1, open: 0, error: HOSTILE }],
        errors: { page: 2, pageSize: 20, total: 45, users: [{ legacyUserId: `1"x`, email: HOSTILE, errorCode: HOSTILE, fileExternalId: HOSTILE, runName: HOSTILE }] },
        repairs: { total: 1, latest: [{ legacyUserId: "9", auth0UserId: "auth0|legacy-9", email: HOSTILE, repairedAt: new Date(0) }] },
      }),
      link,
    );
    expect(html).not.toContain("<img");
    expect(html).toContain('data-import-error="1&quot;x"');
    expect(html).toContain("Page 2 of 3");
    expect(html).toContain('href="/admin?import_errors_page=1#bulk-import-errors"');
    expect(html).toContain('href="/admin?import_errors_page=3#bulk-import-errors"');
    expect(html).toContain('<tr data-repaired="9">');
    expect(html).toContain("import_repaired: 1");
  });
});
