import { escapeHtml, layout } from "./html";

export interface LoginPageModel {
  csrfToken: string;
  next: string;
  identifier?: string;
  error?: string;
}

export function loginPage(model: LoginPageModel): string {
  const error = model.error
    ? `<p class="error" role="alert" id="login-error">${escapeHtml(model.error)}</p>`
    : "";
  return layout(
    "Log in",
    `<h1>Log in</h1>
${error}
<form method="post" action="/login" novalidate>
<input type="hidden" name="_csrf" value="${escapeHtml(model.csrfToken)}">
<input type="hidden" name="next" value="${escapeHtml(model.next)}">
<label for="identifier">Username or email</label>
<input type="text" id="identifier" name="identifier" autocomplete="username" required value="${escapeHtml(model.identifier ?? "")}"${model.error ? ' aria-describedby="login-error"' : ""}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
<p><a href="/password-reset">Forgot your password?</a></p>`,
  );
}
