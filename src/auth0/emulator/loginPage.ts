import type { Reply } from "./Reply";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function htmlPage(status: number, title: string, body: string, headers: Record<string, string> = {}): Reply {
  const text = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return {
    status,
    text,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers },
  };
}

/** The second step for users enrolled in MFA: a one-time code from their authenticator app. */
export function mfaPage(status: number, tx: string, error?: string): Reply {
  const message = error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : "";
  return htmlPage(
    status,
    "Verify your identity",
    `<p>Enter the one-time code from your authenticator app.</p>${message}
<form method="post" action="/u/mfa">
<input type="hidden" name="tx" value="${escapeHtml(tx)}">
<label>Code <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
<button type="submit">Continue</button>
</form>`,
  );
}

/** The emulator's Universal Login page: a plain form posting to /u/login with the pending transaction. */
export function loginPage(status: number, tx: string, appName: string, error?: string): Reply {
  const message = error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : "";
  return htmlPage(
    status,
    "Log in",
    `<p>to continue to ${escapeHtml(appName)}</p>${message}
<form method="post" action="/u/login">
<input type="hidden" name="tx" value="${escapeHtml(tx)}">
<label>Email or username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Continue</button>
</form>`,
  );
}
