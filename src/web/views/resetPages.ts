import { escapeHtml, layout } from "./html";

export function resetRequestPage(csrfToken: string, error?: string): string {
  return layout(
    "Reset your password",
    `<h1>Reset your password</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<p>Enter the email address of your account. We will send you a link to choose a new password.</p>
<form method="post" action="/password-reset">
<input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" required>
<button type="submit">Send the link</button>
</form>
<p><a href="/login">Back to log in</a></p>`,
  );
}

export function resetRequestedPage(): string {
  return layout(
    "Check your email",
    `<h1>Check your email</h1>
<p class="notice" role="status">If an account exists for that address, we have sent it an email with a link to choose a new password.</p>
<p>The email can take a few minutes to arrive. Check your spam folder too.</p>
<p><a href="/login">Back to log in</a></p>`,
  );
}

export function resetConfirmPage(model: { csrfToken: string; action: string; username: string; error?: string; offerEmailPage?: boolean }): string {
  return layout(
    "Choose a new password",
    `<h1>Choose a new password</h1>
<p>For the account <strong>${escapeHtml(model.username)}</strong>.</p>
${model.error ? `<p class="error" role="alert" id="reset-error">${escapeHtml(model.error)}</p>` : ""}
${model.offerEmailPage ? `<p><a href="/login?next=%2Faccount%2Femail">Log in and give an email address for your account</a></p>` : ""}
<form method="post" action="${escapeHtml(model.action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(model.csrfToken)}">
<label for="password">New password</label>
<input type="password" id="password" name="password" autocomplete="new-password" required${model.error ? ' aria-describedby="reset-error"' : ""}>
<label for="password_confirm">New password again</label>
<input type="password" id="password_confirm" name="password_confirm" autocomplete="new-password" required>
<button type="submit">Set the new password</button>
</form>`,
  );
}

/** `loginHref` carries the `next` the reset link came with, so the user ends where they started. */
export function resetDonePage(loginHref = "/login"): string {
  return layout(
    "Password changed",
    `<h1>Your password has been changed</h1>
<p class="notice" role="status">You can now log in with your new password.</p>
<p><a href="${escapeHtml(loginHref)}">Log in</a></p>`,
  );
}

export function resetInvalidPage(): string {
  return layout(
    "Invalid link",
    `<h1>This link is no longer valid</h1>
<p class="error" role="alert">The password reset link is invalid, has already been used, or has expired.</p>
<p><a href="/password-reset">Ask for a new link</a></p>`,
  );
}
