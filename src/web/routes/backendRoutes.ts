import { isIP } from "node:net";
import { bodyParser } from "@koa/bodyparser";
import type Router from "@koa/router";
import type { Context, Next } from "koa";
import { AppError, BadRequestError, UnsupportedMediaTypeError } from "../../errors";
import type { LegacyUser } from "../../legacy/LegacyUser";
import type { LegacyUserStore } from "../../legacy/LegacyUserStore";
import type { BackendApiMetrics } from "../../metrics/BackendApiMetrics";
import type { Authenticator } from "../../migration/Authenticator";
import type { MigrationStore } from "../../migration/MigrationStore";
import { UserNotFoundError, type PasswordSetRequest } from "../../password/PasswordSetter";
import type { BackendApiKeys } from "../BackendApiKeys";
import { readStringFields } from "../readFields";
import { refuseEncodedBodies } from "../refuseEncodedBodies";
import { migrationJson, userJson } from "./apiRoutes";
import { newRouter } from "./newRouter";

export interface BackendRouteDeps {
  keys: BackendApiKeys;
  metrics: BackendApiMetrics;
  /** The same authenticator as /api/login (throttling, metrics, outage policy), not a copy. */
  authenticator: Authenticator;
  users: LegacyUserStore;
  migrations: MigrationStore;
  passwords: { set(request: PasswordSetRequest): Promise<LegacyUser> };
}

export class InvalidApiKeyError extends AppError {
  constructor() {
    super("invalid_api_key", "A valid backend API key is required (Authorization: Bearer <key>).", 401);
  }
}

/**
 * The end user's address as the application's server reports it: an IP, one spelling per
 * address (IPv6 canonical, IPv4-mapped IPv6 as IPv4), so throttling counts it once.
 */
export function normalizeClientIp(raw: string): string | null {
  const value = raw.trim();
  if (value.length > 64 || value.includes("%")) return null;
  const version = isIP(value);
  if (version === 4) return value;
  if (version !== 6) return null;
  const canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const hi = Number.parseInt(mapped[1] as string, 16);
  const lo = Number.parseInt(mapped[2] as string, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/**
 * The backend API (server-to-server, DESIGN "Backend mode"): mounted ahead of the session and
 * the browser guards, so no answer sets a cookie and no CSRF token or Origin applies; the
 * Bearer key is what admits a call. Mounted only when BACKEND_API_KEYS names a key.
 */
export function backendRoutes(deps: BackendRouteDeps): Router {
  const router = newRouter("/api/backend");

  router.use(async (ctx: Context, next: Next) => {
    if (!deps.keys.accepts(ctx.get("authorization") || undefined)) {
      deps.metrics.refusedKey();
      ctx.set("WWW-Authenticate", 'Bearer realm="auth0-migrate backend API"');
      throw new InvalidApiKeyError();
    }
    if (ctx.method === "POST" && !ctx.is("application/json")) throw new UnsupportedMediaTypeError();
    await next();
  });
  // Mounted ahead of the app-wide refusal of compressed bodies, so it applies it itself.
  router.use(refuseEncodedBodies);
  router.use(bodyParser({ enableTypes: ["json"], jsonLimit: "16kb", jsonStrict: true }));

  router.post("/authenticate", async (ctx) => {
    const { identifier, password, client_ip } = readStringFields(ctx.request.body, ["identifier", "password", "client_ip"]);
    const ip = normalizeClientIp(client_ip);
    if (!ip) throw new BadRequestError('"client_ip" must be the end user\'s IP address.', "invalid_client_ip");
    const { user, migration } = await deps.authenticator.authenticate(identifier, password, { ip });
    ctx.body = { user: userJson(user), migration: migrationJson(migration) };
  });

  router.get("/users/:id", async (ctx) => {
    ctx.body = await describe(deps, await findUser(deps, ctx.params.id ?? ""));
  });

  router.post("/users/:id/password", async (ctx) => {
    const { password } = readStringFields(ctx.request.body, ["password"]);
    const user = await findUser(deps, ctx.params.id ?? "");
    const changed = await deps.passwords.set({ userId: user.id, password, method: "password_change" });
    ctx.body = await describe(deps, changed);
  });

  return router;
}

async function findUser(deps: BackendRouteDeps, id: string): Promise<LegacyUser> {
  const user = id.length > 0 && id.length <= 200 ? await deps.users.findById(id) : null;
  if (!user) throw new UserNotFoundError();
  return user;
}

async function describe(deps: BackendRouteDeps, user: LegacyUser) {
  return {
    user: { ...userJson(user), is_active: user.isActive },
    migration: migrationJson(await deps.migrations.getStatus(user.id)),
  };
}
