import { EmulatorInputError } from "./EmulatorInputError";

/** A Regular Web Application: logs users in through /authorize and the authorization-code grant. */
export interface LoginClientOptions {
  clientId: string;
  clientSecret: string;
  /** Allowed `redirect_uri` values (exact match). */
  callbacks: string[];
  /** Allowed `returnTo` values of /v2/logout (exact match). */
  allowedLogoutUrls?: string[];
  /** Shown on the login page. */
  name?: string;
}

export interface LoginClient {
  clientId: string;
  clientSecret: string;
  callbacks: string[];
  allowedLogoutUrls: string[];
  name: string;
}

/** An API (resource server) that client-credentials tokens can be issued for. */
export interface ApiOptions {
  audience: string;
  /** Scopes a client may ask for; a request without `scope` gets all of them. */
  scopes: string[];
}

function stringList(raw: unknown, field: string): string[] {
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string" || v === "")) {
    throw new EmulatorInputError(`${field}: expected an array of non-empty strings`);
  }
  return [...(raw as string[])];
}

/** Callback and logout URLs are absolute http(s) URLs, compared exactly. */
function urlList(raw: unknown, field: string): string[] {
  const list = stringList(raw, field);
  for (const u of list) {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new EmulatorInputError(`${field}: not an absolute http(s) URL: ${u}`);
  }
  return list;
}

function nonEmpty(raw: unknown, field: string): string {
  if (typeof raw !== "string" || raw === "") throw new EmulatorInputError(`${field}: expected a non-empty string`);
  return raw;
}

function rejectExtra(raw: Record<string, unknown>, allowed: string[]): void {
  const extra = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw new EmulatorInputError(`unknown field(s): ${extra.join(", ")}`);
}

export function parseLoginClient(raw: Record<string, unknown>): LoginClient {
  rejectExtra(raw, ["clientId", "clientSecret", "callbacks", "allowedLogoutUrls", "name"]);
  const clientId = nonEmpty(raw.clientId, "clientId");
  return {
    clientId,
    clientSecret: nonEmpty(raw.clientSecret, "clientSecret"),
    callbacks: urlList(raw.callbacks, "callbacks"),
    allowedLogoutUrls: raw.allowedLogoutUrls === undefined ? [] : urlList(raw.allowedLogoutUrls, "allowedLogoutUrls"),
    name: raw.name === undefined ? clientId : nonEmpty(raw.name, "name"),
  };
}

export function parseApi(raw: Record<string, unknown>): ApiOptions {
  rejectExtra(raw, ["audience", "scopes"]);
  const scopes = stringList(raw.scopes, "scopes");
  if (scopes.some((s) => /\s/.test(s))) throw new EmulatorInputError("scopes: a scope has no whitespace");
  return { audience: nonEmpty(raw.audience, "audience"), scopes };
}

/** The tenant's login clients and APIs, configured through the constructor or `/__emulator/`. */
export class OidcClients {
  private readonly logins = new Map<string, LoginClient>();
  private readonly apis = new Map<string, ApiOptions>();

  /** Adds or replaces a login client (keyed by clientId). */
  setLoginClient(client: LoginClient): LoginClient {
    this.logins.set(client.clientId, client);
    return client;
  }

  loginClient(clientId: string): LoginClient | undefined {
    return this.logins.get(clientId);
  }

  listLoginClients(): LoginClient[] {
    return [...this.logins.values()];
  }

  setApi(api: ApiOptions): ApiOptions {
    this.apis.set(api.audience, { audience: api.audience, scopes: [...api.scopes] });
    return api;
  }

  api(audience: string): ApiOptions | undefined {
    return this.apis.get(audience);
  }

  listApis(): ApiOptions[] {
    return [...this.apis.values()];
  }
}
