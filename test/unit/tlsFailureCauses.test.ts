import { createServer, type Server } from "node:https";
import { connect } from "node:tls";
import { tlsFailureOf } from "../../src/auth0/tlsFailureLog";
import { createSelfSignedCertificate, type SelfSignedCertificate } from "../../src/tls/selfSignedCertificate";

// Real handshakes against a local server: the codes Node reports must be recognised as TLS failures.
async function handshakeError(served: SelfSignedCertificate, client: { ca?: string; servername?: string }): Promise<unknown> {
  const server: Server = createServer({ key: served.key, cert: served.cert });
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise((resolve) => {
      const socket = connect({ host: "127.0.0.1", port, ...client }, () => {
        socket.end();
        resolve(undefined);
      });
      socket.on("error", resolve);
    });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

describe("TLS failure causes are recognised with a plain reason", () => {
  const good = createSelfSignedCertificate();

  it("unknown CA", async () => {
    expect(tlsFailureOf(await handshakeError(good, {}))).toEqual({ code: "DEPTH_ZERO_SELF_SIGNED_CERT", reason: "self-signed certificate" });
  });

  it("wrong name", async () => {
    const failure = tlsFailureOf(await handshakeError(good, { ca: good.cert, servername: "tenant.example.com" }));
    expect(failure?.code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(failure?.reason).toMatch(/tenant\.example\.com/);
  });

  it("expired", async () => {
    const expired = createSelfSignedCertificate({ now: new Date(Date.now() - 10 * 86400_000), validDays: 2 });
    expect(tlsFailureOf(await handshakeError(expired, { ca: expired.cert }))).toEqual({ code: "CERT_HAS_EXPIRED", reason: "certificate has expired" });
  });

  it("a trusted, matching certificate is no failure", async () => {
    expect(await handshakeError(good, { ca: good.cert })).toBeUndefined();
  });
});
