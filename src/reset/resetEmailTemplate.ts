import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { escapeHtml } from "../web/views/html";

export interface ResetEmailValues {
  username: string;
  link: string;
  expiresHours: number;
}

export interface ResetEmailTemplate {
  subject: string;
  text: string;
  html: string;
}

const DEFAULT: ResetEmailTemplate = {
  subject: "Set a new password for your account",
  text: `Hello {{username}},

We are moving your account to a new login system. To keep using it, please set a new
password with this link (it works once, for {{expires_hours}} hours):

{{link}}

If you did not expect this email, you can ignore it: your password stays as it is.
`,
  html: `<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>Hello {{username}},</p>
<p>We are moving your account to a new login system. To keep using it, please set a new
password (the link works once, for {{expires_hours}} hours):</p>
<p><a href="{{link}}">Set a new password</a></p>
<p>If you did not expect this email, you can ignore it: your password stays as it is.</p>
</body></html>
`,
};

/**
 * The built-in template, or an operator's: a folder holding any of `reset.subject.txt`,
 * `reset.txt` and `reset.html`, with {{username}}, {{link}} and {{expires_hours}}.
 */
export function loadResetEmailTemplate(dir: string | undefined): ResetEmailTemplate {
  if (!dir) return DEFAULT;
  const read = (name: string, fallback: string): string => {
    const file = path.join(dir, name);
    return existsSync(file) ? readFileSync(file, "utf8") : fallback;
  };
  return {
    subject: read("reset.subject.txt", DEFAULT.subject).trim(),
    text: read("reset.txt", DEFAULT.text),
    html: read("reset.html", DEFAULT.html),
  };
}

export function renderResetEmail(template: ResetEmailTemplate, values: ResetEmailValues): ResetEmailTemplate {
  const fill = (source: string, escape: (s: string) => string): string =>
    source.replace(/\{\{\s*(username|link|expires_hours)\s*\}\}/g, (_m, key: string) => {
      const raw = key === "username" ? values.username : key === "link" ? values.link : String(values.expiresHours);
      return escape(raw);
    });
  const plain = (s: string): string => s.replace(/[\r\n]/g, " ");
  return { subject: fill(template.subject, plain), text: fill(template.text, (s) => s), html: fill(template.html, escapeHtml) };
}
