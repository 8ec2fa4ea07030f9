import type { LegacyUser } from "../legacy/LegacyUser";
import type { MailMessage } from "./Mailer";
import { renderResetEmail, type ResetEmailTemplate } from "./resetEmailTemplate";
import { encodeUid, type ResetTokens } from "./ResetTokens";

/** Builds a user's reset email: a fresh token, the link under PUBLIC_URL, the template. */
export class ResetMessageComposer {
  constructor(
    private readonly tokens: ResetTokens,
    private readonly publicUrl: string,
    private readonly template: ResetEmailTemplate,
    private readonly timeoutSeconds: number,
  ) {}

  compose(user: LegacyUser, to: string): MailMessage {
    const link = `${this.publicUrl}/password-reset/${encodeUid(user.id)}/${this.tokens.make(user)}`;
    const rendered = renderResetEmail(this.template, {
      username: user.username,
      link,
      expiresHours: Math.round(this.timeoutSeconds / 360) / 10,
    });
    return { to, ...rendered };
  }
}
