import type { LegacyUser } from "../../legacy/LegacyUser";
import type { MigrationStatus } from "../../migration/migrationTypes";
import { escapeHtml, layout } from "./html";

const STATE_TEXT: Record<MigrationStatus["state"], string> = {
  migrated: "Your account has moved to the new login system.",
  pending: "Your account will move to the new login system at a later login.",
  conflict: "Your account needs attention from support before it can move to the new login system.",
  weak_password: "Please choose a new, stronger password to finish moving your account.",
  no_email: "Your account has no email address; support will help you finish moving it.",
  not_started: "Your account has not moved to the new login system yet.",
};

export function homePage(user: LegacyUser, migration: MigrationStatus, csrfToken: string): string {
  const action =
    migration.state === "weak_password"
      ? `<p class="notice"><a href="/account/password">Choose a new password</a></p>`
      : `<p><a href="/account/password">Change your password</a></p>`;
  return layout(
    "Your account",
    `<h1>Logged in as ${escapeHtml(user.username)}</h1>
<dl>
<dt>Username</dt><dd>${escapeHtml(user.username)}</dd>
<dt>Email</dt><dd>${escapeHtml(user.email ?? "(none)")}</dd>
<dt>Migration</dt><dd data-state="${escapeHtml(migration.state)}">${escapeHtml(migration.state)}</dd>
</dl>
<p>${escapeHtml(STATE_TEXT[migration.state])}</p>
${action}
<form method="post" action="/logout">
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<button type="submit">Log out</button>
</form>`,
  );
}
