import type { LegacyUser } from "../../legacy/LegacyUser";
import type { MigrationStatus } from "../../migration/migrationTypes";
import { escapeHtml, layout } from "./html";

const STATE_TEXT: Record<MigrationStatus["state"], string> = {
  migrated: "Your account has moved to the new login system.",
  pending: "Your account will move to the new login system at a later login.",
  conflict:
    "The new login system already has an account with your email address. A password reset link sent to that address finishes the move; if another user of this site has that account, give another email address.",
  weak_password: "Please choose a new, stronger password to finish moving your account.",
  no_email: "Your account has no email address of its own (none, or one another user of this site also has): give one to finish moving it.",
  not_started: "Your account has not moved to the new login system yet.",
};

export function homePage(user: LegacyUser, migration: MigrationStatus, csrfToken: string): string {
  // /account/email says itself whether the address is really needed (a conflict may be a squatter's account instead).
  const emailAction =
    migration.state === "no_email" || migration.state === "conflict"
      ? `<p class="notice"><a href="/account/email">Give an email address for your account</a></p>`
      : "";
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
${emailAction}
<form method="post" action="/logout">
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<button type="submit">Log out</button>
</form>`,
  );
}
