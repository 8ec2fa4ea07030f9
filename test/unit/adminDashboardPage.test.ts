import type { StatusReport } from "../../src/status/StatusReport";
import type { StuckState, StuckUsersPage } from "../../src/status/StuckUsersQuery";
import { adminDashboardPage, type DashboardModel } from "../../src/web/views/adminDashboardPage";

const report: StatusReport = {
  total_users: 1200,
  active_users: 1000,
  migrated_users: 400,
  migrated_percent: 40,
  by_method: { login: 390, linked_existing: 5, password_reset: 4, reconcile: 1, password_change: 0, bulk_import: 0, linked_by_email_proof: 0, email_added: 0 },
  pending: 45,
  conflict: 2,
  weak_password: 3,
  no_email: 5,
  not_started: 545,
  emailed_unmigrated: 50,
  migrated_inactive: 7,
  migrated_last_24h: 30,
  migrated_last_7d: 210,
  remaining_users: 600,
  eta_days: 20,
  bulk_import: null,
  generated_at: "2026-11-28T12:00:00.000Z",
};

const HOSTILE = `<img src=x onerror="alert(1)">`;

function list(state: StuckState, over: Partial<StuckUsersPage> = {}): StuckUsersPage {
  return { state, page: 1, pageSize: 20, total: 0, users: [], ...over };
}

function model(over: Partial<DashboardModel> = {}): DashboardModel {
  return {
    staffName: "ops",
    csrfToken: "tok",
    report,
    perDay: [{ day: "2026-11-28", count: 3 }],
    lists: [list("conflict"), list("weak_password"), list("no_email"), list("pending")],
    campaigns: [],
    pages: { conflict: 1, weak_password: 1, no_email: 1, pending: 1 },
    ...over,
  };
}

describe("adminDashboardPage", () => {
  it("shows the report's figures under their keys", () => {
    const html = adminDashboardPage(model());
    expect(html).toContain('data-figure="total_users">1,200<');
    expect(html).toContain('data-figure="migrated_percent">40.00 %<');
    expect(html).toContain('data-figure="eta_days">20<');
    expect(html).toContain('data-method="login">390<');
  });

  it("escapes what comes from the legacy table, the attempts and the campaigns", () => {
    const html = adminDashboardPage(
      model({
        staffName: HOSTILE,
        lists: [
          list("conflict", {
            total: 1,
            users: [{ legacyUserId: `1"x`, username: HOSTILE, email: `${HOSTILE}@x`, active: true, reason: "<script>1</script>", attempts: 1, lastAttemptAt: null }],
          }),
          list("weak_password"),
          list("pending"),
        ],
        campaigns: [{ id: 1, name: HOSTILE, createdBy: HOSTILE, startedAt: new Date(0), finishedAt: null, selected: 1, sent: 1, failed: 0, skipped: 0, waiting: 0 }],
        notice: HOSTILE,
      }),
    );
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script>1");
    expect(html).toContain('data-user="1&quot;x"');
    expect(html).toContain("&lt;script&gt;1&lt;/script&gt;");
  });

  it("links each list's next and previous pages, keeping the other lists' pages", () => {
    const html = adminDashboardPage(
      model({
        lists: [list("conflict"), list("weak_password"), list("pending", { page: 2, total: 45 })],
        pages: { conflict: 3, weak_password: 1, no_email: 1, pending: 2 },
      }),
    );
    expect(html).toContain('href="/admin?conflict_page=3&amp;pending_page=3#list-pending"');
    expect(html).toContain('href="/admin?conflict_page=3#list-pending"');
    expect(html).toContain("Page 2 of 3");
  });

  it("marks users deactivated or deleted since their attempt", () => {
    const users = [
      { legacyUserId: "1", username: "gone-inactive", email: null, active: false, reason: null, attempts: 2, lastAttemptAt: null },
      { legacyUserId: "2", username: null, email: null, active: false, reason: null, attempts: 1, lastAttemptAt: null },
    ];
    const html = adminDashboardPage(model({ lists: [list("conflict"), list("weak_password"), list("pending", { total: 2, users })] }));
    expect(html).toContain('gone-inactive <span class="muted">(inactive)</span>');
    expect(html).toContain("<td>(deleted)</td>");
  });
});

describe("adminDashboardPage: acting on stuck users", () => {
  const user = (id: string, email: string | null) => ({ legacyUserId: id, username: `user-${id}`, email, active: true, reason: null, attempts: 1, lastAttemptAt: null });

  it("offers a reset-link button with the CSRF token where there is an address, and says why not where there is none", () => {
    const html = adminDashboardPage(
      model({
        lists: [
          list("conflict", { total: 1, users: [user("7", "seven@example.com")] }),
          list("weak_password"),
          list("no_email", { total: 1, users: [user("8", null)] }),
          list("pending", { total: 1, users: [user("9", "not an address")] }),
        ],
      }),
    );
    expect(html).toContain('action="/admin/users/7/reset-link"');
    expect(html).toMatch(/action="\/admin\/users\/7\/reset-link" class="inline">\s*<input type="hidden" name="_csrf" value="tok">/);
    expect(html).not.toContain("/admin/users/8/reset-link");
    expect(html).not.toContain("/admin/users/9/reset-link");
    expect(html.match(/No email address: no link can be sent/g)).toHaveLength(2);
    expect(html).toContain("A reset link proves they own the address");
  });

  it("shows who last sent a link, escaped", () => {
    const html = adminDashboardPage(
      model({
        lists: [list("conflict", { total: 1, users: [user("7", "seven@example.com")] }), list("weak_password"), list("no_email"), list("pending")],
        staffLinks: new Map([["7", { at: new Date("2026-12-02T10:00:00Z"), by: HOSTILE, outcome: "sent" as const }]]),
      }),
    );
    expect(html).toContain('data-last-link="sent">Sent 2026-12-02 10:00 UTC by &lt;img');
    expect(html).not.toContain("<img");
  });
});

describe("adminDashboardPage: bulk import", () => {
  it("shows the bulk-import section when given, with error pages that keep the stuck lists' pages", () => {
    const bulkImport = { runs: [], files: [], errors: { page: 1, pageSize: 20, total: 21, users: [] }, repairs: { total: 0, latest: [] } };
    const html = adminDashboardPage(model({ bulkImport, pages: { conflict: 2, weak_password: 1, no_email: 1, pending: 1 } }));
    expect(html).toContain('<section id="bulk-import"');
    expect(html).toContain('href="/admin?conflict_page=2&amp;import_errors_page=2#bulk-import-errors"');
    expect(adminDashboardPage(model())).not.toContain('id="bulk-import"');
  });
});
