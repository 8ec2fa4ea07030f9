import { availableParallelism } from "node:os";
import { loadConfig } from "../../src/config";
import { ConfigError } from "../../src/errors";

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe(".data");
    expect(c.legacy.preset).toBe("default");
    expect(c.auth0.domain).toBeUndefined();
    expect(c.auth0.connection).toBe("Username-Password-Authentication");
    expect(c.auth0.timeoutMs).toBe(3000);
    expect(c.auth0.outagePolicy).toBe("deny");
    expect(c.auth0.emailVerified).toBe(false);
    expect(c.auth0.importIdPrefix).toBe("legacy-");
    expect(c.resetTimeoutSeconds).toBe(259200);
    expect(c.port).toBe(3000);
    expect(c.hashing).toEqual({ workers: availableParallelism(), queueMax: 1000 });
    expect(c.legacy.hashFormat).toBeUndefined();
    expect(c.legacy.rehashOnLogin).toBe(false);
  });

  it("limits reset requests to 3 per address and 20 per client in 15 minutes unless told", () => {
    expect(loadConfig({}).resetRequests).toEqual({ emailMax: 3, ipMax: 20, windowSeconds: 900 });
    expect(loadConfig({ RESET_REQUEST_EMAIL_MAX: "5", RESET_REQUEST_IP_MAX: "50", RESET_REQUEST_WINDOW_SECONDS: "60" }).resetRequests).toEqual({
      emailMax: 5,
      ipMax: 50,
      windowSeconds: 60,
    });
    expect(() => loadConfig({ RESET_REQUEST_EMAIL_MAX: "0" })).toThrow(/^RESET_REQUEST_EMAIL_MAX: /);
  });

  it("reads the hashing pool's size and queue bound; 0 workers means the main thread", () => {
    expect(loadConfig({ HASH_WORKERS: "0", HASH_QUEUE_MAX: "5" }).hashing).toEqual({ workers: 0, queueMax: 5 });
    expect(loadConfig({ HASH_WORKERS: "256" }).hashing.workers).toBe(256);
  });

  it.each(["bcrypt", "pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "django_bcrypt", "scrypt"])(
    "accepts the writable LEGACY_HASH_FORMAT %s",
    (format) => {
      expect(loadConfig({ LEGACY_HASH_FORMAT: format, LEGACY_REHASH_ON_LOGIN: "true" }).legacy).toMatchObject({ hashFormat: format, rehashOnLogin: true });
    },
  );

  it.each([
    [{ AUTH0_TIMEOUT_MS: "soon" }, "AUTH0_TIMEOUT_MS"],
    [{ AUTH0_OUTAGE_POLICY: "open" }, "AUTH0_OUTAGE_POLICY"],
    [{ LEGACY_PRESET: "rails" }, "LEGACY_PRESET"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ PORT: "99999" }, "PORT"],
    [{ AUTH0_EMAIL_VERIFIED: "maybe" }, "AUTH0_EMAIL_VERIFIED"],
    [{ AUTH0_DOMAIN: "https://tenant.auth0.com/" }, "AUTH0_DOMAIN"],
    [{ AUTH0_DOMAIN: "tenant.auth0.com" }, "AUTH0_CLIENT_ID"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
    [{ LEGACY_COLUMNS: "nonsense" }, "LEGACY_COLUMNS"],
    [{ HASH_WORKERS: "257" }, "HASH_WORKERS"],
    [{ HASH_WORKERS: "-1" }, "HASH_WORKERS"],
    [{ HASH_WORKERS: "two" }, "HASH_WORKERS"],
    [{ HASH_QUEUE_MAX: "0" }, "HASH_QUEUE_MAX"],
    [{ LEGACY_HASH_FORMAT: "rot13" }, "LEGACY_HASH_FORMAT"],
    // Read-only formats cannot be written: the legacy app would keep a plain digest.
    [{ LEGACY_HASH_FORMAT: "unsalted_md5" }, "LEGACY_HASH_FORMAT"],
    [{ LEGACY_HASH_FORMAT: "phpass" }, "LEGACY_HASH_FORMAT"],
    [{ LEGACY_HASH_FORMAT: "crypt" }, "LEGACY_HASH_FORMAT"],
    [{ LEGACY_REHASH_ON_LOGIN: "sometimes" }, "LEGACY_REHASH_ON_LOGIN"],
    // Auth0 adds `auth0|` itself: a prefix with `|` would give `auth0|auth0|...`.
    [{ AUTH0_IMPORT_ID_PREFIX: "auth0|" }, "AUTH0_IMPORT_ID_PREFIX"],
  ])("names the variable in the error for %j", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}`));
  });

  it("stops a production start without secrets, naming the missing one", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/^SESSION_SECRET: required when NODE_ENV=production/);
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        SESSION_SECRET: "s".repeat(40),
        AUTH0_DOMAIN: "tenant.eu.auth0.com",
        AUTH0_CLIENT_ID: "id",
        PUBLIC_URL: "https://login.example.com",
      }),
    ).toThrow(/^AUTH0_CLIENT_SECRET/);
  });

  it("reads the column mapping and secure defaults behind https", () => {
    const c = loadConfig({ LEGACY_COLUMNS: "id=user_id, email=mail, last_login=", PUBLIC_URL: "https://login.example.com/" });
    expect(c.legacy.columns).toEqual({ id: "user_id", email: "mail", last_login: "" });
    expect(c.publicUrl).toBe("https://login.example.com");
    // Never inferred from the scheme: a header nobody overwrites would let clients pick their address.
    expect(c.trustProxyHops).toBe(0);
  });

  it("reads TRUST_PROXY as a number of proxy hops; true is one, false none", () => {
    expect(loadConfig({}).trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxyHops).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxyHops).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: "maybe" })).toThrow(/^TRUST_PROXY: /);
    expect(() => loadConfig({ TRUST_PROXY: "11" })).toThrow(/^TRUST_PROXY: /);
  });
});

describe("production defaults (issue 17)", () => {
  const production = {
    NODE_ENV: "production",
    SESSION_SECRET: "s".repeat(40),
    AUTH0_DOMAIN: "tenant.eu.auth0.com",
    AUTH0_CLIENT_ID: "id",
    AUTH0_CLIENT_SECRET: "secret",
    PUBLIC_URL: "https://login.example.com",
    METRICS_TOKEN: "metrics-token-0123456789",
  };

  it("starts with every secret, an https PUBLIC_URL and a METRICS_TOKEN", () => {
    expect(loadConfig(production).metricsToken).toBe("metrics-token-0123456789");
  });

  it("refuses an open /metrics unless METRICS_PUBLIC=true says it is meant", () => {
    const { METRICS_TOKEN: _token, ...open } = production;
    expect(() => loadConfig(open)).toThrow(/^METRICS_TOKEN: required when NODE_ENV=production/);
    expect(loadConfig({ ...open, METRICS_PUBLIC: "true" }).metricsToken).toBeUndefined();
    expect(() => loadConfig({ ...open, METRICS_PUBLIC: "false" })).toThrow(/^METRICS_TOKEN/);
    expect(() => loadConfig({ ...production, METRICS_PUBLIC: "true" })).toThrow(/^METRICS_PUBLIC/);
    // Outside production an open /metrics stays the easy default.
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });

  it("refuses an http:// PUBLIC_URL", () => {
    expect(() => loadConfig({ ...production, PUBLIC_URL: "http://login.example.com" })).toThrow(/^PUBLIC_URL: must be https/);
  });

  it("refuses the sandbox (no AUTH0_DOMAIN) against a DATABASE_URL", () => {
    const { AUTH0_DOMAIN: _d, AUTH0_CLIENT_ID: _i, AUTH0_CLIENT_SECRET: _s, ...sandbox } = production;
    expect(() => loadConfig({ ...sandbox, DATABASE_URL: "postgres://app@db.internal/legacy" })).toThrow(/^AUTH0_DOMAIN: required when NODE_ENV=production; the sandbox/);
  });

  it("binds the sandbox to 127.0.0.1 unless HOST says otherwise; a tenant setup binds every interface", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(loadConfig({ AUTH0_DOMAIN: "tenant.eu.auth0.com", AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "secret" }).host).toBe("0.0.0.0");
  });
});

describe("SESSION_MAX_AGE", () => {
  it("bounds a session's whole life to 12 hours by default, in seconds when set", () => {
    expect(loadConfig({}).sessionMaxAgeSeconds).toBe(43200);
    expect(loadConfig({ SESSION_MAX_AGE: "3600" }).sessionMaxAgeSeconds).toBe(3600);
  });

  it.each(["soon", "59", "-5", "31536001"])("refuses %s, naming the variable", (value) => {
    expect(() => loadConfig({ SESSION_MAX_AGE: value })).toThrow(/^SESSION_MAX_AGE: /);
  });

  describe("gateway mode", () => {
    it("defaults: a 5 s verify cache, host-only cookie, loopback redirects in the sandbox, demo app on PORT+1", () => {
      const c = loadConfig({ PORT: "4100" });
      expect(c.authVerifyCacheSeconds).toBe(5);
      expect(c.sessionCookieDomain).toBeUndefined();
      expect(c.allowedRedirectHosts).toEqual(["localhost", "127.0.0.1"]);
      expect(c.demoAppPort).toBe(4101);
      expect(loadConfig({ AUTH_VERIFY_CACHE_SECONDS: "0", DEMO_APP_PORT: "5000" })).toMatchObject({ authVerifyCacheSeconds: 0, demoAppPort: 5000 });
    });

    it("normalises ALLOWED_REDIRECT_HOSTS and adds no loopback host outside the sandbox", () => {
      const c = loadConfig({
        ALLOWED_REDIRECT_HOSTS: " App.Example.com, admin.example.com:443 ,.Apps.example.org,localhost:8080",
        AUTH0_DOMAIN: "tenant.eu.auth0.com",
        AUTH0_CLIENT_ID: "id",
        AUTH0_CLIENT_SECRET: "secret",
      });
      expect(c.allowedRedirectHosts).toEqual(["app.example.com", "admin.example.com", ".apps.example.org", "localhost:8080"]);
    });

    it("shares the cookie with a parent domain of PUBLIC_URL's host only", () => {
      expect(loadConfig({ PUBLIC_URL: "https://login.example.com", SESSION_COOKIE_DOMAIN: ".Example.com" }).sessionCookieDomain).toBe("example.com");
      expect(() => loadConfig({ PUBLIC_URL: "https://login.example.com", SESSION_COOKIE_DOMAIN: "other.com" })).toThrow(/^SESSION_COOKIE_DOMAIN: must be PUBLIC_URL's host/);
      expect(() => loadConfig({ PUBLIC_URL: "https://login.example.com", SESSION_COOKIE_DOMAIN: "ample.com" })).toThrow(/^SESSION_COOKIE_DOMAIN/);
    });

    it.each([
      [{ AUTH_VERIFY_CACHE_SECONDS: "-1" }, "AUTH_VERIFY_CACHE_SECONDS"],
      [{ AUTH_VERIFY_CACHE_SECONDS: "301" }, "AUTH_VERIFY_CACHE_SECONDS"],
      [{ ALLOWED_REDIRECT_HOSTS: "https://app.example.com" }, "ALLOWED_REDIRECT_HOSTS"],
      [{ ALLOWED_REDIRECT_HOSTS: "app.example.com/path" }, "ALLOWED_REDIRECT_HOSTS"],
      [{ ALLOWED_REDIRECT_HOSTS: "*.example.com" }, "ALLOWED_REDIRECT_HOSTS"],
      [{ ALLOWED_REDIRECT_HOSTS: "user@app.example.com" }, "ALLOWED_REDIRECT_HOSTS"],
      [{ ALLOWED_REDIRECT_HOSTS: ".example.com:443" }, "ALLOWED_REDIRECT_HOSTS"],
      [{ SESSION_COOKIE_DOMAIN: "https://example.com" }, "SESSION_COOKIE_DOMAIN"],
      [{ SESSION_COOKIE_DOMAIN: "com" }, "SESSION_COOKIE_DOMAIN"],
      [{ DEMO_APP_PORT: "70000" }, "DEMO_APP_PORT"],
    ])("names the gateway variable in the error for %j", (env, name) => {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}:`));
    });
  });
});

describe("ADMIN_API_AUDIENCE", () => {
  it("is off unless set; an API identifier when set", () => {
    expect(loadConfig({}).adminApiAudience).toBeUndefined();
    expect(loadConfig({ ADMIN_API_AUDIENCE: "https://migration.example.com/api" }).adminApiAudience).toBe("https://migration.example.com/api");
  });

  it.each(["two words", "caf\u00e9", "x".repeat(601)])("refuses %j, naming the variable", (value) => {
    expect(() => loadConfig({ ADMIN_API_AUDIENCE: value })).toThrow(/^ADMIN_API_AUDIENCE: /);
  });
});
