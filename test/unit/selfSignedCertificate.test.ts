import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadOrCreateCertificate } from "../../src/tls/certificateFiles";
import { createSelfSignedCertificate } from "../../src/tls/selfSignedCertificate";

describe("the emulator's self-signed certificate", () => {
  it("is a valid self-signed CA certificate for localhost, 127.0.0.1 and ::1, matching its key", () => {
    const now = new Date("2030-06-01T00:00:00Z");
    const made = createSelfSignedCertificate({ now, validDays: 30 });
    const cert = new X509Certificate(made.cert);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(made.key))).toBe(true);
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("::1")).toBe("::1");
    expect(cert.checkHost("example.com")).toBeUndefined();
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(cert.validTo).getTime()).toBe(now.getTime() + 30 * 86400_000);
  });

  it("encodes dates past 2049 as GeneralizedTime", () => {
    const cert = new X509Certificate(createSelfSignedCertificate({ now: new Date("2049-12-01T00:00:00Z"), validDays: 60 }).cert);
    expect(new Date(cert.validTo).getUTCFullYear()).toBe(2050);
  });

  it("is written once (key mode 0600) and reused while valid, made anew when about to expire", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "a0m-cert-"));
    try {
      const first = loadOrCreateCertificate(dir);
      expect(first.created).toBe(true);
      expect(statSync(first.keyPath).mode & 0o777).toBe(0o600);
      const again = loadOrCreateCertificate(dir);
      expect(again.created).toBe(false);
      expect(again.cert).toBe(first.cert);
      const late = loadOrCreateCertificate(dir, new Date(Date.now() + 900 * 86400_000));
      expect(late.created).toBe(true);
      expect(late.cert).not.toBe(first.cert);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
