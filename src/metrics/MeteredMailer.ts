import type { Mailer, MailMessage } from "../reset/Mailer";
import type { ServiceMetrics } from "./ServiceMetrics";

/** Counts messages the transport accepted or refused. */
export class MeteredMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly metrics: ServiceMetrics,
  ) {}

  async send(message: MailMessage): Promise<{ messageId: string }> {
    try {
      const sent = await this.inner.send(message);
      this.metrics.email("sent");
      return sent;
    } catch (err) {
      this.metrics.email("failed");
      throw err;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
