import { escapeHtml, layout } from "./html";

export interface AccountPasswordModel {
  csrfToken: string;
  username: string;
  /** Auth0's password policy in words, shown before the user types. */
  policy: string;
  /** The user's migration stopped at Auth0's policy: say why they are here. */
  weakPassword: boolean;
  next: string;
  error?: string;
}

const WEAK =
  "Your password still works here, but the new login system we are moving accounts to does not accept it. " +
  "Choose a new one now and your account moves over at once; no email needed.";

export function accountPasswordPage(m: AccountPasswordModel): string {
  return layout(
    "Change your password",
    `<h1>${m.weakPassword ? "Choose a new, stronger password" : "Change your password"}</h1>
<p>For the account <strong>${escapeHtml(m.username)}</strong>.</p>
${m.weakPassword ? `<p class="notice" role="status" id="weak-password-notice">${escapeHtml(WEAK)}</p>` : ""}
${m.error ? `<p class="error" role="alert" id="password-error">${escapeHtml(m.error)}</p>` : ""}
<p id="password-policy">${escapeHtml(m.policy)}</p>
<form method="post" action="/account/password">
<input type="hidden" name="_csrf" value="${escapeHtml(m.csrfToken)}">
<input type="hidden" name="next" value="${escapeHtml(m.next)}">
<label for="password">New password</label>
<input type="password" id="password" name="password" autocomplete="new-password" required aria-describedby="password-policy${m.error ? " password-error" : ""}">
<label for="password_confirm">New password again</label>
<input type="password" id="password_confirm" name="password_confirm" autocomplete="new-password" required>
<button type="submit">Set the new password</button>
</form>
<p><a href="${escapeHtml(m.next)}">${m.weakPassword ? "Not now" : "Cancel"}</a></p>`,
  );
}

export function accountPasswordDonePage(next: string, migrated: boolean): string {
  return layout(
    "Password changed",
    `<h1>Your password has been changed</h1>
<p class="notice" role="status" id="password-changed">Your new password works from now on${migrated ? ", and your account has moved to the new login system" : ""}. Any other place where you were logged in has been logged out; this one stays logged in.</p>
<p><a href="${escapeHtml(next)}">Continue</a></p>`,
  );
}
