import { loadConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";
import { tlsFailureOf, withTlsFailureLog } from "../../src/auth0/tlsFailureLog";

const creds = { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "secret" };

describe("AUTH0_DOMAIN: HTTPS whatever the host, plain HTTP only when written for loopback", () => {
  it.each([
    ["tenant.eu.auth0.com", "tenant.eu.auth0.com", "https"],
    // A loopback host alone is not downgraded (a TLS-terminating proxy, a tunnel, a tenant double).
    ["127.0.0.1:8443", "127.0.0.1:8443", "https"],
    ["localhost:4001", "localhost:4001", "https"],
    ["https://tenant.eu.auth0.com", "tenant.eu.auth0.com", "https"],
    ["http://127.0.0.1:4001", "127.0.0.1:4001", "http"],
    ["HTTP://localhost:4001", "localhost:4001", "http"],
    ["http://[::1]:4001", "[::1]:4001", "http"],
  ])("%s -> %s over %s", (raw, host, scheme) => {
    const c = loadConfig({ AUTH0_DOMAIN: raw, ...creds });
    expect(c.auth0.domain).toBe(host);
    expect(c.auth0.scheme).toBe(scheme);
  });

  it.each(["http://tenant.eu.auth0.com", "http://10.0.0.5:4001", "http://127.0.0.1.nip.io", "ftp://127.0.0.1", "https://tenant.auth0.com/api", "tenant.auth0.com/", "user@tenant.auth0.com"])(
    "refuses %s, naming AUTH0_DOMAIN",
    (raw) => {
      expect(() => loadConfig({ AUTH0_DOMAIN: raw, ...creds })).toThrow(ConfigError);
      expect(() => loadConfig({ AUTH0_DOMAIN: raw, ...creds })).toThrow(/^AUTH0_DOMAIN: /);
    },
  );

  it("says why an http:// tenant is refused", () => {
    expect(() => loadConfig({ AUTH0_DOMAIN: "http://tenant.eu.auth0.com", ...creds })).toThrow(/only for a loopback host/);
  });
});

describe("TLS failures of Auth0 calls", () => {
  function tlsError(code: string, message: string): TypeError {
    return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
  }

  it("finds the TLS cause behind undici's 'fetch failed', and nothing behind a refused connection", () => {
    expect(tlsFailureOf(tlsError("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"))).toEqual({
      code: "SELF_SIGNED_CERT_IN_CHAIN",
      reason: "self-signed certificate in certificate chain",
    });
    expect(tlsFailureOf(tlsError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"))).toBeUndefined();
  });

  it("logs each distinct cause once and rethrows the original error", async () => {
    const warnings: Array<[unknown, string]> = [];
    const logger = { warn: (obj: unknown, msg: string) => void warnings.push([obj, msg]) } as never;
    const failures = [
      tlsError("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"),
      tlsError("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"),
      tlsError("CERT_HAS_EXPIRED", "certificate has expired"),
      tlsError("ECONNREFUSED", "connect ECONNREFUSED"),
    ];
    let i = 0;
    const wrapped = withTlsFailureLog((() => Promise.reject(failures[i++])) as typeof fetch, logger);
    for (const failure of failures) await expect(wrapped("https://t.example/")).rejects.toBe(failure);
    expect(warnings.map(([, msg]) => msg)).toEqual([
      "auth0 tls: self-signed certificate in certificate chain",
      "auth0 tls: certificate has expired",
    ]);
  });
});
