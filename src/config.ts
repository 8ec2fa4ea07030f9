import { availableParallelism } from "node:os";
import { z } from "zod";
import { parseAuth0Domain, type Auth0Scheme } from "./auth0/auth0Endpoint";
import { PASSWORD_STRENGTHS, type PasswordStrength } from "./auth0/passwordStrength";
import { ConfigError } from "./errors";
import { smtpTlsPolicy } from "./reset/smtpTlsPolicy";
import { WRITABLE_HASH_FORMATS, type WritableHashFormat } from "./legacy/hashers/writableHashFormats";

export type LegacyPresetName = "default" | "django";
export type OutagePolicy = "deny" | "legacy";

export interface Config {
  nodeEnv: string;
  production: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  legacy: {
    preset: LegacyPresetName;
    table: string | undefined;
    columns: Record<string, string>;
    /** Undefined: the preset's own write format. */
    hashFormat: WritableHashFormat | undefined;
    /** Re-hash a weak legacy hash after an unlinked user's successful legacy login. */
    rehashOnLogin: boolean;
  };
  auth0: {
    /** Undefined: sandbox mode, the in-process emulator. */
    domain: string | undefined;
    /** https unless AUTH0_DOMAIN was written `http://<loopback>`; the sandbox uses its emulator's. */
    scheme: Auth0Scheme;
    clientId: string | undefined;
    clientSecret: string | undefined;
    connection: string;
    requiresUsername: boolean;
    emailVerified: boolean;
    /** Bulk import: Auth0 user_id = this prefix + legacy id (the Auth0 id is `auth0|<prefix><id>`). */
    importIdPrefix: string;
    timeoutMs: number;
    outagePolicy: OutagePolicy;
    /** The fleet's Management API budget (calls per second, burst); 0: unlimited. */
    mgmtRatePerSecond: number;
    mgmtBurst: number;
    /** The connection's password strength shown on /account/password when the tenant does not let us read it. */
    passwordPolicy: PasswordStrength;
  };
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  port: number;
  host: string;
  /** Undefined outside production when unset: the app then keeps a dev secret in DATA_DIR. */
  sessionSecret: string | undefined;
  resetEmailTemplateDir: string | undefined;
  resetTimeoutSeconds: number;
  /** EMAIL_CONFIRM_TIMEOUT_SECONDS: how long the link confirming an added address works. */
  emailConfirmTimeoutSeconds: number;
  logLevel: string;
  /** Proxies in front that append to X-Forwarded-For; 0: the header is ignored. */
  trustProxyHops: number;
  throttle: { accountIpMax: number; ipMax: number; windowSeconds: number };
  /** Password-reset requests per address and per client address within the window. */
  resetRequests: { emailMax: number; ipMax: number; windowSeconds: number };
  /** Usernames or emails given staff access to the admin views, besides the legacy is_staff column. */
  adminUsers: string[];
  /** ADMIN_API_AUDIENCE: the tenant API whose access tokens GET /api/admin/status accepts; unset: sessions only. */
  adminApiAudience: string | undefined;
  /** Hashing threads (0: hash on the main thread) and how many hash jobs may wait for one. */
  hashing: { workers: number; queueMax: number };
  /** Undefined: /metrics is open (protect it at the proxy). */
  metricsToken: string | undefined;
  /** Absolute session lifetime in seconds, however active the session stays (besides the idle one). */
  sessionMaxAgeSeconds: number;
  /** BACKEND_API_KEYS: Bearer keys of the backend API; empty: the routes answer 404. */
  backendApiKeys: string[];
  /** Auth0 as the front door: the Regular Web Application's client, LOGIN_MODE and ADMIN_LOGIN. */
  frontDoor: {
    /** Undefined: no Universal Login with a tenant (the sandbox uses its emulator's login client). */
    clientId: string | undefined;
    clientSecret: string | undefined;
    loginMode: "legacy" | "universal";
    adminLogin: "password" | "auth0";
  };
  /** Gateway mode: how long /auth/verify may trust what it found for a session (0: never). */
  authVerifyCacheSeconds: number;
  /** Hosts an absolute `next` may point at (`host`, `host:port`, `.example.com`). */
  allowedRedirectHosts: string[];
  /** Undefined: the session cookie is host-only. */
  sessionCookieDomain: string | undefined;
  /** The sandbox's demo application (gateway mode without a proxy). */
  demoAppPort: number;
}

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ["true", "false", "1", "0", "yes", "no"].includes(v), "must be true or false")
  .transform((v) => v === "true" || v === "1" || v === "yes");

const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const nonEmpty = z.string().trim().min(1, "must not be empty");

// A number of proxy hops; `true`/`false` stay accepted as 1/0 for older .env files.
const hops = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => (v === "true" || v === "yes" ? "1" : v === "false" || v === "no" ? "0" : v))
  .pipe(intIn(0, 10));

const schema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: nonEmpty
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: nonEmpty.optional(),
  LEGACY_PRESET: z.enum(["default", "django"]).optional(),
  LEGACY_TABLE: nonEmpty.regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "must be a plain (optionally schema-qualified) table name").optional(),
  LEGACY_COLUMNS: nonEmpty.optional(),
  LEGACY_HASH_FORMAT: z
    .string()
    .trim()
    .refine((v): v is WritableHashFormat => (WRITABLE_HASH_FORMATS as readonly string[]).includes(v), {
      message: `must be a format this service can write: ${WRITABLE_HASH_FORMATS.join(", ")}`,
    })
    .transform((v) => v as WritableHashFormat)
    .optional(),
  LEGACY_REHASH_ON_LOGIN: bool.optional(),
  AUTH0_DOMAIN: nonEmpty
    .transform((v, ctx) => {
      try {
        return parseAuth0Domain(v);
      } catch (err) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  AUTH0_CLIENT_ID: nonEmpty.optional(),
  AUTH0_CLIENT_SECRET: nonEmpty.optional(),
  AUTH0_CONNECTION: nonEmpty.optional(),
  AUTH0_REQUIRES_USERNAME: bool.optional(),
  AUTH0_EMAIL_VERIFIED: bool.optional(),
  // Never `auth0|` itself: Auth0 adds the strategy (a `|` would give `auth0|auth0|...`).
  AUTH0_IMPORT_ID_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{0,40}$/, "letters, digits, _ . - only (at most 40)").optional(),
  AUTH0_TIMEOUT_MS: intIn(100, 60000).optional(),
  AUTH0_OUTAGE_POLICY: z.enum(["deny", "legacy"]).optional(),
  AUTH0_MGMT_RATE: intIn(0, 100000).optional(),
  AUTH0_MGMT_BURST: intIn(1, 100000).optional(),
  AUTH0_PASSWORD_POLICY: z.enum(PASSWORD_STRENGTHS).optional(),
  SMTP_URL: nonEmpty
    .refine((v) => /^smtps?:\/\//.test(v), "must be an smtp:// or smtps:// URL")
    .superRefine((v, ctx) => {
      try {
        smtpTlsPolicy(v);
      } catch (err) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
      }
    })
    .optional(),
  MAIL_FROM: nonEmpty.optional(),
  PUBLIC_URL: nonEmpty.url("must be an absolute http(s) URL").refine((v) => /^https?:\/\//.test(v), "must be http(s)").optional(),
  PORT: intIn(0, 65535).optional(),
  HOST: nonEmpty.optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  RESET_TIMEOUT_SECONDS: intIn(60, 31536000).optional(),
  EMAIL_CONFIRM_TIMEOUT_SECONDS: intIn(60, 31536000).optional(),
  RESET_EMAIL_TEMPLATE_DIR: nonEmpty.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  TRUST_PROXY: hops.optional(),
  THROTTLE_ACCOUNT_IP_MAX: intIn(1, 1000000).optional(),
  THROTTLE_IP_MAX: intIn(1, 1000000).optional(),
  THROTTLE_WINDOW_SECONDS: intIn(1, 86400).optional(),
  RESET_REQUEST_EMAIL_MAX: intIn(1, 1000000).optional(),
  RESET_REQUEST_IP_MAX: intIn(1, 1000000).optional(),
  RESET_REQUEST_WINDOW_SECONDS: intIn(1, 86400).optional(),
  ADMIN_USERS: z
    .string()
    .transform((v) => v.split(",").map((a) => a.trim()).filter((a) => a !== ""))
    .refine((list) => list.length > 0, "must name at least one username or email")
    .refine((list) => list.every((a) => a.length <= 254 && !/\s/.test(a)), "each entry must be a username or email without spaces")
    .optional(),
  ADMIN_API_AUDIENCE: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(600, "must be at most 600 characters")
    .regex(/^[\x21-\x7e]+$/, "must be an API identifier (printable ASCII without spaces), e.g. https://migration.example.com/api")
    .optional(),
  HASH_WORKERS: intIn(0, 256).optional(),
  HASH_QUEUE_MAX: intIn(1, 1000000).optional(),
  METRICS_PUBLIC: bool.optional(),
  SESSION_MAX_AGE: intIn(60, 31536000).optional(),
  BACKEND_API_KEYS: z
    .string()
    .transform((v) => v.split(",").map((k) => k.trim()).filter((k) => k !== ""))
    .refine((list) => list.length > 0, "must name at least one key")
    .refine((list) => list.every((k) => k.length >= 32), "each key must be at least 32 characters")
    .refine((list) => list.every((k) => /^[\x21-\x7e]+$/.test(k) && k.length <= 512), "each key must be printable ASCII without spaces or commas, at most 512 characters")
    .optional(),
  AUTH0_LOGIN_CLIENT_ID: nonEmpty.optional(),
  AUTH0_LOGIN_CLIENT_SECRET: nonEmpty.optional(),
  LOGIN_MODE: z.enum(["legacy", "universal"]).optional(),
  ADMIN_LOGIN: z.enum(["password", "auth0"]).optional(),
  AUTH_VERIFY_CACHE_SECONDS: intIn(0, 300).optional(),
  ALLOWED_REDIRECT_HOSTS: z
    .string()
    .transform((v) => v.split(",").map((h) => h.trim()).filter((h) => h !== ""))
    .refine((list) => list.every((h) => normaliseRedirectHost(h) !== undefined), "each entry must be a host name, host:port or .domain (no scheme, path or wildcard)")
    .transform((list) => list.map((h) => normaliseRedirectHost(h) as string))
    .optional(),
  SESSION_COOKIE_DOMAIN: nonEmpty
    .regex(/^\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/, "must be a domain name such as example.com")
    .transform((v) => v.replace(/^\./, "").toLowerCase())
    .optional(),
  DEMO_APP_PORT: intIn(0, 65535).optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces").optional(),
});

/** `App.Example.com:443` -> `app.example.com`; undefined when the entry is not a host. */
function normaliseRedirectHost(entry: string): string | undefined {
  const suffix = entry.startsWith(".");
  const host = suffix ? entry.slice(1) : entry;
  // A `.domain` entry means every port of its subdomains: it names no port itself.
  if (!/^[A-Za-z0-9.[\]:-]+$/.test(host) || host.startsWith(".") || (suffix && host.includes(":"))) return undefined;
  try {
    const url = new URL(`https://${host}`);
    if (url.pathname !== "/" || url.username) return undefined;
    return suffix ? `.${url.hostname}` : url.host;
  } catch {
    return undefined;
  }
}

/** `a=b,c=d` -> { a: "b", c: "d" }; an empty right side disables an optional column. */
export function parseColumnMapping(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  const out: Record<string, string> = {};
  for (const part of raw.split(",")) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) throw new ConfigError(`LEGACY_COLUMNS: "${trimmed}" is not of the form field=column`);
    const key = trimmed.slice(0, eq).trim();
    const column = trimmed.slice(eq + 1).trim();
    if (column && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) {
      throw new ConfigError(`LEGACY_COLUMNS: "${column}" is not a plain column name`);
    }
    out[key] = column;
  }
  return out;
}

/**
 * Reads and validates the environment once. Every message names the variable.
 * Empty strings count as unset, as in most .env files.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") cleaned[key] = value;
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "configuration");
    throw new ConfigError(`${name}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";

  if (e.AUTH0_DOMAIN && !e.AUTH0_CLIENT_ID) throw new ConfigError("AUTH0_CLIENT_ID: required when AUTH0_DOMAIN is set");
  if (e.AUTH0_DOMAIN && !e.AUTH0_CLIENT_SECRET) {
    throw new ConfigError("AUTH0_CLIENT_SECRET: required when AUTH0_DOMAIN is set");
  }
  checkFrontDoor(e);
  if (production) {
    if (!e.AUTH0_DOMAIN && e.DATABASE_URL) {
      // The sandbox's emulator would keep the real users' passwords in its state file.
      throw new ConfigError("AUTH0_DOMAIN: required when NODE_ENV=production; the sandbox (no AUTH0_DOMAIN) must not run against a real DATABASE_URL");
    }
    for (const name of ["SESSION_SECRET", "AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "PUBLIC_URL"] as const) {
      if (!e[name]) throw new ConfigError(`${name}: required when NODE_ENV=production`);
    }
    if (!e.PUBLIC_URL?.startsWith("https://")) {
      throw new ConfigError("PUBLIC_URL: must be https:// when NODE_ENV=production (session cookies and reset links would travel in clear)");
    }
    if (!e.METRICS_TOKEN && e.METRICS_PUBLIC !== true) {
      throw new ConfigError("METRICS_TOKEN: required when NODE_ENV=production (or set METRICS_PUBLIC=true if your proxy keeps /metrics private)");
    }
  }
  if (e.METRICS_TOKEN && e.METRICS_PUBLIC === true) {
    throw new ConfigError("METRICS_PUBLIC: contradicts METRICS_TOKEN; set only one of them");
  }

  const port = e.PORT ?? 3000;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  const publicHost = new URL(publicUrl).hostname.toLowerCase();
  const cookieDomain = e.SESSION_COOKIE_DOMAIN;
  if (cookieDomain && publicHost !== cookieDomain && !publicHost.endsWith(`.${cookieDomain}`)) {
    throw new ConfigError(`SESSION_COOKIE_DOMAIN: must be PUBLIC_URL's host (${publicHost}) or a parent domain of it`);
  }
  // The sandbox's demo application runs on another port of this machine: loopback hosts are
  // allowed there (any port), so its login round trip works without configuration.
  const sandboxHosts = e.AUTH0_DOMAIN || production ? [] : ["localhost", "127.0.0.1"];
  return {
    nodeEnv: e.NODE_ENV ?? "development",
    production,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR ?? ".data",
    legacy: {
      preset: e.LEGACY_PRESET ?? "default",
      table: e.LEGACY_TABLE,
      columns: parseColumnMapping(e.LEGACY_COLUMNS),
      hashFormat: e.LEGACY_HASH_FORMAT,
      rehashOnLogin: e.LEGACY_REHASH_ON_LOGIN ?? false,
    },
    auth0: {
      domain: e.AUTH0_DOMAIN?.host,
      scheme: e.AUTH0_DOMAIN?.scheme ?? "https",
      clientId: e.AUTH0_CLIENT_ID,
      clientSecret: e.AUTH0_CLIENT_SECRET,
      connection: e.AUTH0_CONNECTION ?? "Username-Password-Authentication",
      requiresUsername: e.AUTH0_REQUIRES_USERNAME ?? false,
      emailVerified: e.AUTH0_EMAIL_VERIFIED ?? false,
      importIdPrefix: e.AUTH0_IMPORT_ID_PREFIX ?? "legacy-",
      timeoutMs: e.AUTH0_TIMEOUT_MS ?? 3000,
      outagePolicy: e.AUTH0_OUTAGE_POLICY ?? "deny",
      mgmtRatePerSecond: e.AUTH0_MGMT_RATE ?? 10,
      mgmtBurst: e.AUTH0_MGMT_BURST ?? 20,
      passwordPolicy: e.AUTH0_PASSWORD_POLICY ?? "good",
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? "auth0-migrate <no-reply@localhost>",
    publicUrl,
    port,
    // The sandbox is a demo on one machine: reachable from elsewhere only when HOST says so.
    host: e.HOST ?? (e.AUTH0_DOMAIN ? "0.0.0.0" : "127.0.0.1"),
    sessionSecret: e.SESSION_SECRET,
    resetEmailTemplateDir: e.RESET_EMAIL_TEMPLATE_DIR,
    resetTimeoutSeconds: e.RESET_TIMEOUT_SECONDS ?? 259200,
    emailConfirmTimeoutSeconds: e.EMAIL_CONFIRM_TIMEOUT_SECONDS ?? 86400,
    logLevel: e.LOG_LEVEL ?? "info",
    // Never inferred from PUBLIC_URL: trusting a header nobody overwrites lets clients pick their address.
    trustProxyHops: e.TRUST_PROXY ?? 0,
    throttle: {
      accountIpMax: e.THROTTLE_ACCOUNT_IP_MAX ?? 10,
      ipMax: e.THROTTLE_IP_MAX ?? 100,
      windowSeconds: e.THROTTLE_WINDOW_SECONDS ?? 900,
    },
    resetRequests: {
      emailMax: e.RESET_REQUEST_EMAIL_MAX ?? 3,
      ipMax: e.RESET_REQUEST_IP_MAX ?? 20,
      windowSeconds: e.RESET_REQUEST_WINDOW_SECONDS ?? 900,
    },
    adminUsers: e.ADMIN_USERS ?? [],
    adminApiAudience: e.ADMIN_API_AUDIENCE,
    hashing: {
      workers: e.HASH_WORKERS ?? availableParallelism(),
      queueMax: e.HASH_QUEUE_MAX ?? 1000,
    },
    metricsToken: e.METRICS_TOKEN,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE ?? 12 * 3600,
    backendApiKeys: e.BACKEND_API_KEYS ?? [],
    frontDoor: {
      clientId: e.AUTH0_LOGIN_CLIENT_ID,
      clientSecret: e.AUTH0_LOGIN_CLIENT_SECRET,
      loginMode: e.LOGIN_MODE ?? "legacy",
      adminLogin: e.ADMIN_LOGIN ?? "password",
    },
    authVerifyCacheSeconds: e.AUTH_VERIFY_CACHE_SECONDS ?? 5,
    allowedRedirectHosts: [...new Set([...(e.ALLOWED_REDIRECT_HOSTS ?? []), ...sandboxHosts])],
    sessionCookieDomain: cookieDomain,
    demoAppPort: e.DEMO_APP_PORT ?? (port === 0 ? 0 : Math.min(port + 1, 65535)),
  };
}

/**
 * The login client comes as a pair, and only with a tenant (the sandbox has its emulator's);
 * either switch needs it when a tenant is configured.
 */
function checkFrontDoor(e: z.infer<typeof schema>): void {
  if (e.AUTH0_LOGIN_CLIENT_ID && !e.AUTH0_LOGIN_CLIENT_SECRET) throw new ConfigError("AUTH0_LOGIN_CLIENT_SECRET: required when AUTH0_LOGIN_CLIENT_ID is set");
  if (e.AUTH0_LOGIN_CLIENT_SECRET && !e.AUTH0_LOGIN_CLIENT_ID) throw new ConfigError("AUTH0_LOGIN_CLIENT_ID: required when AUTH0_LOGIN_CLIENT_SECRET is set");
  if (!e.AUTH0_DOMAIN) {
    if (e.AUTH0_LOGIN_CLIENT_ID) {
      throw new ConfigError("AUTH0_LOGIN_CLIENT_ID: needs AUTH0_DOMAIN (without it the sandbox uses its emulator's login client)");
    }
    return;
  }
  if (e.AUTH0_LOGIN_CLIENT_ID && e.AUTH0_LOGIN_CLIENT_ID === e.AUTH0_CLIENT_ID) {
    throw new ConfigError("AUTH0_LOGIN_CLIENT_ID: must be the Regular Web Application, not the machine-to-machine AUTH0_CLIENT_ID");
  }
  for (const [name, on] of [
    ["LOGIN_MODE=universal", e.LOGIN_MODE === "universal"],
    ["ADMIN_LOGIN=auth0", e.ADMIN_LOGIN === "auth0"],
  ] as const) {
    if (on && !e.AUTH0_LOGIN_CLIENT_ID) throw new ConfigError(`AUTH0_LOGIN_CLIENT_ID: required when ${name} (with AUTH0_LOGIN_CLIENT_SECRET)`);
  }
}
