import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import { SmtpMailer } from "../../src/reset/NodemailerMailer";
import { createSelfSignedCertificate } from "../../src/tls/selfSignedCertificate";
import { createLegacyTable, LegacyUserFactory } from "../support/legacyUsers";
import { createSharedTestDb, runCli } from "../support/runCli";
import { SmtpSink } from "../support/SmtpSink";

// Relays with a certificate this process does not trust (NODE_EXTRA_CA_CERTS is read at start only).
const certificate = createSelfSignedCertificate();
const message = { to: "someone@example.com", subject: "hello", text: "a reset link would be here", html: "<p>a reset link would be here</p>" };

function causeChain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, i = 0; i < 5 && typeof e === "object" && e !== null; i += 1) {
    parts.push(String((e as { message?: unknown }).message));
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(" <- ");
}

async function withSink<T>(sink: SmtpSink, fn: (url: string) => Promise<T>): Promise<T> {
  const url = await sink.start();
  try {
    return await fn(url);
  } finally {
    await sink.stop();
  }
}

async function sendOnce(url: string, logger?: { warn: (...args: unknown[]) => void }): Promise<unknown> {
  const mailer = new SmtpMailer(url, "auth0-migrate <no-reply@example.com>", logger ? { logger: logger as never } : {});
  try {
    return await mailer.send(message);
  } finally {
    await mailer.close();
  }
}

describe("SMTP TLS is verified by default", () => {
  it("smtp:// upgrades with STARTTLS when offered, and refuses an untrusted certificate", async () => {
    const sink = new SmtpSink({ tls: certificate });
    await withSink(sink, async (url) => {
      const err = await sendOnce(url).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeDefined();
      expect(causeChain(err)).toMatch(/self-signed certificate/);
      expect(sink.messages).toHaveLength(0);
    });
  });

  it("smtps:// refuses an untrusted certificate", async () => {
    const sink = new SmtpSink({ tls: certificate, secure: true });
    await withSink(sink, async (url) => {
      expect(url).toMatch(/^smtps:/);
      await expect(sendOnce(url)).rejects.toThrow(/SMTP send failed/);
      expect(sink.messages).toHaveLength(0);
    });
  });

  it("?tls=insecure sends anyway, over TLS, and says so loudly", async () => {
    const sink = new SmtpSink({ tls: certificate });
    await withSink(sink, async (url) => {
      const warnings: string[] = [];
      await sendOnce(`${url}?tls=insecure`, { warn: (_obj: unknown, msg: unknown) => warnings.push(String(msg)) });
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]?.secure).toBe(true);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/certificate verification is OFF/);
    });
  });

  it("?starttls=required refuses a relay that offers no STARTTLS; without it, such a relay is used as it is", async () => {
    const sink = new SmtpSink();
    await withSink(sink, async (url) => {
      await expect(sendOnce(`${url}?starttls=required`)).rejects.toThrow(/SMTP send failed/);
      expect(sink.messages).toHaveLength(0);
      await sendOnce(url);
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]?.secure).toBe(false);
    });
  });

  it.each(["smtp://relay.example.com?tls=off", "smtp://relay.example.com?starttls=maybe", "smtps://relay.example.com?starttls=required"])(
    "refuses SMTP_URL=%s, naming the variable",
    (url) => {
      expect(() => loadConfig({ SMTP_URL: url })).toThrow(ConfigError);
      expect(() => loadConfig({ SMTP_URL: url })).toThrow(/^SMTP_URL: /);
    },
  );

  it("a relay whose CA is trusted through NODE_EXTRA_CA_CERTS is accepted (send-reset-emails)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "a0m-smtp-tls-"));
    const caFile = path.join(dir, "relay-ca.pem");
    writeFileSync(caFile, certificate.cert);
    const shared = await createSharedTestDb();
    const sink = new SmtpSink({ tls: certificate });
    try {
      await createLegacyTable(shared.testDb.db);
      const user = await new LegacyUserFactory(shared.testDb.db).create();
      await shared.releaseForChild();
      await withSink(sink, async (url) => {
        const env = { ...shared.childEnv, SMTP_URL: url, SESSION_SECRET: "smtp-tls-test-secret-0123456789abcdefgh" };
        const refused = await runCli(["send-reset-emails", "--json"], env);
        expect(JSON.parse(refused.stdout)).toMatchObject({ selected: 1, sent: 0 });
        const accepted = await runCli(["send-reset-emails", "--json", "--campaign", "trusted"], { ...env, NODE_EXTRA_CA_CERTS: caFile });
        expect(JSON.parse(accepted.stdout)).toMatchObject({ selected: 1, sent: 1 });
        expect(sink.to(user.email as string)).toHaveLength(1);
        expect(sink.messages[0]?.secure).toBe(true);
      });
    } finally {
      await shared.testDb.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
});
