import { SmtpSink } from "./SmtpSink";
import { startTestApp, type TestApp, type TestAppOptions } from "./startTestApp";

export interface TestAppWithSmtp {
  t: TestApp;
  /** Every message the app sends lands here. */
  smtp: SmtpSink;
  /** Stops the app, then the sink. */
  close(): Promise<void>;
}

/** startTestApp with SMTP_URL on a fresh SmtpSink (options.env adds to it). */
export async function startTestAppWithSmtp(options: TestAppOptions = {}): Promise<TestAppWithSmtp> {
  const smtp = new SmtpSink();
  const url = await smtp.start();
  let t: TestApp;
  try {
    t = await startTestApp({ ...options, env: { SMTP_URL: url, ...options.env } });
  } catch (err) {
    await smtp.stop();
    throw err;
  }
  return {
    t,
    smtp,
    close: async () => {
      await t.close();
      await smtp.stop();
    },
  };
}
