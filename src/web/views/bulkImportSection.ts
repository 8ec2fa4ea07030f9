import type { BulkImportFileEntry, BulkImportOverview, BulkImportRunEntry } from "../../status/BulkImportHistoryQuery";
import { escapeHtml } from "./html";

const num = (n: number): string => n.toLocaleString("en-US");
const time = (d: Date | null): string => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

/** What a file's status means for the operator (docs/bulk-import.md "How to read a run"). */
const FILE_STATUS: Record<string, string> = {
  prepared: "recorded, not sent yet",
  submitting: "being sent",
  submitted: "job running in Auth0",
  completed: "job finished, results read",
  failed: "Auth0 refused the file",
  unknown: "job data gone or unreadable; the next run retries",
};

/** The bulk-import section of /admin: latest runs, their files, per-user errors (paged), repairs. */
export function bulkImportSection(o: BulkImportOverview, pageLink: (page: number) => string): string {
  return `<section id="bulk-import" aria-labelledby="bulk-import-title">
<h2 id="bulk-import-title">Day-one bulk import</h2>
${o.runs.length === 0 ? `<p class="muted" data-no-runs>No bulk-import run yet (<code>auth0-migrate bulk-import --dry-run</code>, then <code>bulk-import</code>).</p>` : runsTable(o.runs) + o.runs.map((r) => filesTable(r, o.files.filter((f) => f.runId === r.id))).join("\n")}
${errorsTable(o, pageLink)}
${repairsTable(o)}
</section>`;
}

function runsTable(runs: BulkImportRunEntry[]): string {
  const rows = runs
    .map(
      (r) =>
        `<tr data-run="${escapeHtml(r.name)}"><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(time(r.startedAt))}</td><td>${escapeHtml(time(r.finishedAt))}</td><td class="n">${num(r.files)}</td><td class="n">${num(r.users)}</td><td class="n" data-run-inserted>${num(r.inserted)}</td><td class="n" data-run-failed>${num(r.failed)}</td><td class="n" data-run-repaired>${num(r.repaired)}</td></tr>`,
    )
    .join("\n");
  return `<table><caption class="muted">Runs (latest ${runs.length})</caption>
<thead><tr><th>Run</th><th>Status</th><th>Started</th><th>Finished</th><th class="n">Files</th><th class="n">Users</th><th class="n">Imported</th><th class="n">Failed</th><th class="n">Repaired</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function filesTable(run: BulkImportRunEntry, files: BulkImportFileEntry[]): string {
  const rows = files.length
    ? files
        .map(
          (f) =>
            `<tr data-file="${escapeHtml(f.externalId)}" data-status="${escapeHtml(f.status)}"><td>${escapeHtml(f.externalId)}</td><td>${escapeHtml(f.status)}<br><small class="muted">${escapeHtml(FILE_STATUS[f.status] ?? "")}</small>${f.error ? `<br><small class="muted">${escapeHtml(f.error)}</small>` : ""}</td><td>${escapeHtml(f.jobId ?? "—")}</td><td class="n">${num(f.users)}</td><td class="n">${num(f.inserted)}</td><td class="n">${num(f.failed)}</td><td class="n">${num(f.open)}</td><td class="n">${f.attempts}</td></tr>`,
        )
        .join("\n")
    : `<tr><td colspan="8" class="muted">No file recorded.</td></tr>`;
  const more = run.files > files.length ? ` — the newest ${files.length} of ${num(run.files)}` : "";
  return `<table data-files-of="${escapeHtml(run.name)}"><caption class="muted">Files of ${escapeHtml(run.name)}${more}</caption>
<thead><tr><th>File (external_id)</th><th>Status</th><th>Auth0 job</th><th class="n">Users</th><th class="n">Imported</th><th class="n">Failed</th><th class="n">Not read yet</th><th class="n">Attempts</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function errorsTable(o: BulkImportOverview, pageLink: (page: number) => string): string {
  const e = o.errors;
  const lastPage = Math.max(1, Math.ceil(e.total / e.pageSize));
  const rows = e.users.length
    ? e.users
        .map(
          (u) =>
            `<tr data-import-error="${escapeHtml(u.legacyUserId)}"><td>${escapeHtml(u.legacyUserId)}</td><td>${escapeHtml(u.email)}</td><td><code>${escapeHtml(u.errorCode ?? "—")}</code></td><td>${escapeHtml(u.fileExternalId)}</td></tr>`,
        )
        .join("\n")
    : `<tr><td colspan="4" class="muted">None${e.page > 1 ? " on this page" : ""}.</td></tr>`;
  const prev = e.page > 1 ? `<a rel="prev" href="${escapeHtml(pageLink(e.page - 1))}">Previous</a>` : "";
  const next = e.page < lastPage ? `<a rel="next" href="${escapeHtml(pageLink(e.page + 1))}">Next</a>` : "";
  return `<h3 id="bulk-import-errors">Users Auth0 refused (${num(e.total)})</h3>
<p class="muted">Per-user errors from the jobs. A conflict (<code>CONFLICT_EMAIL</code>, <code>DUPLICATED_USER</code>) is in the conflict list above; any other code leaves the user pending: they migrate at their next login.</p>
<table data-total="${e.total}"><thead><tr><th>Legacy id</th><th>Email</th><th>Auth0 error</th><th>File</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<nav class="pager" aria-label="import error pages"><span class="muted">Page ${e.page} of ${lastPage}</span>${prev}${next}</nav>`;
}

function repairsTable(o: BulkImportOverview): string {
  const r = o.repairs;
  const rows = r.latest.length
    ? r.latest
        .map(
          (u) =>
            `<tr data-repaired="${escapeHtml(u.legacyUserId)}"><td>${escapeHtml(u.legacyUserId)}</td><td>${escapeHtml(u.email)}</td><td>${escapeHtml(u.auth0UserId)}</td><td>${escapeHtml(time(u.repairedAt))}</td></tr>`,
        )
        .join("\n")
    : `<tr><td colspan="4" class="muted">None.</td></tr>`;
  return `<h3 id="bulk-import-repairs">Repaired at login (import_repaired: ${num(r.total)})</h3>
<p class="muted">Imported users whose converted hash Auth0 did not verify; their legacy password verified, so it was set in Auth0 at that login. More than a few points at a converter to check.</p>
<table data-total="${r.total}"><thead><tr><th>Legacy id</th><th>Email</th><th>Auth0 user</th><th>Repaired</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}
