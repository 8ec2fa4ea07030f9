import { ManagementClient, ManagementError } from "auth0";
import type { Auth0ImportJobsApi, ImportedAuth0User, ImportJobState, ImportJobUserError } from "./Auth0ImportJobsApi";
import { Auth0BadRequestError } from "./auth0Errors";
import { mapManagementError } from "./mapManagementError";

export interface SdkImportJobsApiOptions {
  domain: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
}

function statusOf(err: unknown): number | undefined {
  return err instanceof ManagementError ? err.statusCode : undefined;
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/**
 * Auth0's jobs API through the v7 SDK. The SDK's own retries are off: a retried upload after a
 * 5xx could start a second job; bulk-import decides when to send again.
 */
export class SdkImportJobsApi implements Auth0ImportJobsApi {
  private readonly mgmt: ManagementClient;

  constructor(options: SdkImportJobsApiOptions) {
    this.mgmt = new ManagementClient({
      domain: options.domain,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      maxRetries: 0,
      timeoutInSeconds: 60,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async connectionId(name: string): Promise<string> {
    try {
      const page = await this.mgmt.connections.list({ name, take: 50 });
      const found = page.data.find((c) => c.name === name);
      if (!found?.id) throw new Auth0BadRequestError(`no Auth0 connection named ${name}`);
      return found.id;
    } catch (err) {
      throw mapManagementError(err);
    }
  }

  async submit(input: { users: Buffer; connectionId: string; externalId: string }): Promise<{ jobId: string } | { busy: true }> {
    try {
      const job = await this.mgmt.jobs.usersImports.create({
        // A Buffer, not a stream: the body must be replayable byte for byte.
        users: { data: input.users, filename: "users.json", contentType: "application/json" },
        connection_id: input.connectionId,
        upsert: false,
        external_id: input.externalId,
        // Auth0's default is true: tenant owners would get an email per file.
        send_completion_email: false,
      });
      return { jobId: String(job.id) };
    } catch (err) {
      if (statusOf(err) === 429) return { busy: true };
      throw mapManagementError(err);
    }
  }

  async getJob(jobId: string): Promise<ImportJobState | null> {
    try {
      const job = (await this.mgmt.jobs.get(jobId)) as Record<string, unknown>;
      const s = job.summary as Record<string, unknown> | undefined;
      return {
        id: String(job.id),
        status: String(job.status),
        externalId: str(job.external_id),
        summary: s ? { inserted: Number(s.inserted ?? 0), failed: Number(s.failed ?? 0), updated: Number(s.updated ?? 0), total: Number(s.total ?? 0) } : null,
      };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapManagementError(err);
    }
  }

  async getErrors(jobId: string): Promise<ImportJobUserError[] | null> {
    try {
      const body = (await this.mgmt.jobs.errors.get(jobId)) as unknown;
      if (!Array.isArray(body)) return [];
      return body.map((entry: Record<string, unknown>) => {
        const user = (entry.user ?? {}) as Record<string, unknown>;
        const errors = Array.isArray(entry.errors) ? (entry.errors as Array<Record<string, unknown>>) : [];
        return { userId: str(user.user_id), email: str(user.email), codes: errors.map((e) => String(e.code ?? "UNKNOWN")) };
      });
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapManagementError(err);
    }
  }

  async getUser(auth0UserId: string): Promise<ImportedAuth0User | null> {
    try {
      const user = (await this.mgmt.users.get(auth0UserId)) as Record<string, unknown>;
      const meta = (user.app_metadata ?? {}) as Record<string, unknown>;
      return { userId: String(user.user_id), legacyId: str(meta.legacy_id) };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw mapManagementError(err);
    }
  }
}
