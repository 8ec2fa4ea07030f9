import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type { Logger } from "../logger";
import { MailError, type MailMessage, type Mailer } from "./Mailer";
import { smtpTlsPolicy } from "./smtpTlsPolicy";

/**
 * SMTP through a pooled nodemailer transport. The relay's certificate is verified (system CAs plus
 * NODE_EXTRA_CA_CERTS) unless SMTP_URL says `?tls=insecure`; smtp:// upgrades with STARTTLS when
 * offered (`?starttls=required`: only then).
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    options: { maxConnections?: number; logger?: Pick<Logger, "warn"> } = {},
  ) {
    const url = new URL(smtpUrl);
    const policy = smtpTlsPolicy(smtpUrl);
    if (!policy.verifyCertificate) {
      // Loud on purpose: whoever sits between us and the relay reads its password and every reset link.
      options.logger?.warn(
        { smtp_host: url.hostname },
        "SMTP TLS certificate verification is OFF (SMTP_URL ?tls=insecure): use this only for a lab relay, never in production",
      );
    }
    this.transport = nodemailer.createTransport({
      pool: true,
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 25,
      secure: policy.secure,
      requireTLS: policy.requireStartTls,
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      maxConnections: options.maxConnections ?? 5,
      maxMessages: Infinity,
      connectionTimeout: 10000,
      greetingTimeout: 10000,
      socketTimeout: 30000,
      tls: { rejectUnauthorized: policy.verifyCertificate },
    });
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    try {
      const info = await this.transport.sendMail({ from: this.from, ...message });
      return { messageId: String(info.messageId) };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      const transient = code === undefined || (code >= 400 && code < 500);
      throw new MailError(`SMTP send failed${code ? ` (${code})` : ""}`, transient, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** Without SMTP_URL: each message becomes an .eml file in the outbox folder. */
export class FileMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly outbox: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    try {
      const info = await this.transport.sendMail({ from: this.from, ...message });
      await mkdir(this.outbox, { recursive: true });
      const file = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
      await writeFile(path.join(this.outbox, file), info.message as Buffer, { mode: 0o600 });
      return { messageId: String(info.messageId) };
    } catch (err) {
      throw new MailError("writing the message to the outbox failed", true, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
