export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one message; resolves with the message id the transport assigned. */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

export class MailError extends Error {
  constructor(
    message: string,
    /** SMTP 4xx and connection problems may pass on retry; 5xx will not. */
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MailError";
  }
}
