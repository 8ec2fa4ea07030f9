import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Whether the message came over TLS (smtps, or after STARTTLS). */
  secure: boolean;
}

export interface SmtpSinkOptions {
  /** Offer TLS with this key and certificate: STARTTLS on a plain port, or TLS from the start with `secure`. */
  tls?: { key: string; cert: string };
  secure?: boolean;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives; it can refuse or slow down. */
export class SmtpSink {
  readonly messages: CapturedMail[] = [];
  private server: SMTPServer;
  private failNext = 0;
  private failCode = 451;
  private delayMs = 0;
  port = 0;

  constructor(private readonly options: SmtpSinkOptions = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      ...(options.tls ? { key: options.tls.key, cert: options.tls.cert, secure: options.secure ?? false } : { disabledCommands: ["STARTTLS"] }),
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          void (async () => {
            if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
            if (this.failNext > 0) {
              this.failNext -= 1;
              const err = new Error("try again later") as Error & { responseCode: number };
              err.responseCode = this.failCode;
              callback(err);
              return;
            }
            const mail = await simpleParser(Buffer.concat(chunks));
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            this.messages.push({
              to: to?.value[0]?.address ?? "",
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              messageId: mail.messageId ?? "",
              secure: session.secure,
            });
            callback();
          })();
        });
      },
    });
  }

  async start(): Promise<string> {
    // A client killed mid-session resets its socket; that is expected here, not a failure.
    this.server.on("error", () => undefined);
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `${this.options.tls && this.options.secure ? "smtps" : "smtp"}://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `n` messages are refused with `code` (4xx: transient, 5xx: permanent). */
  refuseNext(n: number, code = 451): void {
    this.failNext = n;
    this.failCode = code;
  }

  slowDown(ms: number): void {
    this.delayMs = ms;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.toLowerCase() === address.toLowerCase());
  }

  /** The reset link in a message's text body, as a path (`/password-reset/<uid>/<token>`). */
  static resetPath(mail: CapturedMail): string {
    return SmtpSink.resetPathIn(mail.text);
  }

  /** The reset link in a decoded message text (a captured mail's, or an .eml from the outbox), as a path. */
  static resetPathIn(text: string): string {
    const match = /https?:\/\/[^\s/]+(\/password-reset\/[A-Za-z0-9_-]+\/[0-9a-z]+-[0-9a-f]+)/.exec(text);
    if (!match) throw new Error("no reset link in the message");
    return match[1] as string;
  }

  /** Waits (bounded) until `n` messages have arrived. */
  async waitFor(n: number, timeoutMs = 10000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.messages.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} messages, got ${this.messages.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
