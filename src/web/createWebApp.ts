import { randomBytes } from "node:crypto";
import { bodyParser } from "@koa/bodyparser";
import Koa from "koa";
import session from "koa-session";
import type { AccessTokenCheck } from "../auth0/AccessTokenVerifier";
import type { LegacyUserStore } from "../legacy/LegacyUserStore";
import type { Logger } from "../logger";
import type { ServiceMetrics } from "../metrics/ServiceMetrics";
import type { Authenticator } from "../migration/Authenticator";
import type { MigrationStore } from "../migration/MigrationStore";
import type { CampaignLauncher } from "../reset/CampaignLauncher";
import type { PasswordResetService } from "../reset/PasswordResetService";
import type { StatusSource } from "../status/MigrationStatusQuery";
import type { StaffPolicy } from "../status/StaffPolicy";
import { anonymousCsrf } from "./AnonymousCsrf";
import type { PasswordFingerprint } from "../gateway/passwordFingerprint";
import type { SessionVerifier } from "../gateway/SessionVerifier";
import { verifyRoute } from "../gateway/verifyRoute";
import { errorHandler } from "./errorHandler";
import { isApiPath } from "./isApiPath";
import { jsonApiGuard } from "./jsonApiGuard";
import { refuseEncodedBodies } from "./refuseEncodedBodies";
import type { KnexSessionStore } from "./KnexSessionStore";
import type { RedirectPolicy } from "./RedirectPolicy";
import { accountRoutes, type AccountRouteDeps } from "./routes/accountRoutes";
import { adminApiRoutes } from "./routes/adminApiRoutes";
import { adminRoutes, type AdminPageDeps, type DashboardQueries } from "./routes/adminRoutes";
import { apiRoutes } from "./routes/apiRoutes";
import { backendRoutes, type BackendRouteDeps } from "./routes/backendRoutes";
import { healthRoutes, type HealthCheck } from "./routes/healthRoutes";
import { metricsRoutes } from "./routes/metricsRoutes";
import { pageRoutes } from "./routes/pageRoutes";
import { resetRoutes } from "./routes/resetRoutes";
import { universalLoginRoutes, type UniversalLoginDeps } from "./routes/universalLoginRoutes";
import { tenantFormAction } from "./tenantFormAction";
import type { ResetRequester } from "../reset/LimitedResetRequests";
import type { AccountEmailService } from "../account/AccountEmailService";
import { accountEmailRoutes } from "./routes/accountEmailRoutes";

export interface WebAppOptions {
  publicUrl: string;
  sessionSecret: string;
  /** Proxies in front of the service; the client address is that many entries from the right of X-Forwarded-For. */
  trustProxyHops: number;
  /** When set, GET /metrics asks for `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  /** Shares the session cookie with sibling subdomains (SESSION_COOKIE_DOMAIN). */
  sessionCookieDomain?: string | undefined;
}

export interface WebAppDeps {
  authenticator: Authenticator;
  users: LegacyUserStore;
  migrations: MigrationStore;
  sessions: KnexSessionStore;
  reset: PasswordResetService;
  /** Reset requests, within their per-address and per-client limits. */
  resetRequests: ResetRequester;
  health: HealthCheck;
  logger: Logger;
  /** Who may use the admin views, and the migration report they show. */
  staff: StaffPolicy;
  status: StatusSource;
  /** Access tokens for `GET /api/admin/status` (ADMIN_API_AUDIENCE); absent: session only. */
  adminApiTokens?: AccessTokenCheck | undefined;
  metrics: ServiceMetrics;
  /** The dashboard's lists and chart, and the campaigns it starts. */
  dashboard: DashboardQueries;
  campaigns: CampaignLauncher;
  /** `/account/email`: an address for users who need one. */
  accountEmail?: AccountEmailService;
  /** The backend API (server-to-server); absent or without keys: its routes answer 404. */
  backendApi?: Pick<BackendRouteDeps, "keys" | "metrics" | "passwords">;
  /** Auth0's Universal Login (with a login client configured): /login/auth0, /callback, LOGIN_MODE. */
  universalLogin?: UniversalLoginDeps;
  /** ADMIN_LOGIN: `auth0` lets only Universal Login sessions into /admin. */
  adminLogin?: "password" | "auth0";
  /** Gateway mode: /auth/verify, the password binding of sessions, and where `next` may go. */
  verifier: SessionVerifier;
  fingerprint: PasswordFingerprint;
  redirects: RedirectPolicy;
  /** /account/password: the password setter and Auth0's policy in words. */
  account: Pick<AccountRouteDeps, "passwords" | "passwordPolicy">;
  /** /admin's per-user "send a reset link", and who sent which. */
  resetLinks: AdminPageDeps["resetLinks"];
}

const SESSION_COOKIE = "auth0_migrate_sid";

// Every body is small: a login, a reset request. Larger bodies are refused with 413.
const BODY_LIMIT = "16kb";

export function createWebApp(options: WebAppOptions, deps: WebAppDeps): Koa {
  // Koa keeps the rightmost `maxIpsCount` entries and takes the first of them as ctx.ip: the
  // address our outermost proxy saw. Entries further left were written by the client.
  const app = new Koa({ proxy: options.trustProxyHops > 0, maxIpsCount: options.trustProxyHops, keys: [options.sessionSecret] });
  const publicOrigin = new URL(options.publicUrl).origin;
  const secure = options.publicUrl.startsWith("https://");

  app.on("error", () => {
    // errorHandler already logged what matters; Koa's default would print stacks to stderr.
  });

  app.use(errorHandler(deps.logger));
  // First after the error handler: every request of the application passes here, so it skips
  // the page headers, the session and the body middleware (it reads the signed cookie itself).
  app.use(verifyRoute({ publicUrl: options.publicUrl, sessionCookie: SESSION_COOKIE }, deps.verifier, deps.redirects));
  app.use(async (ctx, next) => {
    ctx.set("X-Content-Type-Options", "nosniff");
    ctx.set("X-Frame-Options", "DENY");
    ctx.set("Referrer-Policy", "same-origin");
    ctx.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'");
    if (ctx.path !== "/healthz" && ctx.path !== "/metrics") ctx.set("Cache-Control", "no-store");
    await next();
  });
  if (deps.backendApi?.keys.configured) {
    // Ahead of the session and the browser guards: no cookie, and only the Bearer key admits.
    app.use(backendRoutes({ ...deps.backendApi, authenticator: deps.authenticator, users: deps.users, migrations: deps.migrations }).routes());
  }
  if (secure) {
    // PUBLIC_URL says users reach us over https (TLS ends at a proxy): the Secure cookie is
    // right even when a request arrives without X-Forwarded-Proto.
    app.use(async (ctx, next) => {
      (ctx.cookies as unknown as { secure: boolean }).secure = true;
      await next();
    });
  }
  app.use(
    session(
      {
        key: SESSION_COOKIE,
        ...(options.sessionCookieDomain ? { domain: options.sessionCookieDomain } : {}),
        // The browser keeps the cookie for the session's absolute lifetime: a user of the
        // application alone renews the session only through /auth/verify, which sets no cookie.
        // The idle lifetime is the store's (expires_at), extended by every use.
        maxAge: deps.sessions.absoluteMaxAgeMs,
        httpOnly: true,
        sameSite: "lax",
        secure,
        signed: true,
        rolling: false,
        renew: true,
        store: {
          get: (key: string) => deps.sessions.get(key),
          set: (key: string, sess: Record<string, unknown>) => deps.sessions.set(key, sess, deps.sessions.idleMs),
          destroy: (key: string) => {
            deps.verifier.forget(key);
            return deps.sessions.destroy(key);
          },
        },
        genid: () => randomBytes(32).toString("base64url"),
      },
      app,
    ),
  );
  if (deps.universalLogin) {
    const { login, mode } = deps.universalLogin;
    app.use(tenantFormAction(login.tenantUrl, mode === "universal" || deps.adminLogin === "auth0"));
  }
  // Anonymous forms keep their CSRF token in a signed cookie: page views store no session.
  app.use(anonymousCsrf(options.sessionSecret, secure));
  const guard = jsonApiGuard(publicOrigin);
  app.use(async (ctx, next) => (isApiPath(ctx.path) ? guard(ctx, next) : next()));
  app.use(refuseEncodedBodies);
  app.use(
    bodyParser({
      enableTypes: ["json", "form"],
      jsonLimit: BODY_LIMIT,
      formLimit: BODY_LIMIT,
      jsonStrict: true,
    }),
  );

  for (const router of [
    // Ahead of the password pages: LOGIN_MODE=universal takes /login and /api/login over.
    ...(deps.universalLogin ? [universalLoginRoutes({ ...deps, universalLogin: deps.universalLogin })] : []),
    healthRoutes(deps.health),
    metricsRoutes(deps.metrics, options.metricsToken),
    pageRoutes(deps),
    apiRoutes(deps),
    adminApiRoutes(deps),
    adminRoutes(deps),
    resetRoutes(deps.reset, deps.resetRequests, deps.redirects),
    accountRoutes({ ...deps.account, users: deps.users, migrations: deps.migrations, fingerprint: deps.fingerprint, nextTarget: (n) => deps.redirects.target(n) }),
    ...(deps.accountEmail ? [accountEmailRoutes({ accountEmail: deps.accountEmail, users: deps.users })] : []),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
