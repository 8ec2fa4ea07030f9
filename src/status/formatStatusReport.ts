import type { StatusReport } from "./StatusReport";

const num = (n: number): string => n.toLocaleString("en-US");
const pct = (part: number, whole: number): string => (whole === 0 ? "" : `  (${((part / whole) * 100).toFixed(1)} %)`);

/** The report as a plain-text table for operators (`migrate-status` without --json). */
export function formatStatusReport(r: StatusReport): string {
  const rows: Array<[string, string]> = [
    ["legacy users", num(r.total_users)],
    ["active users", num(r.active_users)],
    ["migrated", `${num(r.migrated_users)}  (${r.migrated_percent.toFixed(2)} % of active)`],
    ...Object.entries(r.by_method).map(([method, count]): [string, string] => [`  by ${method}`, num(count)]),
    ["not migrated", num(r.remaining_users)],
    ["  pending (retried at next login)", `${num(r.pending)}${pct(r.pending, r.remaining_users)}`],
    ["  conflict (Auth0 account not theirs)", `${num(r.conflict)}${pct(r.conflict, r.remaining_users)}`],
    ["  weak_password", `${num(r.weak_password)}${pct(r.weak_password, r.remaining_users)}`],
    ["  no_email", `${num(r.no_email)}${pct(r.no_email, r.remaining_users)}`],
    ["  not started", `${num(r.not_started)}${pct(r.not_started, r.remaining_users)}`],
    ["  already emailed a reset link", num(r.emailed_unmigrated)],
    ["migrated, since deactivated", num(r.migrated_inactive)],
    ["migrated in the last 24 h", num(r.migrated_last_24h)],
    ["migrated in the last 7 days", num(r.migrated_last_7d)],
    ["ETA for the active remainder", eta(r)],
    ...bulkImportRows(r),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  return `Migration status at ${r.generated_at}\n\n${lines.join("\n")}\n`;
}

function bulkImportRows(r: StatusReport): Array<[string, string]> {
  const b = r.bulk_import;
  if (!b) return [["last bulk import", "none (bulk-import was never run)"]];
  return [
    ["last bulk import", `${b.run_id}, ${b.status === "finished" ? `finished ${b.finished_at ?? ""}` : `running since ${b.started_at}`}`],
    ["  users submitted (files)", `${num(b.users_submitted)} (${num(b.files)} files)`],
    ["  imported and linked", num(b.users_imported)],
    ["  failed (Auth0's per-user errors, or ours)", num(b.users_failed)],
    ["  repaired at login (import_repaired)", num(b.repaired)],
  ];
}

function eta(r: StatusReport): string {
  if (r.remaining_users === 0) return "done: every active user is migrated";
  if (r.eta_days === null) return "unknown: nobody migrated in the last 7 days";
  const perDay = r.migrated_last_7d / 7;
  return `about ${r.eta_days < 1 ? "less than a day" : `${Math.ceil(r.eta_days)} days`} at the last 7 days' pace (${perDay.toFixed(1)}/day)`;
}
