import { etaDays } from "../../src/status/MigrationStatusQuery";
import { formatStatusReport } from "../../src/status/formatStatusReport";
import type { StatusReport } from "../../src/status/StatusReport";

function report(over: Partial<StatusReport> = {}): StatusReport {
  return {
    total_users: 1_200_000,
    active_users: 1_000_000,
    migrated_users: 400_000,
    migrated_percent: 40,
    by_method: { login: 390_000, linked_existing: 5_000, password_reset: 4_000, reconcile: 1_000, password_change: 0, bulk_import: 0, linked_by_email_proof: 0, email_added: 0 },
    pending: 1_000,
    conflict: 200,
    weak_password: 300,
    no_email: 500,
    not_started: 598_000,
    emailed_unmigrated: 50_000,
    migrated_inactive: 7,
    migrated_last_24h: 3_000,
    migrated_last_7d: 21_000,
    remaining_users: 600_000,
    eta_days: etaDays(600_000, 21_000),
    bulk_import: null,
    generated_at: "2026-11-28T12:00:00.000Z",
    ...over,
  };
}

describe("etaDays", () => {
  it("divides the remainder by the last week's daily pace", () => {
    expect(etaDays(600_000, 21_000)).toBe(200);
    expect(etaDays(10, 3)).toBe(23.3);
  });

  it("is 0 when nothing remains and null when nobody migrated this week", () => {
    expect(etaDays(0, 0)).toBe(0);
    expect(etaDays(5, 0)).toBeNull();
  });
});

describe("formatStatusReport", () => {
  it("lays the figures out with thousands separators and shares of the unmigrated", () => {
    const text = formatStatusReport(report());
    expect(text).toMatch(/^legacy users\s+1,200,000$/m);
    expect(text).toMatch(/^migrated\s+400,000\s+\(40\.00 % of active\)$/m);
    expect(text).toMatch(/^\s+by linked_existing\s+5,000$/m);
    expect(text).toMatch(/^\s+not started\s+598,000\s+\(99\.7 %\)$/m);
    expect(text).toMatch(/^ETA for the active remainder\s+about 200 days at the last 7 days' pace \(3000\.0\/day\)$/m);
  });

  it("says plainly when the ETA is unknown or the migration is done", () => {
    expect(formatStatusReport(report({ migrated_last_7d: 0, eta_days: null }))).toMatch(/unknown: nobody migrated in the last 7 days/);
    expect(formatStatusReport(report({ remaining_users: 0, eta_days: 0 }))).toMatch(/done: every active user is migrated/);
  });

  it("shows the last bulk-import run's figures, or that none ran", () => {
    expect(formatStatusReport(report())).toMatch(/^last bulk import\s+none \(bulk-import was never run\)$/m);
    const text = formatStatusReport(
      report({
        bulk_import: {
          run_id: "import-2026-12-02T10-00-00-000Z",
          status: "finished",
          started_at: "2026-12-02T10:00:00.000Z",
          finished_at: "2026-12-02T10:05:00.000Z",
          files: 3,
          users_submitted: 12_000,
          users_imported: 11_990,
          users_failed: 10,
          repaired: 2,
        },
      }),
    );
    expect(text).toMatch(/^last bulk import\s+import-2026-12-02T10-00-00-000Z, finished 2026-12-02T10:05:00\.000Z$/m);
    expect(text).toMatch(/^\s+users submitted \(files\)\s+12,000 \(3 files\)$/m);
    expect(text).toMatch(/^\s+imported and linked\s+11,990$/m);
    expect(text).toMatch(/^\s+failed \(Auth0's per-user errors, or ours\)\s+10$/m);
    expect(text).toMatch(/^\s+repaired at login \(import_repaired\)\s+2$/m);
  });
});
