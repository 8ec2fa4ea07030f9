import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createSelfSignedCertificate } from "./selfSignedCertificate";

export interface CertificateFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** False when a still-valid pair from an earlier run was reused. */
  created: boolean;
}

const CERT_FILE = "emulator-tls-cert.pem";
const KEY_FILE = "emulator-tls-key.pem";

/**
 * The emulator's self-signed certificate in `dir`: reused while it is valid for another day, so a
 * `NODE_EXTRA_CA_CERTS` already pointing at it keeps working across restarts; made anew otherwise.
 */
export function loadOrCreateCertificate(dir: string, now = new Date()): CertificateFiles {
  const certPath = path.resolve(dir, CERT_FILE);
  const keyPath = path.resolve(dir, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, "utf8");
    const key = readFileSync(keyPath, "utf8");
    try {
      const validTo = new Date(new X509Certificate(cert).validTo);
      if (validTo.getTime() - now.getTime() > 24 * 60 * 60 * 1000) return { certPath, keyPath, cert, key, created: false };
    } catch {
      // Unreadable: replaced below.
    }
  }
  const made = createSelfSignedCertificate({ now });
  mkdirSync(path.dirname(certPath), { recursive: true });
  writeFileSync(keyPath, made.key, { mode: 0o600 });
  writeFileSync(certPath, made.cert, { mode: 0o644 });
  return { certPath, keyPath, cert: made.cert, key: made.key, created: true };
}
