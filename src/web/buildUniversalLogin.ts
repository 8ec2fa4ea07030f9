import { randomBytes } from "node:crypto";
import type { Auth0Emulator } from "../auth0/emulator/Auth0Emulator";
import { OidcRelyingParty } from "../auth0/oidc/OidcRelyingParty";
import type { Config } from "../config";
import { LoginTransactionCookie } from "./LoginTransactionCookie";
import type { UniversalLoginDeps } from "./routes/universalLoginRoutes";

export interface LoginClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Universal Login for the web app, when there is a login client: the tenant's Regular Web
 * Application (AUTH0_LOGIN_CLIENT_ID), or the sandbox emulator's. Undefined without one.
 */
export function buildUniversalLogin(input: {
  config: Config;
  /** `https://<domain>` or the loopback `http://127.0.0.1:port`. */
  tenantUrl: string;
  client: LoginClientCredentials | undefined;
  fetch: typeof fetch;
  sessionSecret: string;
  clock: () => number;
}): UniversalLoginDeps | undefined {
  const { config, client } = input;
  if (!client) return undefined;
  const redirectUri = `${config.publicUrl}/callback`;
  return {
    login: new OidcRelyingParty({
      tenantUrl: input.tenantUrl,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri,
      fetch: input.fetch,
      timeoutSeconds: Math.max(1, Math.ceil(config.auth0.timeoutMs / 1000)),
    }),
    transactions: new LoginTransactionCookie(input.sessionSecret, config.publicUrl.startsWith("https://"), input.clock),
    mode: config.frontDoor.loginMode,
    redirectUri,
    logoutReturnTo: `${config.publicUrl}/login`,
  };
}

/**
 * The sandbox's login client: a Regular Web Application on its emulator that calls back to
 * PUBLIC_URL/callback and may return to PUBLIC_URL/login, so ADMIN_LOGIN=auth0 and
 * LOGIN_MODE=universal work without a tenant. A fresh secret on every start.
 */
export function registerSandboxLoginClient(emulator: Auth0Emulator, publicUrl: string): LoginClientCredentials {
  const client = emulator.setLoginClient({
    clientId: `sandbox-login-${randomBytes(8).toString("hex")}`,
    clientSecret: randomBytes(32).toString("base64url"),
    callbacks: [`${publicUrl}/callback`],
    allowedLogoutUrls: [`${publicUrl}/login`],
    name: "auth0-migrate sandbox",
  });
  return { clientId: client.clientId, clientSecret: client.clientSecret };
}
