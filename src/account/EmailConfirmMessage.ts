import type { LegacyUser } from "../legacy/LegacyUser";
import type { MailMessage } from "../reset/Mailer";
import { escapeHtml } from "../web/views/html";

/** The email that carries the link confirming an added address. */
export class EmailConfirmMessage {
  constructor(
    private readonly publicUrl: string,
    private readonly timeoutSeconds: number,
  ) {}

  linkFor(token: string): string {
    return `${this.publicUrl}/account/email/${token}`;
  }

  compose(user: LegacyUser, to: string, link: string): MailMessage {
    const hours = Math.round(this.timeoutSeconds / 360) / 10;
    return {
      to,
      subject: "Confirm your email address",
      text: `Hello ${user.username},

someone (we hope you) asked to use this address for the account ${user.username}.
To confirm, open this link (it works once, for ${hours} hours) and type your password:

${link}

If this was not you, ignore this email: nothing changes.
`,
      html: `<p>Hello ${escapeHtml(user.username)},</p>
<p>someone (we hope you) asked to use this address for the account <strong>${escapeHtml(user.username)}</strong>.
To confirm, open this link (it works once, for ${hours} hours) and type your password:</p>
<p><a href="${escapeHtml(link)}">Confirm this address</a></p>
<p>If this was not you, ignore this email: nothing changes.</p>
`,
    };
  }
}
