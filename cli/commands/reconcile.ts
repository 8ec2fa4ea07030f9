import { buildApp } from "../../src/app";
import { Reconciler, type ReconcileReport } from "../../src/migration/Reconciler";
import { stderrLogger, writeSummary } from "./commandOutput";
import { loadEnvConfig } from "./loadEnvConfig";

export async function runReconcile(opts: { fix?: boolean; json?: boolean }): Promise<void> {
  const config = loadEnvConfig();
  const logger = stderrLogger(config);
  const app = await buildApp(config, { logger, seedDemoUsers: false });
  try {
    const report = await new Reconciler(app.db, app.gateway, app.users, logger).run({ fix: Boolean(opts.fix) });
    writeSummary(report, opts.json, (r) => format(r, Boolean(opts.fix)));
  } finally {
    await app.close();
  }
}

const KIND_TEXT: Record<string, string> = {
  ours_unlinked: "created by this service, not linked: heals at the user's next login",
  ours_linked_elsewhere: "created by this service; the legacy user is linked to another Auth0 user",
  legacy_user_missing: "names a legacy user who no longer exists",
  foreign: "not created by this service: left alone",
};

function format(r: ReconcileReport, fix: boolean): string {
  const lines = [
    `Auth0 users listed:          ${r.auth0_users_listed} of ${r.auth0_users_total}${r.listing_complete ? "" : " (Auth0 lists at most 1000; links were checked one by one)"}`,
    `links checked:               ${r.links_checked}`,
    `links without an Auth0 user: ${r.links_without_auth0_user.length}${fix ? ` (${r.fixed} removed: those users migrate again at their next login)` : r.links_without_auth0_user.length ? " (run with --fix to remove them)" : ""}`,
  ];
  for (const l of r.links_without_auth0_user) lines.push(`  legacy ${l.legacy_user_id} -> ${l.auth0_user_id}${l.fixed ? "  [removed]" : ""}`);
  lines.push(`Auth0 users without a link:  ${r.auth0_users_without_link.length}`);
  for (const o of r.auth0_users_without_link) lines.push(`  ${o.auth0_user_id} <${o.email ?? ""}> legacy_id=${o.legacy_id ?? "-"}: ${KIND_TEXT[o.kind]}`);
  return `${lines.join("\n")}\n`;
}
