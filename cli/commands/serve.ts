import path from "node:path";
import { buildApp } from "../../src/app";
import { DemoApp } from "../../src/sandbox/DemoApp";
import { loadEnvConfig } from "./loadEnvConfig";

/** Starts the service and keeps running until SIGINT/SIGTERM. */
export async function runServe(): Promise<void> {
  const config = loadEnvConfig();
  const app = await buildApp(config);
  const server = await app.listen(config.port, config.host);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  app.logger.info({ host: config.host, port, publicUrl: config.publicUrl, sandbox: app.sandbox, legacyPreset: config.legacy.preset }, "listening");
  let demo: DemoApp | undefined;
  if (app.sandbox) {
    // The sandbox shows gateway mode without a proxy: a tiny application that asks /auth/verify.
    const verifyHost = ["0.0.0.0", "::", ""].includes(config.host) ? "127.0.0.1" : config.host.includes(":") ? `[${config.host}]` : config.host;
    const candidate = new DemoApp({ verifyUrl: `http://${verifyHost}:${port}/auth/verify`, publicUrl: config.publicUrl, port: config.demoAppPort });
    try {
      await candidate.start();
      demo = candidate;
      app.logger.info({ port: new URL(candidate.origin).port }, "sandbox demo application listening");
    } catch (err) {
      app.logger.warn({ port: config.demoAppPort, err: err instanceof Error ? err.message : String(err) }, "sandbox demo application could not start (set DEMO_APP_PORT)");
    }
  }
  if (app.sandbox) {
    // Printed for a person at a terminal, on purpose: these are public demo values.
    const lines = [
      "",
      "==================================================================",
      " SANDBOX MODE: no AUTH0_DOMAIN is set, so this service talks to a",
      ` LOCAL AUTH0 EMULATOR at ${app.emulator?.baseUrl ?? "?"} (not a real tenant).`,
      ` Database: ${config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}/pglite`}`,
      ` Open http://localhost:${port}/login (listening on ${config.host}; HOST changes that)`,
      ` Universal Login: the emulator's login client is wired (LOGIN_MODE=${config.frontDoor.loginMode},`,
      `   ADMIN_LOGIN=${config.frontDoor.adminLogin}); set LOGIN_MODE=universal or ADMIN_LOGIN=auth0 to try it.`,
    ];
    if (demo) {
      lines.push(
        ` Demo application behind /auth/verify: ${demo.origin}/`,
        "   (log in there and it greets you by the X-Auth-Request-User header it received)",
      );
    }
    if (app.demoUsers.length) {
      lines.push(" Demo users (username / password):");
      for (const u of app.demoUsers) lines.push(`   ${u.username.padEnd(6)} / ${u.password.padEnd(16)} ${u.note}`);
      if (!config.smtpUrl) lines.push(` Emails (reset and confirmation links) are .eml files in ${path.resolve(config.dataDir, "outbox")}`);
    }
    lines.push("==================================================================", "");
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      app.logger.info("shutting down");
      Promise.resolve(demo?.stop())
        .then(() => app.close())
        .then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
