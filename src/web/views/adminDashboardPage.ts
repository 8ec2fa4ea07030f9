import { usableEmail } from "../../migration/Auth0Migrator";
import type { LastStaffResetLink } from "../../reset/StaffResetLinks";
import type { BulkImportOverview } from "../../status/BulkImportHistoryQuery";
import type { CampaignHistoryEntry } from "../../status/CampaignHistoryQuery";
import { explainStuckUser } from "../../status/explainStuckUser";
import type { DayCount } from "../../status/MigrationsPerDayQuery";
import type { StatusReport } from "../../status/StatusReport";
import type { StuckState, StuckUser, StuckUsersPage } from "../../status/StuckUsersQuery";
import { ADMIN_STYLE } from "./adminStyle";
import { bulkImportSection } from "./bulkImportSection";
import { escapeHtml, layout } from "./html";
import { migrationChart } from "./migrationChart";

export interface DashboardModel {
  staffName: string;
  csrfToken: string;
  report: StatusReport;
  perDay: DayCount[];
  lists: StuckUsersPage[];
  campaigns: CampaignHistoryEntry[];
  /** The page each list shows, so a pager link keeps the other lists where they are. */
  pages: Record<StuckState, number>;
  /** The latest reset link staff sent each listed user. */
  staffLinks?: Map<string, LastStaffResetLink>;
  /** The bulk-import runs, files, errors and repairs; the section is left out without it. */
  bulkImport?: BulkImportOverview;
  notice?: string;
}

const LIST_TITLES: Record<StuckState, string> = {
  conflict: "Conflict: an Auth0 account with this email exists and is not theirs (yet)",
  weak_password: "Weak password: Auth0's policy refused it; they choose a new one at their next login",
  no_email: "No email: no usable address to create them in Auth0 with; they can add one after logging in",
  pending: "Pending: Auth0 was unavailable; retried at their next login",
};

const num = (n: number): string => n.toLocaleString("en-US");
const time = (d: Date | null): string => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

/** The admin dashboard: the migrate-status figures, a chart, the stuck users, campaigns. */
export function adminDashboardPage(m: DashboardModel): string {
  return layout(
    "Migration dashboard",
    `${ADMIN_STYLE}
<h1>Migration dashboard</h1>
<div class="whoami muted"><span>Logged in as ${escapeHtml(m.staffName)} · figures at ${escapeHtml(m.report.generated_at)}</span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${escapeHtml(m.csrfToken)}"><button type="submit">Log out</button></form></div>
${m.notice ? `<p class="notice" role="status" id="admin-notice">${escapeHtml(m.notice)}</p>` : ""}
${figures(m.report)}
<section aria-labelledby="chart-title">
<h2 id="chart-title">Migrations per day, last ${m.perDay.length} days (UTC)</h2>
${migrationChart(m.perDay)}
</section>
${m.lists.map((list) => stuckList(list, m.pages, m.csrfToken, m.staffLinks ?? new Map())).join("\n")}
${m.bulkImport ? bulkImportSection(m.bulkImport, (page) => pagedLink(m.pages, page)) : ""}
${campaignHistory(m.campaigns)}
${campaignForm(m.csrfToken, m.report)}`,
  );
}

function figures(r: StatusReport): string {
  const items: Array<[string, string, string]> = [
    ["total_users", "Legacy users", num(r.total_users)],
    ["active_users", "Active users", num(r.active_users)],
    ["migrated_users", "Migrated", num(r.migrated_users)],
    ["migrated_percent", "Migrated, % of active", `${r.migrated_percent.toFixed(2)} %`],
    ["remaining_users", "Not migrated", num(r.remaining_users)],
    ["pending", "Pending", num(r.pending)],
    ["conflict", "Conflict", num(r.conflict)],
    ["weak_password", "Weak password", num(r.weak_password)],
    ["no_email", "No email", num(r.no_email)],
    ["not_started", "Not started", num(r.not_started)],
    ["emailed_unmigrated", "Emailed, not migrated", num(r.emailed_unmigrated)],
    ["migrated_last_24h", "Migrated, last 24 h", num(r.migrated_last_24h)],
    ["migrated_last_7d", "Migrated, last 7 days", num(r.migrated_last_7d)],
    ["eta_days", "ETA (days)", r.remaining_users === 0 ? "done" : r.eta_days === null ? "unknown" : String(r.eta_days)],
  ];
  const methods = Object.entries(r.by_method)
    .map(([method, n]) => `<tr><td>${escapeHtml(method)}</td><td class="n" data-method="${escapeHtml(method)}">${num(n)}</td></tr>`)
    .join("");
  return `<section aria-labelledby="figures-title">
<h2 id="figures-title">Where the migration stands</h2>
<div class="figures">
${items.map(([key, label, value]) => `<div class="figure"><span>${escapeHtml(label)}</span><b data-figure="${key}">${escapeHtml(value)}</b></div>`).join("\n")}
</div>
<table style="max-width:20rem;margin-top:1rem"><caption class="muted">Migrated, by method</caption><tbody>${methods}</tbody></table>
</section>`;
}

/** A link to the bulk-import errors' page, keeping the stuck lists where they are. */
function pagedLink(pages: Record<StuckState, number>, importErrorsPage: number): string {
  const q = new URLSearchParams();
  for (const [state, p] of Object.entries(pages)) if (p > 1) q.set(`${state}_page`, String(p));
  if (importErrorsPage > 1) q.set("import_errors_page", String(importErrorsPage));
  const s = q.toString();
  return `/admin${s ? `?${s}` : ""}#bulk-import-errors`;
}

function stuckList(list: StuckUsersPage, pages: Record<StuckState, number>, csrfToken: string, staffLinks: Map<string, LastStaffResetLink>): string {
  const lastPage = Math.max(1, Math.ceil(list.total / list.pageSize));
  const link = (page: number): string => {
    const q = new URLSearchParams();
    for (const [state, p] of Object.entries({ ...pages, [list.state]: page })) if (p > 1) q.set(`${state}_page`, String(p));
    const s = q.toString();
    return `/admin${s ? `?${s}` : ""}#list-${list.state}`;
  };
  const rows = list.users.length
    ? list.users
        .map(
          (u) => `<tr data-user="${escapeHtml(u.legacyUserId)}"><td>${escapeHtml(u.username ?? "(deleted)")}${u.username !== null && !u.active ? ' <span class="muted">(inactive)</span>' : ""}</td><td>${escapeHtml(u.email ?? "—")}</td><td><span class="explain">${escapeHtml(explainStuckUser(list.state, u.reason))}</span>${u.reason ? `<br><small class="muted">Auth0: ${escapeHtml(u.reason)}</small>` : ""}</td><td class="n">${u.attempts}</td><td>${escapeHtml(time(u.lastAttemptAt))}</td><td>${resetLinkCell(u, list.state, csrfToken, staffLinks.get(u.legacyUserId))}</td></tr>`,
        )
        .join("\n")
    : `<tr><td colspan="6" class="muted">Nobody${list.page > 1 ? " on this page" : ""}.</td></tr>`;
  const prev = list.page > 1 ? `<a rel="prev" href="${escapeHtml(link(list.page - 1))}">Previous</a>` : "";
  const next = list.page < lastPage ? `<a rel="next" href="${escapeHtml(link(list.page + 1))}">Next</a>` : "";
  return `<section id="list-${list.state}" aria-labelledby="list-${list.state}-title" data-total="${list.total}">
<h2 id="list-${list.state}-title">${escapeHtml(LIST_TITLES[list.state])} (${num(list.total)})</h2>
<table><thead><tr><th>User</th><th>Email</th><th>Why, in words to tell them</th><th class="n">Attempts</th><th>Last attempt</th><th>Reset link</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<nav class="pager" aria-label="${escapeHtml(list.state)} pages"><span class="muted">Page ${list.page} of ${lastPage}</span>${prev}${next}</nav>
</section>`;
}

/** A "send a reset link" button, or why there is none; and the last link staff sent. */
function resetLinkCell(u: StuckUser, state: StuckState, csrfToken: string, last: LastStaffResetLink | undefined): string {
  const history = last
    ? `<br><small class="muted" data-last-link="${escapeHtml(last.outcome)}">${last.outcome === "sent" ? "Sent" : "Failed"} ${escapeHtml(time(last.at))} by ${escapeHtml(last.by)}</small>`
    : "";
  if (u.username === null || !u.active) return `<span class="muted">Not an active user</span>${history}`;
  if (state === "no_email" || usableEmail(u.email) === null) {
    return `<span class="muted" data-no-link>No email address: no link can be sent</span>${history}`;
  }
  return `<form method="post" action="/admin/users/${encodeURIComponent(u.legacyUserId)}/reset-link" class="inline">
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<input type="hidden" name="list" value="${escapeHtml(state)}">
<button type="submit">Send a reset link</button>
</form>${history}`;
}

function campaignHistory(campaigns: CampaignHistoryEntry[]): string {
  const rows = campaigns.length
    ? campaigns
        .map(
          (c) =>
            `<tr data-campaign="${escapeHtml(c.name)}"><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.createdBy ?? "CLI")}</td><td>${escapeHtml(time(c.startedAt))}</td><td>${c.finishedAt ? escapeHtml(time(c.finishedAt)) : "running or stopped"}</td><td class="n">${num(c.selected)}</td><td class="n">${num(c.sent)}</td><td class="n">${num(c.failed)}</td><td class="n">${num(c.skipped)}</td><td class="n">${num(c.waiting)}</td></tr>`,
        )
        .join("\n")
    : `<tr><td colspan="9" class="muted">No campaign yet.</td></tr>`;
  return `<section aria-labelledby="campaigns-title">
<h2 id="campaigns-title">Reset-email campaigns (latest ${campaigns.length})</h2>
<table><thead><tr><th>Name</th><th>Started by</th><th>Started</th><th>Finished</th><th class="n">Selected</th><th class="n">Sent</th><th class="n">Failed</th><th class="n">Skipped</th><th class="n">Waiting</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</section>`;
}

function campaignForm(csrfToken: string, r: StatusReport): string {
  return `<section aria-labelledby="start-title">
<h2 id="start-title">Email the unmigrated a password-reset link</h2>
<p>Active users who have not migrated and have a usable email and password (${num(r.remaining_users)} not migrated, ${num(r.emailed_unmigrated)} of them already emailed). The next step shows how many would be emailed; nothing is sent until you confirm.</p>
<form method="post" action="/admin/campaigns/preview">
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<div class="fields">
<div><label for="name">Campaign name (optional)</label><input type="text" id="name" name="name" maxlength="100"></div>
<div><label for="limit">At most this many users</label><input type="number" id="limit" name="limit" min="1"></div>
<div><label for="resend_after_days">Skip users emailed in the last … days</label><input type="number" id="resend_after_days" name="resend_after_days" min="0"></div>
<div><label for="last_login_before">Last login before</label><input type="date" id="last_login_before" name="last_login_before"></div>
</div>
<button type="submit" id="dry-run">Dry run: count who would be emailed</button>
</form>
</section>`;
}
