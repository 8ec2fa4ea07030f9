export interface SmtpTlsPolicy {
  /** smtps://: TLS from the first byte. */
  secure: boolean;
  /** Verify the relay's certificate (system CAs plus NODE_EXTRA_CA_CERTS); off only with ?tls=insecure. */
  verifyCertificate: boolean;
  /** smtp://: refuse to send unless the relay offers STARTTLS (?starttls=required). */
  requireStartTls: boolean;
}

/**
 * The TLS rules an `SMTP_URL` asks for. Certificates are verified unless the operator writes
 * `?tls=insecure` (a lab relay); `smtp://` upgrades with STARTTLS whenever the relay offers it, and
 * `?starttls=required` refuses a relay that does not. Throws with a message that does not name the
 * variable (the caller does) and never repeats the URL, which may carry the relay password.
 */
export function smtpTlsPolicy(smtpUrl: string): SmtpTlsPolicy {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const tls = url.searchParams.get("tls");
  // `strict` was the opt-in before verification became the default; it still means "verify".
  if (tls !== null && tls !== "strict" && tls !== "verify" && tls !== "insecure") {
    throw new Error(`?tls=${tls} is not one of verify (the default), insecure`);
  }
  const starttls = url.searchParams.get("starttls");
  if (starttls !== null && starttls !== "required" && starttls !== "opportunistic") {
    throw new Error(`?starttls=${starttls} is not one of opportunistic (the default), required`);
  }
  if (secure && starttls === "required") throw new Error("?starttls=required is for smtp:// (smtps:// is TLS from the start)");
  return { secure, verifyCertificate: tls !== "insecure", requireStartTls: starttls === "required" };
}
