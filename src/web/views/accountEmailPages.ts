import { escapeHtml, layout } from "./html";

const errorBlock = (error?: string) => (error ? `<p class="error" role="alert" id="form-error">${escapeHtml(error)}</p>` : "");

export function accountEmailPage(model: { csrfToken: string; username: string; error?: string; email?: string }): string {
  return layout(
    "Give an email address",
    `<h1>Give an email address for your account</h1>
<p>Your account <strong>${escapeHtml(model.username)}</strong> needs an email address of its own to move to the new login system.
We will send a link to the address you give; open it and type your password to confirm. Your account here keeps its details.</p>
${errorBlock(model.error)}
<form method="post" action="/account/email">
<input type="hidden" name="_csrf" value="${escapeHtml(model.csrfToken)}">
<label for="email">Email address</label>
<input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(model.email ?? "")}"${model.error ? ' aria-describedby="form-error"' : ""}>
<button type="submit">Send the link</button>
</form>
<p><a href="/">Back to your account</a></p>`,
  );
}

export function accountEmailNotNeededPage(): string {
  return layout(
    "No address needed",
    `<h1>Your account does not need another email address</h1>
<p class="notice" role="status">It has moved to the new login system already, or it can move with the address it has.</p>
<p><a href="/">Back to your account</a></p>`,
  );
}

export function accountEmailSentPage(address: string): string {
  return layout(
    "Check your email",
    `<h1>Check your email</h1>
<p class="notice" role="status">We have sent a link to <strong>${escapeHtml(address)}</strong>. Open it and type your password to finish.</p>
<p>The email can take a few minutes to arrive. Check your spam folder too.</p>
<p><a href="/">Back to your account</a></p>`,
  );
}

export function accountEmailConfirmPage(model: {
  csrfToken: string;
  action: string;
  username: string;
  address: string;
  error?: string;
  /** Auth0's policy refused the current password: a new one is chosen here too. */
  askNewPassword?: boolean;
}): string {
  const newPassword = model.askNewPassword
    ? `<label for="new_password">New password</label>
<input type="password" id="new_password" name="new_password" autocomplete="new-password" required>
<label for="new_password_confirm">New password again</label>
<input type="password" id="new_password_confirm" name="new_password_confirm" autocomplete="new-password" required>`
    : "";
  return layout(
    "Confirm your email address",
    `<h1>Confirm your email address</h1>
<p>Type the password of the account <strong>${escapeHtml(model.username)}</strong> to move it to the new login system with the address
<strong>${escapeHtml(model.address)}</strong>.</p>
${errorBlock(model.error)}
<form method="post" action="${escapeHtml(model.action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(model.csrfToken)}">
<label for="password">Your current password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required${model.error ? ' aria-describedby="form-error"' : ""}>
${newPassword}
<button type="submit">Confirm</button>
</form>`,
  );
}

export function accountEmailDonePage(address: string): string {
  return layout(
    "Address confirmed",
    `<h1>Your account has moved to the new login system</h1>
<p class="notice" role="status">Its email address there is <strong>${escapeHtml(address)}</strong>. Log in with your username and the same password as before.</p>
<p><a href="/">Continue</a></p>`,
  );
}

export function accountEmailInvalidPage(): string {
  return layout(
    "Invalid link",
    `<h1>This link is no longer valid</h1>
<p class="error" role="alert">The confirmation link is invalid, has already been used, or has expired.</p>
<p><a href="/account/email">Ask for a new link</a></p>`,
  );
}
