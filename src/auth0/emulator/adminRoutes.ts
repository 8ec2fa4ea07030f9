import { managementError } from "./auth0ErrorBodies";
import { bearerToken, safeEqual } from "./clientAuth";
import { EmulatorInputError } from "./EmulatorInputError";
import { EmulatorStoreError, type EmulatorConnection, type EmulatorUser } from "./EmulatorStore";
import { FaultConfigError, parseFaultConfig, type ActiveFault, type FaultConfig } from "./FaultInjector";
import type { ParsedBody } from "./httpIo";
import type { ApiOptions, LoginClient, LoginClientOptions } from "./OidcClients";
import { isPasswordPolicy, type PasswordPolicy } from "./passwordPolicy";
import { json, noContent, type Reply } from "./Reply";
import type { EmulatorRequestRecord } from "./RequestLog";
import type { CreateUserInput } from "./seedUser";

/** What the `/__emulator/` endpoints drive (implemented by Auth0Emulator). */
export interface EmulatorControl {
  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  activeFaults(): ActiveFault[];
  listUsers(connection?: string): EmulatorUser[];
  createUser(input: CreateUserInput): EmulatorUser;
  reset(): void;
  configureConnection(name: string, opts: { requiresUsername?: boolean; passwordPolicy?: PasswordPolicy }): EmulatorConnection;
  listConnections(): EmulatorConnection[];
  requestsSince(seq: number): EmulatorRequestRecord[];
  setLoginClient(options: LoginClientOptions): LoginClient;
  listLoginClients(): LoginClient[];
  setApi(options: ApiOptions): ApiOptions;
  rotateSigningKey(): { kid: string };
  enrollMfa(userId: string): { secret: string; otpauthUri: string };
}

export interface AdminRequest {
  method: string;
  /** The path after `/__emulator/`, still URL-encoded. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: ParsedBody;
}

function badRequest(message: string): Reply {
  return managementError(400, message, "invalid_body");
}

function body(req: AdminRequest): Record<string, unknown> {
  if (!req.body.ok) throw new EmulatorInputError(req.body.reason);
  return req.body.value;
}

function connectionOptions(raw: Record<string, unknown>): { requiresUsername?: boolean; passwordPolicy?: PasswordPolicy } {
  const extra = Object.keys(raw).filter((k) => k !== "requiresUsername" && k !== "passwordPolicy");
  if (extra.length > 0) throw new EmulatorInputError(`unknown field(s): ${extra.join(", ")}`);
  const opts: { requiresUsername?: boolean; passwordPolicy?: PasswordPolicy } = {};
  if (raw.requiresUsername !== undefined) {
    if (typeof raw.requiresUsername !== "boolean") throw new EmulatorInputError("requiresUsername: expected a boolean");
    opts.requiresUsername = raw.requiresUsername;
  }
  if (raw.passwordPolicy !== undefined) {
    if (!isPasswordPolicy(raw.passwordPolicy)) throw new EmulatorInputError("passwordPolicy: expected none, low, fair, good or excellent");
    opts.passwordPolicy = raw.passwordPolicy;
  }
  return opts;
}

function route(control: EmulatorControl, req: AdminRequest): Reply {
  const { method, path } = req;
  if (path === "faults") {
    if (method === "POST") {
      control.setFaults(parseFaultConfig(body(req)));
      return noContent();
    }
    if (method === "DELETE") {
      control.clearFaults();
      return noContent();
    }
    if (method === "GET") return json(200, { rules: control.activeFaults() });
  }
  if (path === "users") {
    if (method === "GET") return json(200, control.listUsers(req.query.get("connection") ?? undefined));
    if (method === "POST") return json(201, control.createUser(body(req) as unknown as CreateUserInput));
  }
  if (path === "reset" && method === "POST") {
    control.reset();
    return noContent();
  }
  if (path === "connections" && method === "GET") return json(200, control.listConnections());
  if (path.startsWith("connections/") && method === "POST") {
    let name: string;
    try {
      name = decodeURIComponent(path.slice("connections/".length));
    } catch {
      throw new EmulatorInputError("malformed connection name");
    }
    return json(200, control.configureConnection(name, connectionOptions(body(req))));
  }
  if (path === "clients") {
    // Secrets stay out of the listing.
    if (method === "GET") return json(200, control.listLoginClients().map(({ clientSecret: _secret, ...rest }) => rest));
    if (method === "POST") {
      const { clientSecret: _secret, ...rest } = control.setLoginClient(body(req) as unknown as LoginClientOptions);
      return json(200, rest);
    }
  }
  if (path === "apis" && method === "POST") return json(200, control.setApi(body(req) as unknown as ApiOptions));
  const mfaPath = /^users\/([^/]+)\/mfa$/.exec(path);
  if (mfaPath && method === "POST") {
    let userId: string;
    try {
      userId = decodeURIComponent(mfaPath[1] as string);
    } catch {
      throw new EmulatorInputError("malformed user id");
    }
    return json(200, control.enrollMfa(userId));
  }
  if (path === "keys/rotate" && method === "POST") return json(200, control.rotateSigningKey());
  if (path === "requests" && method === "GET") {
    const since = Number(req.query.get("since") ?? "0");
    return json(200, control.requestsSince(Number.isFinite(since) ? since : 0));
  }
  return managementError(404, "Not Found");
}

/**
 * `/__emulator/*`: the test-and-operator API, for a separate process to drive the emulator.
 * Only with `Authorization: Bearer <clientSecret>`.
 */
export function handleAdmin(control: EmulatorControl, clientSecret: string, req: AdminRequest): Reply {
  const token = bearerToken(req.authorization);
  if (token === undefined || !safeEqual(token, clientSecret)) {
    return managementError(401, "The emulator API needs Authorization: Bearer <client secret>");
  }
  try {
    return route(control, req);
  } catch (err) {
    if (err instanceof EmulatorInputError || err instanceof FaultConfigError) return badRequest(err.message);
    if (err instanceof EmulatorStoreError) {
      return err.code === "user_exists" ? managementError(409, err.message, "auth0_idp_error") : badRequest(err.message);
    }
    throw err;
  }
}
