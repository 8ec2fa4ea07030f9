import { randomBytes } from "node:crypto";
import {
  CONNECTION_NOT_FOUND,
  managementError,
  payloadError,
  queryError,
  USER_EXISTS,
  USER_NOT_FOUND,
} from "./auth0ErrorBodies";
import { EmulatorStoreError, type EmulatorStore } from "./EmulatorStore";
import type { ParsedBody } from "./httpIo";
import { json, noContent, type Reply } from "./Reply";
import { toApiUser } from "./toApiUser";
import { parseCreateUser, parseUpdateUser, type Parsed } from "./userPayload";
import { parseUserQuery, UserQueryError } from "./userQuery";

export interface ManagementContext {
  store: EmulatorStore;
  /** e.g. "http://127.0.0.1:4001", for ticket URLs. */
  baseUrl: string;
  /** Like Auth0, GET /users pages only through the first `listLimit` results. */
  listLimit: number;
}

export interface ManagementRequest {
  method: string;
  /** The path after `/api/v2/`, still URL-encoded. */
  path: string;
  query: URLSearchParams;
  body: ParsedBody | undefined;
}

const NOT_FOUND = (): Reply => managementError(404, "Not Found");

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split("/").filter((s) => s !== "").map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function storeErrorReply(err: unknown): Reply {
  if (err instanceof EmulatorStoreError) {
    if (err.code === "user_exists") return USER_EXISTS();
    if (err.code === "inexistent_user") return USER_NOT_FOUND();
    return CONNECTION_NOT_FOUND();
  }
  throw err;
}

function requireBody(body: ParsedBody | undefined): Parsed<Record<string, unknown>> {
  if (!body) return { ok: true, value: {} };
  if (!body.ok) return { ok: false, reply: managementError(400, body.reason) };
  return { ok: true, value: body.value };
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number | Reply {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) return queryError(`Expected type integer but found type string on property ${name}`);
  if (n < min) return queryError(`Value ${n} is less than minimum ${min} on property ${name}`);
  if (n > max) return queryError(`Value ${n} is greater than maximum ${max} on property ${name}`);
  return n;
}

function createUser(ctx: ManagementContext, body: Record<string, unknown>): Reply {
  const parsed = parseCreateUser(body, (name) => ctx.store.getConnection(name));
  if (!parsed.ok) return parsed.reply;
  try {
    return json(201, toApiUser(ctx.store.insertUser(parsed.value)));
  } catch (err) {
    return storeErrorReply(err);
  }
}

function listUsers(ctx: ManagementContext, query: URLSearchParams): Reply {
  const page = intParam(query, "page", 0, 0, 1_000_000);
  if (typeof page !== "number") return page;
  const perPage = intParam(query, "per_page", 50, 0, 100);
  if (typeof perPage !== "number") return perPage;
  if ((page + 1) * perPage > ctx.listLimit) {
    return managementError(
      400,
      `You can only page through the first ${ctx.listLimit} records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation`,
      "invalid_paging",
    );
  }
  let users = ctx.store.listUsers(query.get("connection") ?? undefined).map(toApiUser);
  const q = query.get("q");
  if (q !== null && q.trim() !== "") {
    try {
      const predicate = parseUserQuery(q);
      users = users.filter(predicate);
    } catch (err) {
      if (err instanceof UserQueryError) return managementError(400, `Bad Request: ${err.message}`, "invalid_query_string");
      throw err;
    }
  }
  const start = page * perPage;
  const slice = users.slice(start, start + perPage);
  if (query.get("include_totals") === "true") {
    return json(200, { users: slice, start, limit: perPage, length: slice.length, total: users.length });
  }
  return json(200, slice);
}

function usersByEmail(ctx: ManagementContext, query: URLSearchParams): Reply {
  const email = query.get("email");
  if (email === null || email === "") return queryError("Missing required property: email");
  // Exact match against the stored (lower-cased) address: the query is NOT lower-cased, as in Auth0.
  return json(200, ctx.store.usersByEmail(email).map(toApiUser));
}

function oneUser(ctx: ManagementContext, method: string, id: string, body: ParsedBody | undefined): Reply {
  if (method === "GET") {
    const user = ctx.store.getUser(id);
    return user ? json(200, toApiUser(user)) : USER_NOT_FOUND();
  }
  if (method === "DELETE") {
    ctx.store.deleteUser(id); // 204 whether or not the user existed, as Auth0 does
    return noContent();
  }
  if (method === "PATCH") {
    const fields = requireBody(body);
    if (!fields.ok) return fields.reply;
    const user = ctx.store.getUser(id);
    if (!user) return USER_NOT_FOUND();
    const connection = ctx.store.getConnection(user.connection);
    if (!connection) return CONNECTION_NOT_FOUND();
    const parsed = parseUpdateUser(fields.value, connection, (name) => ctx.store.getConnection(name));
    if (!parsed.ok) return parsed.reply;
    try {
      return json(200, toApiUser(ctx.store.updateUser(id, parsed.value)));
    } catch (err) {
      return storeErrorReply(err);
    }
  }
  return NOT_FOUND();
}

function passwordChangeTicket(ctx: ManagementContext, body: Record<string, unknown>): Reply {
  const userId = body.user_id;
  if (userId === undefined) return payloadError("Missing required property: user_id");
  if (typeof userId !== "string") return payloadError("Expected type string on property user_id");
  if (body.ttl_sec !== undefined && (typeof body.ttl_sec !== "number" || !Number.isInteger(body.ttl_sec) || body.ttl_sec < 0)) {
    return payloadError("Expected type integer >= 0 on property ttl_sec");
  }
  if (body.result_url !== undefined && typeof body.result_url !== "string") return payloadError("Expected type string on property result_url");
  if (!ctx.store.getUser(userId)) return USER_NOT_FOUND();
  const ticket = randomBytes(24).toString("base64url");
  return json(201, { ticket: `${ctx.baseUrl}/lo/reset?ticket=${ticket}` });
}

/** Routes an authenticated, rate-limit-checked Management API request. */
export function handleManagement(ctx: ManagementContext, req: ManagementRequest): Reply {
  const segments = decodeSegments(req.path);
  if (!segments) return managementError(400, "Bad Request: malformed URL encoding");
  const [resource, ...rest] = segments;
  const { method } = req;

  if (resource === "users" && rest.length === 0) {
    if (method === "GET") return listUsers(ctx, req.query);
    if (method === "POST") {
      const fields = requireBody(req.body);
      return fields.ok ? createUser(ctx, fields.value) : fields.reply;
    }
    return NOT_FOUND();
  }
  if (resource === "users" && rest.length === 1) return oneUser(ctx, method, rest[0] as string, req.body);
  if (resource === "users-by-email" && rest.length === 0 && method === "GET") return usersByEmail(ctx, req.query);
  if (resource === "tickets" && rest.length === 1 && rest[0] === "password-change" && method === "POST") {
    const fields = requireBody(req.body);
    return fields.ok ? passwordChangeTicket(ctx, fields.value) : fields.reply;
  }
  return NOT_FOUND();
}
