import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import type { Knex } from "knex";
import type Koa from "koa";
import type { Auth0Gateway } from "./auth0/Auth0Gateway";
import type { Clock } from "./auth0/Deadline";
import { Auth0Emulator } from "./auth0/emulator/Auth0Emulator";
import type { Auth0Scheme } from "./auth0/auth0Endpoint";
import { auth0Fetch as auth0FetchFor } from "./auth0/auth0Fetch";
import { RateBudget } from "./auth0/RateBudget";
import { ImportRepair } from "./bulkImport/ImportRepair";
import type { Config } from "./config";
import { createDb } from "./db/createDb";
import { ConfigError } from "./errors";
import { migrateLatest } from "./db/migrateLatest";
import { createHasherRegistry, type HasherCosts } from "./legacy/hashers/createHasherRegistry";
import { HashWorkerPool } from "./legacy/hashers/HashWorkerPool";
import { OffThreadHasherRegistry } from "./legacy/hashers/OffThreadHasherRegistry";
import type { PasswordHashing } from "./legacy/hashers/PasswordHashing";
import type { LegacySchema } from "./legacy/legacyPresets";
import { legacySchemaOf } from "./legacy/legacySchemaOf";
import { LegacyUserStore } from "./legacy/LegacyUserStore";
import { DEMO_AUTH0_ACCOUNTS, DEMO_USERS, seedSandboxUsers, type DemoUser } from "./legacy/seedSandboxUsers";
import { seedSandboxAuth0 } from "./sandbox/seedSandboxAuth0";
import { createLogger, type Logger } from "./logger";
import { BulkImportGauges } from "./metrics/BulkImportGauges";
import { MeteredAuth0Gateway } from "./metrics/MeteredAuth0Gateway";
import { MeteredAuthenticator } from "./metrics/MeteredAuthenticator";
import { MeteredMailer } from "./metrics/MeteredMailer";
import { ServiceMetrics } from "./metrics/ServiceMetrics";
import { Auth0Probe } from "./auth0/Auth0Probe";
import { AccessTokenVerifier } from "./auth0/AccessTokenVerifier";
import { STATUS_SCOPE } from "./web/routes/adminApiRoutes";
import { Auth0Migrator } from "./migration/Auth0Migrator";
import { MigrateToAuth0Backend } from "./migration/MigrateToAuth0Backend";
import { MigrationStore } from "./migration/MigrationStore";
import { persistentDevSecret } from "./devSecret";
import { AccountEmailService } from "./account/AccountEmailService";
import { EmailConfirmMessage } from "./account/EmailConfirmMessage";
import { EmailConfirmTokens } from "./account/EmailConfirmTokens";
import { CampaignStore } from "./reset/CampaignStore";
import type { Mailer } from "./reset/Mailer";
import { FileMailer, SmtpMailer } from "./reset/NodemailerMailer";
import { PasswordClaims } from "./password/PasswordClaims";
import { PasswordSetter } from "./password/PasswordSetter";
import { StaffResetLinks } from "./reset/StaffResetLinks";
import { ConnectionPasswordPolicy } from "./password/PasswordPolicySource";
import { LimitedResetRequests } from "./reset/LimitedResetRequests";
import { PasswordResetService } from "./reset/PasswordResetService";
import { ResetRequestLimiter } from "./reset/ResetRequestLimiter";
import { ResetCampaignRunner, type ResetMetrics } from "./reset/ResetCampaignRunner";
import { loadResetEmailTemplate } from "./reset/resetEmailTemplate";
import { ResetMessageComposer } from "./reset/ResetMessageComposer";
import { ResetTokens } from "./reset/ResetTokens";
import { RunnerCampaignLauncher } from "./reset/RunnerCampaignLauncher";
import { BulkImportHistoryQuery } from "./status/BulkImportHistoryQuery";
import { CampaignHistoryQuery } from "./status/CampaignHistoryQuery";
import { MigrationsPerDayQuery } from "./status/MigrationsPerDayQuery";
import { MigrationStatusQuery } from "./status/MigrationStatusQuery";
import { StaffPolicy } from "./status/StaffPolicy";
import { StuckUsersQuery } from "./status/StuckUsersQuery";
import { LoginThrottle } from "./throttle/LoginThrottle";
import { ThrottleAccountKeys } from "./throttle/ThrottleAccountKeys";
import { ThrottledAuthenticator } from "./throttle/ThrottledAuthenticator";
import { BackendApiKeys } from "./web/BackendApiKeys";
import { BackendApiMetrics } from "./metrics/BackendApiMetrics";
import { buildUniversalLogin, registerSandboxLoginClient, type LoginClientCredentials } from "./web/buildUniversalLogin";
import { passwordFingerprinter } from "./gateway/passwordFingerprint";
import { PasswordSuccessions } from "./gateway/PasswordSuccessions";
import { SessionVerifier, type CachedVerdict } from "./gateway/SessionVerifier";
import { VerifyCache } from "./gateway/VerifyCache";
import { createWebApp } from "./web/createWebApp";
import { RedirectPolicy } from "./web/RedirectPolicy";
import { KnexSessionStore } from "./web/KnexSessionStore";

/** What tests and tools may hand in instead of what config would build. */
export interface AppOverrides {
  db?: Knex;
  logger?: Logger;
  clock?: Clock;
  /** An emulator the caller runs; the app then neither starts nor stops one. */
  emulator?: Auth0Emulator;
  hasherCosts?: HasherCosts;
  /** Hashing the caller built (tests count the hashes a login runs); replaces HASH_WORKERS' pool. */
  hashing?: PasswordHashing;
  /** Seed the sandbox's demo users (default: in sandbox mode with the default preset). */
  seedDemoUsers?: boolean;
  mailer?: Mailer;
  resetMetrics?: ResetMetrics;
  /** Bulk sender tuning (tests shorten the claim lease and the SMTP retry waits). */
  campaignRunner?: Partial<{ claimLeaseMs: number; retryDelaysMs: number[]; pageSize: number }>;
}

/** What every entry point needs: the database, the legacy users, mail and campaigns. */
export interface Core {
  config: Config;
  db: Knex;
  logger: Logger;
  clock: Clock;
  schema: LegacySchema;
  hashers: PasswordHashing;
  users: LegacyUserStore;
  migrations: MigrationStore;
  tokens: ResetTokens;
  mailer: Mailer;
  composer: ResetMessageComposer;
  campaignStore: CampaignStore;
  campaignRunner: ResetCampaignRunner;
  /** Where the migration stands (migrate-status, the admin views). */
  status: MigrationStatusQuery;
  metrics: ServiceMetrics;
  sessionSecret: string;
  close(): Promise<void>;
}

export interface App extends Core {
  web: Koa;
  gateway: Auth0Gateway;
  backend: MigrateToAuth0Backend;
  reset: PasswordResetService;
  campaigns: RunnerCampaignLauncher;
  /** The emulator in use, when there is no real tenant. */
  emulator: Auth0Emulator | undefined;
  sandbox: boolean;
  /** The sandbox's demo users, when this start seeded them or found them seeded. */
  demoUsers: readonly DemoUser[];
  listen(port: number, host: string): Promise<Server>;
}

/**
 * The parts every command shares, built from config. Applies the service's migrations.
 * Nothing else creates long-lived objects.
 */
export async function buildCore(config: Config, overrides: AppOverrides = {}): Promise<Core> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? Date.now;
  const closers: Array<() => Promise<void>> = [];
  const db = overrides.db ?? createDb({ url: config.databaseUrl, pgliteDir: config.dataDir });
  if (!overrides.db) closers.push(() => db.destroy());
  try {
    await migrateLatest(db);
    const schema = legacySchemaOf(config);
    const hashers = overrides.hashing ?? buildPasswordHashing(config, schema.hashFormat, overrides.hasherCosts ?? {}, logger);
    closers.push(() => hashers.close());
    const users = new LegacyUserStore(db, schema);
    const migrations = new MigrationStore(db);
    const sessionSecret = config.sessionSecret ?? persistentDevSecret(config.dataDir);
    const tokens = new ResetTokens(sessionSecret, config.resetTimeoutSeconds, clock);
    const metrics = new ServiceMetrics();
    const transport =
      overrides.mailer ??
      (config.smtpUrl
        ? new SmtpMailer(config.smtpUrl, config.mailFrom, { logger })
        : new FileMailer(path.resolve(config.dataDir, "outbox"), config.mailFrom));
    if (!overrides.mailer) closers.push(() => transport.close());
    const mailer = new MeteredMailer(transport, metrics);
    const composer = new ResetMessageComposer(
      tokens,
      config.publicUrl,
      loadResetEmailTemplate(config.resetEmailTemplateDir),
      config.resetTimeoutSeconds,
    );
    const campaignStore = new CampaignStore(db, schema);
    const campaignRunner = new ResetCampaignRunner(
      campaignStore,
      users,
      migrations,
      mailer,
      composer,
      { claimLeaseMs: 120_000, retryDelaysMs: [1000, 5000], pageSize: 1000, ...overrides.campaignRunner },
      logger,
      overrides.resetMetrics,
    );
    const status = new MigrationStatusQuery(db, schema);
    return {
      config,
      db,
      logger,
      clock,
      schema,
      hashers,
      users,
      migrations,
      tokens,
      mailer,
      composer,
      campaignStore,
      campaignRunner,
      status,
      metrics,
      sessionSecret,
      close: () => runClosers(closers),
    };
  } catch (err) {
    await runClosers(closers);
    throw err;
  }
}

/** The whole service: the core, Auth0 (a tenant, or the sandbox's emulator), and the web app. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const core = await buildCore(config, overrides);
  const { db, logger, clock, schema, hashers, users, migrations } = core;
  const closers: Array<() => Promise<void>> = [];

  try {
    const sandbox = !config.auth0.domain;
    let emulator = overrides.emulator;
    let domain: string;
    let scheme: Auth0Scheme;
    let clientId: string;
    let clientSecret: string;
    let loginClient: LoginClientCredentials | undefined;
    if (sandbox) {
      if (!emulator) {
        emulator = new Auth0Emulator({
          clientId: `sandbox-${randomBytes(8).toString("hex")}`,
          clientSecret: randomBytes(32).toString("base64url"),
          connections: [{ name: config.auth0.connection, requiresUsername: config.auth0.requiresUsername, passwordPolicy: "good" }],
          // The sandbox's tenant knows the admin API, so a newcomer can ask its emulator for a token.
          ...(config.adminApiAudience ? { apis: [{ audience: config.adminApiAudience, scopes: [STATUS_SCOPE] }] } : {}),
          // Links in the database outlive a restart; so must the users they name.
          stateFile: path.resolve(config.dataDir, "emulator-state.json"),
        });
        const started = emulator;
        await started.start();
        closers.push(() => started.stop());
      }
      domain = emulator.domain;
      // The in-process emulator says which scheme it serves; that is the sandbox's explicit choice.
      scheme = emulator.baseUrl.startsWith("https://") ? "https" : "http";
      clientId = emulator.clientId;
      clientSecret = emulator.clientSecret;
      loginClient = registerSandboxLoginClient(emulator, config.publicUrl);
    } else {
      domain = config.auth0.domain as string;
      scheme = config.auth0.scheme;
      clientId = config.auth0.clientId as string;
      clientSecret = config.auth0.clientSecret as string;
      const { clientId: loginId, clientSecret: loginSecret } = config.frontDoor;
      if (loginId && loginSecret) loginClient = { clientId: loginId, clientSecret: loginSecret };
    }

    const seedDemo = overrides.seedDemoUsers ?? (sandbox && config.legacy.preset === "default" && !config.legacy.table);
    let demoUsers: readonly DemoUser[] = [];
    if (seedDemo) {
      // The Auth0 side of the demo (ivan's conflict) is seeded with the legacy table, not after it.
      if ((await seedSandboxUsers(db, schema.table)) && emulator) seedSandboxAuth0(emulator, DEMO_AUTH0_ACCOUNTS);
      demoUsers = DEMO_USERS;
    }

    const budget =
      config.auth0.mgmtRatePerSecond > 0
        ? new RateBudget(db, "management", { perSecond: config.auth0.mgmtRatePerSecond, burst: config.auth0.mgmtBurst })
        : undefined;
    if (budget) closers.push(() => budget.settle());
    // Loaded here, not at the top: the SDK takes ~150 ms to load, and commands that only read the
    // database (migrate-status, send-reset-emails) never call Auth0.
    const { SdkAuth0Gateway } = require("./auth0/SdkAuth0Gateway") as typeof import("./auth0/SdkAuth0Gateway");
    // One fetch for every Auth0 call: HTTPS (system CAs plus NODE_EXTRA_CA_CERTS) unless http:// was
    // written for a loopback host; TLS failures reach the log once per cause.
    const auth0Fetch = auth0FetchFor(scheme, logger);
    const sdkGateway = new SdkAuth0Gateway({
      domain,
      clientId,
      clientSecret,
      connection: config.auth0.connection,
      fetch: auth0Fetch,
      ...(budget ? { budget } : {}),
    });
    const gateway = new MeteredAuth0Gateway(sdkGateway, core.metrics);
    core.metrics.collectProcessMetrics();
    new BulkImportGauges(db, logger).register(core.metrics.registry);
    const adminApiTokens = config.adminApiAudience
      ? new AccessTokenVerifier({ domain, scheme, audience: config.adminApiAudience, fetch: auth0Fetch, clock })
      : undefined;
    const auth0Probe = new Auth0Probe({
      baseUrl: `https://${domain}`,
      fetch: auth0Fetch,
    });
    const migrator = new Auth0Migrator(
      gateway,
      migrations,
      users,
      {
        requiresUsername: config.auth0.requiresUsername,
        emailVerified: config.auth0.emailVerified,
        claimLeaseMs: config.auth0.timeoutMs + 2000,
      },
      logger,
      { migrationFinished: (m) => core.metrics.migration(m.state, m.method) },
    );
    const fingerprint = passwordFingerprinter(core.sessionSecret);
    const successions = new PasswordSuccessions(db);
    const backend = new MigrateToAuth0Backend(
      users,
      hashers,
      gateway,
      migrations,
      migrator,
      {
        timeoutMs: config.auth0.timeoutMs,
        outagePolicy: config.auth0.outagePolicy,
        rehashOnLogin: config.legacy.rehashOnLogin,
        clock,
        beforeHashRewrite: (userId, previous, next) => successions.record(userId, fingerprint(previous), fingerprint(next)),
      },
      logger,
      new ImportRepair(db, gateway, logger, core.metrics),
    );
    closers.push(() => backend.drain());
    const authenticator = new MeteredAuthenticator(new ThrottledAuthenticator(backend, new LoginThrottle(db, config.throttle), new ThrottleAccountKeys(users)), core.metrics);
    const sessions = new KnexSessionStore(db, undefined, config.sessionMaxAgeSeconds * 1000);
    const passwordSetter = new PasswordSetter(
      users,
      hashers,
      migrations,
      migrator,
      gateway,
      new PasswordClaims(db),
      sessions,
      { timeoutMs: config.auth0.timeoutMs, clock },
      logger,
    );
    const reset = new PasswordResetService(users, core.tokens, passwordSetter, core.mailer, core.composer, logger);
    closers.push(() => reset.drain());
    const accountEmail = new AccountEmailService(
      users,
      migrations,
      gateway,
      migrator,
      authenticator,
      passwordSetter,
      new EmailConfirmTokens(core.sessionSecret, config.emailConfirmTimeoutSeconds, clock),
      core.mailer,
      new EmailConfirmMessage(config.publicUrl, config.emailConfirmTimeoutSeconds),
      { timeoutMs: config.auth0.timeoutMs, clock },
      logger,
    );
    const campaigns = new RunnerCampaignLauncher(core.campaignRunner, core.campaignStore, {}, logger);
    closers.push(() => campaigns.drain());
    const universalLogin = buildUniversalLogin({ config, tenantUrl: `${scheme}://${domain}`, client: loginClient, fetch: auth0Fetch, sessionSecret: core.sessionSecret, clock });
    if (!universalLogin && (config.frontDoor.loginMode === "universal" || config.frontDoor.adminLogin === "auth0")) {
      throw new ConfigError("AUTH0_LOGIN_CLIENT_ID: LOGIN_MODE=universal and ADMIN_LOGIN=auth0 need a login client");
    }
    const verifier = new SessionVerifier({
      sessions,
      users,
      migrations,
      fingerprint,
      successions,
      cache: new VerifyCache<CachedVerdict>(config.authVerifyCacheSeconds * 1000, clock),
    });
    const web = createWebApp(
      {
        publicUrl: config.publicUrl,
        sessionSecret: core.sessionSecret,
        trustProxyHops: config.trustProxyHops,
        metricsToken: config.metricsToken,
        sessionCookieDomain: config.sessionCookieDomain,
      },
      {
        verifier,
        fingerprint,
        redirects: new RedirectPolicy(config.allowedRedirectHosts, config.publicUrl.startsWith("http://")),
        authenticator,
        users,
        migrations,
        sessions,
        reset,
        accountEmail,
        resetRequests: new LimitedResetRequests(reset, new ResetRequestLimiter(db, config.resetRequests), logger),
        logger,
        staff: new StaffPolicy(config.adminUsers, schema.columns.isStaff !== null, users),
        status: core.status,
        dashboard: {
          stuckUsers: new StuckUsersQuery(db, schema),
          perDay: new MigrationsPerDayQuery(db),
          campaignHistory: new CampaignHistoryQuery(db),
          bulkImport: new BulkImportHistoryQuery(db),
        },
        campaigns,
        adminApiTokens,
        metrics: core.metrics,
        ...(universalLogin ? { universalLogin } : {}),
        adminLogin: config.frontDoor.adminLogin,
        backendApi: { keys: new BackendApiKeys(config.backendApiKeys), metrics: new BackendApiMetrics(core.metrics), passwords: passwordSetter },
        resetLinks: new StaffResetLinks(db, users, core.mailer, core.composer, logger),
        account: {
          passwords: passwordSetter,
          passwordPolicy: new ConnectionPasswordPolicy(sdkGateway, { configured: config.auth0.passwordPolicy, timeoutMs: config.auth0.timeoutMs, clock }, logger),
        },
        health: {
          database: async () => void (await db.raw("select 1").timeout(2000, { cancel: true })),
          auth0: () => auth0Probe.check(),
          auth0Mode: sandbox ? "emulator" : "tenant",
        },
      },
    );
    await hashers.warmUp();

    let server: Server | undefined;
    return {
      ...core,
      web,
      gateway,
      backend,
      reset,
      campaigns,
      emulator,
      sandbox,
      demoUsers,
      listen: (port, host) =>
        new Promise<Server>((resolve, reject) => {
          const s = web.listen(port, host);
          s.once("listening", () => {
            server = s;
            resolve(s);
          });
          s.once("error", reject);
        }),
      close: async () => {
        if (server) {
          const s = server;
          s.closeAllConnections();
          await new Promise<void>((resolve) => s.close(() => resolve()));
        }
        await runClosers(closers);
        await core.close();
      },
    };
  } catch (err) {
    await runClosers(closers);
    await core.close();
    throw err;
  }
}

/**
 * HASH_WORKERS=0 hashes on the main thread; otherwise a worker pool does, with the same
 * registry built in each worker. The pool starts its threads on first use (warm-up in serve).
 */
function buildPasswordHashing(config: Config, writeAlgorithm: string, costs: HasherCosts, logger: Logger): PasswordHashing {
  // Built here too so that a bad write format fails the start on the main thread, by name.
  const registry = createHasherRegistry(writeAlgorithm, costs);
  if (config.hashing.workers === 0) return registry;
  const pool = new HashWorkerPool(
    { size: config.hashing.workers, queueMax: config.hashing.queueMax, init: { writeAlgorithm, costs } },
    logger,
  );
  return new OffThreadHasherRegistry(pool, registry);
}

async function runClosers(closers: Array<() => Promise<void>>): Promise<void> {
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch {
      // Closing is best effort; the original error (if any) is what matters.
    }
  }
}
