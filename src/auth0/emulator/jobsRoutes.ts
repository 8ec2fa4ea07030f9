import { managementError, payloadError } from "./auth0ErrorBodies";
import type { EmulatorConnection } from "./EmulatorStore";
import { connectionIdOf, MAX_ACTIVE_IMPORT_JOBS, type ImportJob, type ImportJobs } from "./ImportJobs";
import { parseMultipart } from "./multipart";
import { json, noContent, type Reply } from "./Reply";

/** Auth0's limit on a users file (500 KB). */
export const IMPORT_FILE_MAX_BYTES = 500 * 1024;
/** The request may carry the file plus the form fields; larger ones are read up to a bound, then refused. */
export const IMPORT_REQUEST_MAX_BYTES = 2 * 1024 * 1024;

export interface JobsRequest {
  method: string;
  /** After `/api/v2/`. */
  path: string;
  query: URLSearchParams;
  raw: Buffer;
  contentType: string | undefined;
}

/** The routes this module serves: `jobs/...` and `connections` (the import needs the `con_` id). */
export function isJobsPath(path: string): boolean {
  return path === "connections" || path.startsWith("jobs/");
}

export function isImportJobPath(path: string): boolean {
  return path === "/api/v2/jobs/users-imports";
}

function jobView(job: ImportJob): Record<string, unknown> {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    connection_id: job.connection_id,
    connection: job.connection,
    ...(job.external_id !== undefined ? { external_id: job.external_id } : {}),
    created_at: job.created_at,
    ...(job.summary ? { summary: job.summary, percentage_done: 100, time_left_seconds: 0 } : { percentage_done: 0 }),
  };
}

function createImport(jobs: ImportJobs, connections: Array<{ name: string }>, req: JobsRequest): Reply {
  const parts = parseMultipart(req.raw, req.contentType);
  if (!parts) return managementError(400, "Bad Request: expected multipart/form-data", "invalid_body");
  const field = (name: string): string | undefined => parts.find((p) => p.name === name)?.data.toString("utf8");
  const file = parts.find((p) => p.name === "users");
  if (!file) return payloadError("Missing required property: users");
  if (file.data.length > IMPORT_FILE_MAX_BYTES) return managementError(413, `Payload content length greater than maximum allowed: ${IMPORT_FILE_MAX_BYTES}`);
  const connectionId = field("connection_id");
  if (!connectionId) return payloadError("Missing required property: connection_id");
  const connection = connections.find((c) => connectionIdOf(c.name) === connectionId);
  if (!connection) return managementError(400, "The connection does not exist.", "inexistent_connection");
  let users: unknown;
  try {
    users = JSON.parse(file.data.toString("utf8"));
  } catch {
    return managementError(400, "Users file must be a valid JSON array", "invalid_body");
  }
  if (!Array.isArray(users)) return managementError(400, "Users file must be an array", "invalid_body");
  if (jobs.activeCount() >= MAX_ACTIVE_IMPORT_JOBS) {
    return managementError(429, `There are ${MAX_ACTIVE_IMPORT_JOBS} active import users jobs, please wait until some of them are finished and try again`, "too_many_requests");
  }
  const externalId = field("external_id");
  const job = jobs.create({
    connection: connection.name,
    users,
    upsert: field("upsert") === "true",
    ...(externalId !== undefined && externalId !== "" ? { external_id: externalId } : {}),
    // Auth0's default is true: only an explicit "false" turns the email off.
    send_completion_email: field("send_completion_email") !== "false",
  });
  return json(202, { id: job.id, type: job.type, status: job.status, connection_id: job.connection_id, ...(job.external_id !== undefined ? { external_id: job.external_id } : {}), created_at: job.created_at });
}

/** `POST jobs/users-imports`, `GET jobs/:id`, `GET jobs/:id/errors`, `GET connections?name=`. */
export function handleJobs(jobs: ImportJobs, connections: () => EmulatorConnection[], req: JobsRequest): Reply {
  const segments = req.path.split("/").filter((s) => s !== "");
  if (segments[0] === "connections") {
    if (req.method !== "GET") return managementError(404, "Not Found");
    const name = req.query.get("name");
    const list = connections().filter((c) => name === null || name === "" || c.name === name);
    // Only database connections exist here; `options` carries what the service reads (the password policy).
    const items = list.map((c) => ({
      id: connectionIdOf(c.name),
      name: c.name,
      strategy: "auth0",
      options: { passwordPolicy: c.passwordPolicy, requires_username: c.requiresUsername },
    }));
    // Auth0 answers checkpoint pagination (`take`/`from`, what the v7 SDK reads) with an object.
    return req.query.has("take") || req.query.has("from") ? json(200, { connections: items }) : json(200, items);
  }
  if (segments[1] === "users-imports" && segments.length === 2) {
    return req.method === "POST" ? createImport(jobs, connections(), req) : managementError(404, "Not Found");
  }
  if (req.method !== "GET" || segments.length > 3 || (segments.length === 3 && segments[2] !== "errors")) return managementError(404, "Not Found");
  const job = jobs.get(segments[1] ?? "");
  if (!job) return managementError(404, "The job does not exist.", "inexistent_job");
  if (segments.length === 2) return json(200, jobView(job));
  return job.errors.length === 0 ? noContent() : json(200, job.errors);
}
