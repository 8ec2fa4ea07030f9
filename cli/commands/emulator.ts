import { Auth0Emulator } from "../../src/auth0/emulator/Auth0Emulator";
import type { PasswordPolicy } from "../../src/auth0/emulator/passwordPolicy";
import { loadOrCreateCertificate } from "../../src/tls/certificateFiles";

export interface EmulatorCommandOptions {
  port: string;
  clientId: string;
  clientSecret: string;
  connection: string;
  requiresUsername: boolean;
  passwordPolicy: PasswordPolicy;
  stateFile?: string;
  tls: boolean;
  dataDir: string;
}

export async function runEmulator(options: EmulatorCommandOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${options.port}`);
  const certificate = options.tls ? loadOrCreateCertificate(options.dataDir) : undefined;
  const emulator = new Auth0Emulator({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    port,
    connections: [{ name: options.connection, requiresUsername: options.requiresUsername, passwordPolicy: options.passwordPolicy }],
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
    ...(certificate ? { tls: { key: certificate.key, cert: certificate.cert } } : {}),
  });
  const { domain } = await emulator.start();
  const lines = certificate
    ? [
        `Auth0 emulator listening on https://${domain} (HTTPS, self-signed certificate, loopback only)`,
        `Certificate ${certificate.created ? "written to" : "reused from"} ${certificate.certPath}`,
        "Start the service trusting it (Node reads this at start only):",
        `NODE_EXTRA_CA_CERTS=${certificate.certPath}`,
        `Point the service at it with AUTH0_DOMAIN=${domain} AUTH0_CLIENT_ID=<--client-id> AUTH0_CLIENT_SECRET=<--client-secret>`,
      ]
    : [
        `Auth0 emulator listening on http://${domain} (plain HTTP, loopback only)`,
        `Point the service at it with AUTH0_DOMAIN=http://${domain} AUTH0_CLIENT_ID=<--client-id> AUTH0_CLIENT_SECRET=<--client-secret>`,
      ];
  process.stdout.write([...lines, `AUTH0_CONNECTION=${options.connection}`, ""].join("\n"));
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      emulator.stop().then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
