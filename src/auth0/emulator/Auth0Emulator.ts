import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { handleAdmin, type EmulatorControl } from "./adminRoutes";
import { GLOBAL_RATE_LIMIT, INVALID_TOKEN, managementError, oauthError, serverError } from "./auth0ErrorBodies";
import { BruteForceGuard } from "./BruteForceGuard";
import { bearerToken } from "./clientAuth";
import { handleChangePassword, type PasswordChangeRequest } from "./dbConnectionsRoutes";
import { delay } from "./delay";
import { EmulatorInputError } from "./EmulatorInputError";
import { EmulatorStore, type EmulatorConnection, type EmulatorUser } from "./EmulatorStore";
import { EmulatorStateFile } from "./EmulatorStateFile";
import { FaultInjector, type ActiveFault, type FaultConfig, type FaultTarget } from "./FaultInjector";
import { MAX_BODY_BYTES, parseJsonObject, parseTokenBody, readBody, writeReply, type BodyResult, type ParsedBody } from "./httpIo";
import type { ImportedHash } from "../importedHash";
import { ImportJobs } from "./ImportJobs";
import { handleJobs, IMPORT_REQUEST_MAX_BYTES, isImportJobPath, isJobsPath } from "./jobsRoutes";
import { handleManagement } from "./managementRoutes";
import { OidcClients, parseApi, parseLoginClient, type ApiOptions, type LoginClient, type LoginClientOptions } from "./OidcClients";
import { discoveryDocument, handleOidc, isOidcPath } from "./oidcRoutes";
import { OidcSessions } from "./OidcSessions";
import { isMultipart } from "./multipart";
import { isPasswordPolicy, type PasswordPolicy } from "./passwordPolicy";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitSnapshot } from "./RateLimiter";
import type { Reply } from "./Reply";
import { RequestLog, type EmulatorRequestRecord } from "./RequestLog";
import { parseSeedUser, type CreateUserInput } from "./seedUser";
import { SigningKeys } from "./SigningKeys";
import { MfaEnrollments } from "./MfaEnrollments";
import { handleToken, tokenTarget } from "./tokenRoutes";

export type { PasswordPolicy } from "./passwordPolicy";
export type { EmulatorUser, EmulatorConnection } from "./EmulatorStore";
export type { FaultConfig, FaultKind, FaultRule, FaultTarget, ActiveFault } from "./FaultInjector";
export type { EmulatorRequestRecord } from "./RequestLog";
export type { CreateUserInput } from "./seedUser";
export type { PasswordChangeRequest } from "./dbConnectionsRoutes";
export type { ApiOptions, LoginClient, LoginClientOptions } from "./OidcClients";

export interface EmulatorConnectionOptions {
  name: string;
  requiresUsername?: boolean;
  passwordPolicy?: PasswordPolicy;
}

export interface EmulatorOptions {
  clientId: string;
  clientSecret: string;
  /** Default: [{ name: "Username-Password-Authentication", requiresUsername: false, passwordPolicy: "good" }]. The first is the default connection. */
  connections?: EmulatorConnectionOptions[];
  /** Default "127.0.0.1"; any non-loopback host is refused. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Management API budget; default { limit: 10000, windowSeconds: 1 }. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Failed password grants per (user, forwarded IP) per minute before "too_many_attempts"; default 20. */
  bruteForceThreshold?: number;
  /** GET /api/v2/users pages only through the first N results, like Auth0; default 1000. */
  listLimit?: number;
  /** Clock (epoch ms) for timestamps, tokens, rate-limit and brute-force windows; for tests. Default Date.now. */
  clock?: () => number;
  /** Keep users in this JSON file across restarts (the sandbox); default: memory only. */
  stateFile?: string;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
  /** Regular Web Applications for /authorize and the authorization-code grant (more through setLoginClient()). */
  loginClients?: LoginClientOptions[];
  /** APIs that client-credentials tokens (RS256, with `scope`) can be asked for (more through setApi()). */
  apis?: ApiOptions[];
}

export const DEFAULT_CONNECTION: Required<EmulatorConnectionOptions> = {
  name: "Username-Password-Authentication",
  requiresUsername: false,
  passwordPolicy: "good",
};

type RouteKind = "admin" | "token" | "change_password" | "management" | "discovery" | "oidc" | "other";

const MANAGEMENT_PREFIX = "/api/v2/";
const ADMIN_PREFIX = "/__emulator/";

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function routeKind(path: string): RouteKind {
  if (path.startsWith(ADMIN_PREFIX)) return "admin";
  if (path === "/oauth/token") return "token";
  if (path === "/dbconnections/change_password") return "change_password";
  if (path.startsWith(MANAGEMENT_PREFIX)) return "management";
  if (path === "/.well-known/openid-configuration") return "discovery";
  if (isOidcPath(path)) return "oidc";
  return "other";
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function rateHeaders(snap: RateLimitSnapshot): Record<string, string> {
  return {
    "x-ratelimit-limit": String(snap.limit),
    "x-ratelimit-remaining": String(snap.remaining),
    "x-ratelimit-reset": String(snap.resetAt),
  };
}

/**
 * A local Auth0 tenant over plain HTTP (or HTTPS with `tls`) on loopback: the Authentication API's /oauth/token (client
 * credentials and password-realm grants), the Management API calls the service uses, fault injection,
 * rate limits and brute-force protection, plus `/__emulator/` endpoints to drive it from another process.
 * It is also an OpenID provider for login clients (oidcRoutes.ts: /authorize, the code grant with PKCE,
 * /userinfo, /v2/logout, RS256 keys at /.well-known/jwks.json) and issues RS256 tokens for registered APIs.
 */
export class Auth0Emulator implements EmulatorControl {
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly tls: EmulatorOptions["tls"];
  private readonly clock: () => number;
  private readonly listLimit: number;
  private readonly store: EmulatorStore;
  private readonly stateFile: EmulatorStateFile | undefined;
  private readonly faults = new FaultInjector();
  private readonly jobs: ImportJobs;
  private readonly limiter: RateLimiter;
  private readonly bruteForce: BruteForceGuard;
  private readonly log = new RequestLog(10_000);
  private readonly keys = new SigningKeys();
  private readonly oidcClients = new OidcClients();
  private readonly oidcSessions: OidcSessions;
  private readonly mfa: MfaEnrollments;
  private readonly changePasswordLog: PasswordChangeRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private readonly inflight = new Set<AbortController>();
  private address: { domain: string; baseUrl: string; port: number } | undefined;

  constructor(options: EmulatorOptions) {
    if (typeof options.clientId !== "string" || options.clientId === "") throw new Error("Auth0Emulator: clientId is required");
    if (typeof options.clientSecret !== "string" || options.clientSecret === "") throw new Error("Auth0Emulator: clientSecret is required");
    const host = options.host ?? "127.0.0.1";
    if (!isLoopbackHost(host)) throw new Error(`Auth0Emulator: refusing to listen on non-loopback host "${host}"`);
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Auth0Emulator: not a port: ${port}`);
    const listLimit = options.listLimit ?? 1000;
    if (!Number.isInteger(listLimit) || listLimit < 1) throw new Error(`Auth0Emulator: listLimit: not a positive integer: ${listLimit}`);
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.host = host === "[::1]" ? "::1" : host;
    this.requestedPort = port;
    this.tls = options.tls;
    this.listLimit = listLimit;
    this.clock = options.clock ?? Date.now;
    this.stateFile = options.stateFile ? new EmulatorStateFile(options.stateFile, () => this.store.snapshotUsers()) : undefined;
    this.store = new EmulatorStore(this.clock, () => this.stateFile?.scheduleSave());
    this.jobs = new ImportJobs(this.store, this.clock);
    this.limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, this.clock);
    this.bruteForce = new BruteForceGuard(options.bruteForceThreshold ?? 20, 60_000, this.clock);
    this.oidcSessions = new OidcSessions(this.clock);
    this.mfa = new MfaEnrollments(options.clientSecret);
    for (const client of options.loginClients ?? []) this.setLoginClient(client);
    for (const api of options.apis ?? []) this.setApi(api);
    const connections = options.connections ?? [DEFAULT_CONNECTION];
    const seen = new Set<string>();
    for (const c of connections) {
      if (seen.has(c.name)) throw new Error(`Auth0Emulator: duplicate connection "${c.name}"`);
      seen.add(c.name);
      this.configureConnection(c.name, c);
    }
  }

  // ---- lifecycle ----

  /** Listens on host:port; resolves with the domain to give the SDK ("127.0.0.1:PORT") and the base URL. */
  async start(): Promise<{ domain: string; baseUrl: string }> {
    if (this.server) throw new Error("Auth0Emulator: already started");
    if (this.stateFile) this.store.restoreUsers(this.stateFile.load());
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      void this.handle(req, res);
    };
    const server: Server = this.tls ? createHttpsServer({ key: this.tls.key, cert: this.tls.cert }, handler) : createServer(handler);
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    server.on("clientError", (_err, socket) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.requestedPort, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : this.requestedPort;
    const hostPart = this.host.includes(":") ? `[${this.host}]` : this.host;
    const domain = `${hostPart}:${port}`;
    this.address = { domain, baseUrl: `${this.tls ? "https" : "http"}://${domain}`, port };
    return { domain, baseUrl: this.address.baseUrl };
  }

  /** Closes the server, ends hanging and delayed requests and every open socket. Idempotent. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.stateFile?.flush();
    for (const request of this.inflight) request.abort();
    this.inflight.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** "127.0.0.1:PORT", the `domain` for the SDK (with loopbackFetch unless `tls`). Throws before start(). */
  get domain(): string {
    return this.started().domain;
  }

  /** "http://127.0.0.1:PORT" ("https://" with `tls`). Throws before start(). */
  get baseUrl(): string {
    return this.started().baseUrl;
  }

  get port(): number {
    return this.started().port;
  }

  get isRunning(): boolean {
    return this.server !== undefined;
  }

  private started(): { domain: string; baseUrl: string; port: number } {
    if (!this.address) throw new Error("Auth0Emulator: not started (call start() first)");
    return this.address;
  }

  // ---- control (also over /__emulator/) ----

  setFaults(config: FaultConfig): void {
    this.faults.configure(config);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  activeFaults(): ActiveFault[] {
    return this.faults.activeRules();
  }

  /** Seeds a user, bypassing the password policy and username rules (not uniqueness). */
  createUser(input: CreateUserInput): EmulatorUser {
    return this.store.insertUser(parseSeedUser(input, this.store.defaultConnection()?.name));
  }

  listUsers(connection?: string): EmulatorUser[] {
    return this.store.listUsers(connection);
  }

  getUser(userId: string): EmulatorUser | undefined {
    return this.store.getUser(userId);
  }

  /** True when `password` is the user's current password. */
  checkPassword(userId: string, password: string): boolean {
    return this.store.checkPassword(userId, password);
  }

  /** Blocks or unblocks a user (as an admin would in the dashboard). Throws for an unknown user. */
  setBlocked(userId: string, blocked: boolean): void {
    this.store.updateUser(userId, { blocked });
  }

  /** Creates the connection if missing, else changes the given settings. */
  configureConnection(name: string, opts: { requiresUsername?: boolean; passwordPolicy?: PasswordPolicy }): EmulatorConnection {
    if (opts.passwordPolicy !== undefined && !isPasswordPolicy(opts.passwordPolicy)) {
      throw new EmulatorInputError(`passwordPolicy: not a policy: ${String(opts.passwordPolicy)}`);
    }
    const settings: { requiresUsername?: boolean; passwordPolicy?: PasswordPolicy } = {};
    if (opts.requiresUsername !== undefined) settings.requiresUsername = opts.requiresUsername;
    if (opts.passwordPolicy !== undefined) settings.passwordPolicy = opts.passwordPolicy;
    return this.store.configureConnection(name, settings);
  }

  /** An imported user's hash until the first login re-hashes it (as Auth0 does). */
  importedHashOf(userId: string): ImportedHash | undefined {
    return this.store.importedHashOf(userId);
  }

  /** Users-import jobs: hold them pending (to see Auth0's 2-job limit), inspect them, corrupt one import. */
  get importJobs(): ImportJobs {
    return this.jobs;
  }

  listConnections(): EmulatorConnection[] {
    return this.store.listConnections();
  }

  /** The last 10000 requests (excluding `/__emulator/`), oldest first; a live array, do not mutate. */
  get requests(): EmulatorRequestRecord[] {
    return this.log.all as EmulatorRequestRecord[];
  }

  /** The `seq` of the latest request record; with requestsSince() this survives the log's trimming. */
  get lastRequestSeq(): number {
    return this.log.lastSeq;
  }

  requestsSince(seq: number): EmulatorRequestRecord[] {
    return this.log.since(seq);
  }

  /** Calls to /dbconnections/change_password (the emails Auth0 would have sent). */
  get passwordChangeRequests(): readonly PasswordChangeRequest[] {
    return this.changePasswordLog;
  }

  // ---- Universal Login (also over /__emulator/) ----

  /** Adds or replaces a login client (Regular Web Application). */
  setLoginClient(options: LoginClientOptions): LoginClient {
    return this.oidcClients.setLoginClient(parseLoginClient({ ...options }));
  }

  listLoginClients(): LoginClient[] {
    return this.oidcClients.listLoginClients();
  }

  /** Adds or replaces an API that client-credentials tokens can be issued for. */
  setApi(options: ApiOptions): ApiOptions {
    return this.oidcClients.setApi(parseApi({ ...options }));
  }

  /** A new RS256 signing key; the JWKS keeps the previous one until the next rotation. Returns the new kid. */
  rotateSigningKey(): { kid: string } {
    return { kid: this.keys.rotate() };
  }

  /** Enrolls a user in one-time-password MFA: Universal Login then asks for a code after the password. The secret is fixed per user. */
  enrollMfa(userId: string): { secret: string; otpauthUri: string } {
    if (!this.store.getUser(userId)) throw new EmulatorInputError(`no such user: ${userId}`);
    return this.mfa.enroll(userId);
  }

  /** The user's current one-time code (what their authenticator app shows). */
  totpCode(userId: string, atMs: number = this.clock()): string {
    return this.mfa.code(userId, atMs);
  }

  /** Signs any claims with the current key (RS256, its kid): for tests of token checks (other issuer, expired...). */
  signToken(claims: Record<string, unknown>): string {
    return this.keys.sign(claims);
  }

  /** The kid that new tokens are signed with. */
  get signingKeyId(): string {
    return this.keys.currentKid;
  }

  /** Forgets users, faults, the request log, rate-limit and brute-force counters, login sessions and codes. Keeps connections, clients, keys and issued tokens. */
  reset(): void {
    this.oidcSessions.clear();
    this.mfa.clear();
    this.store.clearUsers();
    this.jobs.clear();
    this.faults.clear();
    this.log.clear();
    this.limiter.reset();
    this.bruteForce.reset();
    this.changePasswordLog.length = 0;
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Aborted when the client goes away or the server stops: ends latency and hang waits early.
    const abort = new AbortController();
    this.inflight.add(abort);
    res.once("close", () => {
      this.inflight.delete(abort);
      if (!res.writableFinished) abort.abort();
    });
    try {
      await this.serve(req, res, abort.signal);
    } catch {
      // Never let a request crash the emulator.
      writeReply(res, managementError(500, "Internal emulator error"));
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : "");
    const method = (req.method ?? "GET").toUpperCase();
    const kind = routeKind(path);

    let bodyResult: BodyResult;
    try {
      // Import files may be 500 KB; every other body stays small.
      bodyResult = await readBody(req, isImportJobPath(path) ? IMPORT_REQUEST_MAX_BYTES : MAX_BODY_BYTES);
    } catch {
      return; // the client went away mid-body
    }

    const parsed = this.parseBody(kind, method, bodyResult, header(req, "content-type"));

    if (kind === "admin") {
      const reply =
        bodyResult.kind === "too_large"
          ? this.tooLarge("admin", bodyResult.drained)
          : handleAdmin(this, this.clientSecret, {
              method,
              path: path.slice(ADMIN_PREFIX.length),
              query,
              authorization: header(req, "authorization"),
              body: parsed,
            });
      writeReply(res, reply);
      return;
    }

    const target: FaultTarget =
      kind === "token" ? tokenTarget(parsed) : kind === "change_password" ? "token" : kind === "management" ? "management" : "any";
    const forwardedFor = header(req, "auth0-forwarded-for");
    const record = this.log.add({
      method,
      path,
      target,
      status: 0,
      ...(forwardedFor !== undefined ? { forwardedFor } : {}),
      at: this.clock(),
    });
    const send = (reply: Reply): void => {
      if (res.headersSent || res.destroyed) return;
      writeReply(res, reply);
      record.status = reply.status;
    };

    const latency = this.faults.latency();
    if (latency > 0 && !(await delay(latency, signal))) return;

    const answer = async (): Promise<Reply> => {
      if (bodyResult.kind === "too_large") return this.tooLarge(kind, bodyResult.drained);
      return this.route(kind, method, path, query, parsed, req, bodyResult.raw);
    };

    const fault = this.faults.pick(target);
    if (!fault) return send(await answer());
    record.fault = fault.kind;
    const oauth = kind === "token" || kind === "change_password";
    switch (fault.kind) {
      case "reset":
        req.socket.destroy();
        return;
      case "error_5xx": {
        const reply = serverError(fault.status, oauth);
        return send(kind === "management" ? this.withRateHeaders(reply, this.limiter.peek()) : reply);
      }
      case "rate_limit": {
        const resetAt = Math.ceil(this.clock() / 1000) + fault.retryAfterSeconds;
        const headers = {
          ...rateHeaders({ limit: this.limiter.peek().limit, remaining: 0, resetAt }),
          "retry-after": String(fault.retryAfterSeconds),
        };
        return send(oauth ? oauthError(429, "too_many_requests", "Too Many Requests", headers) : GLOBAL_RATE_LIMIT(headers));
      }
      case "hang": {
        if (fault.commitBeforeHang) {
          const reply = await answer();
          if (await delay(fault.hangMs, signal)) send(reply);
          return;
        }
        if (await delay(fault.hangMs, signal)) send(await answer());
        return;
      }
    }
  }

  private parseBody(kind: RouteKind, method: string, body: BodyResult, contentType: string | undefined): ParsedBody {
    if (body.kind !== "ok") return { ok: true, value: {} };
    if (kind === "token" || kind === "change_password" || (kind === "oidc" && method === "POST")) return parseTokenBody(body.raw, contentType);
    if (isMultipart(contentType)) return { ok: true, value: {} }; // the jobs routes read the raw parts
    if ((kind === "management" || kind === "admin") && (method === "POST" || method === "PATCH" || method === "PUT")) {
      return parseJsonObject(body.raw);
    }
    return { ok: true, value: {} };
  }

  private tooLarge(kind: RouteKind, drained: boolean): Reply {
    const message = `Payload content length greater than maximum allowed: ${MAX_BODY_BYTES}`;
    const reply =
      kind === "token" || kind === "change_password" ? oauthError(413, "invalid_request", message) : managementError(413, message);
    const withClose: Reply = drained ? reply : { ...reply, headers: { ...reply.headers, connection: "close" } };
    return kind === "management" ? this.withRateHeaders(withClose, this.limiter.peek()) : withClose;
  }

  private withRateHeaders(reply: Reply, snap: RateLimitSnapshot): Reply {
    return { ...reply, headers: { ...rateHeaders(snap), ...reply.headers } };
  }

  private clientIp(req: IncomingMessage): string {
    const forwarded = header(req, "auth0-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
    const remote = req.socket.remoteAddress ?? "unknown";
    return remote.startsWith("::ffff:") ? remote.slice("::ffff:".length) : remote;
  }

  private async route(kind: RouteKind, method: string, path: string, query: URLSearchParams, body: ParsedBody, req: IncomingMessage, raw: Buffer): Promise<Reply> {
    switch (kind) {
      case "token":
        if (method !== "POST") return managementError(404, "Not Found");
        return handleToken(
          {
            store: this.store,
            clientId: this.clientId,
            clientSecret: this.clientSecret,
            bruteForce: this.bruteForce,
            oidc: { clients: this.oidcClients, sessions: this.oidcSessions, keys: this.keys, baseUrl: this.address?.baseUrl ?? "", now: this.clock },
          },
          { body, authorization: header(req, "authorization"), clientIp: this.clientIp(req) },
        );
      case "change_password":
        if (method !== "POST") return managementError(404, "Not Found");
        return handleChangePassword(this.store, this.clientId, body, (r) => {
          this.changePasswordLog.push(r);
          if (this.changePasswordLog.length > 1000) this.changePasswordLog.shift();
        });
      case "management": {
        const decision = this.limiter.take();
        if (!decision.allowed) {
          return GLOBAL_RATE_LIMIT({ ...rateHeaders(decision), "retry-after": String(decision.retryAfterSeconds) });
        }
        const token = bearerToken(header(req, "authorization"));
        const managementPath = path.slice(MANAGEMENT_PREFIX.length);
        const reply =
          token === undefined || !this.store.isValidToken(token)
            ? INVALID_TOKEN()
            : isJobsPath(managementPath)
              ? handleJobs(this.jobs, () => this.store.listConnections(), { method, path: managementPath, query, raw, contentType: header(req, "content-type") })
              : handleManagement(
                { store: this.store, baseUrl: this.address?.baseUrl ?? "", listLimit: this.listLimit },
                { method, path: path.slice(MANAGEMENT_PREFIX.length), query, body },
              );
        return this.withRateHeaders(reply, decision);
      }
      case "discovery":
        if (method !== "GET") return managementError(404, "Not Found");
        return { status: 200, body: discoveryDocument(this.address?.baseUrl ?? "") };
      case "oidc":
        return handleOidc(
          {
            store: this.store,
            clients: this.oidcClients,
            sessions: this.oidcSessions,
            keys: this.keys,
            bruteForce: this.bruteForce,
            mfa: this.mfa,
            baseUrl: this.address?.baseUrl ?? "",
            now: this.clock,
          },
          {
            method,
            path,
            query,
            body,
            cookie: header(req, "cookie"),
            authorization: header(req, "authorization"),
            clientIp: this.clientIp(req),
          },
        );
      case "admin":
      case "other":
        return managementError(404, "Not Found");
    }
  }
}
