import { ManagementClient } from "auth0";
import { AuthenticationClient } from "auth0/legacy";
import type { Auth0ConnectionReader, ConnectionPasswordSettings } from "./Auth0ConnectionReader";
import type { Auth0Gateway, Auth0User, CreateAuth0UserInput } from "./Auth0Gateway";
import { Auth0NotFoundError, Auth0UnavailableError } from "./auth0Errors";
import type { BudgetVerdict, RateLimitObserver } from "./RateBudget";
import type { Deadline } from "./Deadline";
import { mapAuthenticationError } from "./mapAuthenticationError";
import { mapManagementError } from "./mapManagementError";

export interface SdkAuth0GatewayOptions {
  domain: string;
  clientId: string;
  clientSecret: string;
  connection: string;
  /** The fetch every call goes through: TLS-failure logging, and the http:// rewrite only when AUTH0_DOMAIN asks for it. */
  fetch?: typeof fetch;
  /** The fleet's Management API budget: no call without a token. */
  budget?: { take(): Promise<BudgetVerdict> } & RateLimitObserver;
}

type ManagementOptions = { maxRetries: 0; timeoutInSeconds: number; abortSignal: AbortSignal };
type WithRaw<T> = { data: T; rawResponse: { status: number; headers: Headers } };

type SdkUser = {
  user_id?: string;
  email?: string;
  username?: string;
  identities?: Array<{ connection?: string }>;
  app_metadata?: Record<string, unknown>;
  logins_count?: number;
  last_password_reset?: string;
};

function toUser(u: SdkUser): Auth0User {
  return {
    userId: String(u.user_id ?? ""),
    email: u.email ?? null,
    username: u.username ?? null,
    connections: (u.identities ?? []).map((i) => String(i.connection ?? "")),
    appMetadata: u.app_metadata ?? {},
    ...(typeof u.logins_count === "number" ? { loginsCount: u.logins_count } : {}),
    ...(typeof u.last_password_reset === "string" ? { lastPasswordReset: u.last_password_reset } : {}),
  };
}

/**
 * Auth0 through the real SDK. Retries are off: a login cannot wait for the SDK's backoff,
 * and the deadline bounds every call (token fetch included).
 */
export class SdkAuth0Gateway implements Auth0Gateway, Auth0ConnectionReader {
  private readonly mgmt: ManagementClient;
  private readonly auth: AuthenticationClient;
  private readonly connection: string;
  private readonly budget: SdkAuth0GatewayOptions["budget"];

  constructor(options: SdkAuth0GatewayOptions) {
    this.connection = options.connection;
    this.budget = options.budget;
    this.mgmt = new ManagementClient({
      domain: options.domain,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      maxRetries: 0,
      timeoutInSeconds: 10,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.auth = new AuthenticationClient({
      domain: options.domain,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      timeoutDuration: 10000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /**
   * One Management call: a budget token first (none: rate_limited at once, so a login is not
   * delayed), then the call within the deadline; Auth0's rate-limit headers feed the budget.
   */
  private async management<T>(deadline: Deadline, call: (opts: ManagementOptions) => Promise<WithRaw<T>>): Promise<T> {
    if (this.budget) {
      const verdict = await this.budget.take();
      if (!verdict.granted) throw new Auth0UnavailableError("rate_limited", "Auth0 Management API budget spent", verdict.retryAt);
    }
    try {
      const { data, rawResponse } = await deadline.run((signal, remainingMs) =>
        call({ maxRetries: 0, timeoutInSeconds: Math.max(1, Math.ceil(remainingMs / 1000)), abortSignal: signal }),
      );
      this.budget?.observe({ status: rawResponse.status, headers: rawResponse.headers });
      return data;
    } catch (err) {
      const mapped = mapManagementError(err);
      if (mapped instanceof Auth0UnavailableError && mapped.reason === "rate_limited") {
        this.budget?.observe({ status: 429, retryAt: mapped.retryAt ?? new Date(Date.now() + 1000) });
      } else {
        const headers = (err as { rawResponse?: { headers?: Headers } }).rawResponse?.headers;
        if (headers) this.budget?.observe({ headers });
      }
      throw mapped;
    }
  }

  async createUser(input: CreateAuth0UserInput, deadline: Deadline): Promise<Auth0User> {
    const created = await this.management(deadline, (opts) =>
      this.mgmt.users.create(
        {
          connection: this.connection,
          email: input.email,
          password: input.password,
          email_verified: input.emailVerified,
          ...(input.username ? { username: input.username } : {}),
          app_metadata: { legacy_id: input.legacyId },
        },
        opts,
      ).withRawResponse(),
    );
    return toUser(created as SdkUser);
  }

  async findUsersByEmail(email: string, deadline: Deadline): Promise<Auth0User[]> {
    const users = await this.management(deadline, (opts) => this.mgmt.users.listUsersByEmail({ email }, opts).withRawResponse());
    return (users as SdkUser[]).map(toUser);
  }

  async getUser(userId: string, deadline: Deadline): Promise<Auth0User | null> {
    try {
      const user = await this.management(deadline, (opts) => this.mgmt.users.get(userId, {}, opts).withRawResponse());
      return toUser(user as SdkUser);
    } catch (err) {
      if (err instanceof Auth0NotFoundError) return null;
      throw err;
    }
  }

  async listConnectionUsers(page: number, perPage: number, deadline: Deadline): Promise<{ users: Auth0User[]; total: number }> {
    const result = await this.management(deadline, (opts) =>
      this.mgmt.users.list(
        { q: `identities.connection:"${this.connection.replace(/"/g, '\\"')}"`, page, per_page: perPage, include_totals: true, search_engine: "v3" },
        opts,
      ).then((p) => ({ data: p, rawResponse: p.rawResponse })),
    );
    const total = (result.response as { total?: number }).total ?? result.data.length;
    return { users: (result.data as SdkUser[]).map(toUser), total };
  }

  async updatePassword(userId: string, password: string, deadline: Deadline): Promise<void> {
    await this.management(deadline, (opts) =>
      this.mgmt.users.update(userId, { password, connection: this.connection }, opts).withRawResponse(),
    );
  }

  async takeOverByEmailProof(userId: string, input: { password: string; legacyId: string }, deadline: Deadline): Promise<void> {
    await this.management(deadline, (opts) =>
      this.mgmt.users
        .update(
          userId,
          { password: input.password, email_verified: true, app_metadata: { legacy_id: input.legacyId }, connection: this.connection },
          opts,
        )
        .withRawResponse(),
    );
  }

  async verifyPassword(login: string, password: string, endUserIp: string | undefined, deadline: Deadline): Promise<void> {
    await deadline
      .run((signal) =>
        this.auth.oauth.passwordGrant(
          { username: login, password, realm: this.connection },
          {
            // The function form keeps the SDK's own headers (a plain object would replace them).
            initOverrides: async ({ init }) => ({
              signal,
              headers: {
                ...(init.headers as Record<string, string>),
                ...(endUserIp ? { "auth0-forwarded-for": endUserIp } : {}),
              },
            }),
          },
        ),
      )
      .catch((err: unknown) => {
        throw mapAuthenticationError(err);
      });
  }

  async readPasswordSettings(deadline: Deadline): Promise<ConnectionPasswordSettings | null> {
    const page = await this.management(deadline, (opts) =>
      this.mgmt.connections
        .list({ name: this.connection, strategy: ["auth0"], fields: "name,options", include_fields: true }, opts)
        .then((p) => ({ data: p, rawResponse: p.rawResponse })),
    );
    // The checkpoint shape ({ connections }) or, from older tenants, a bare array.
    const raw = page.response as unknown;
    const list = (Array.isArray(raw) ? raw : ((raw as { connections?: unknown[] } | undefined)?.connections ?? [])) as Array<{
      name?: string;
      options?: { passwordPolicy?: unknown; password_complexity_options?: { min_length?: unknown } };
    }>;
    const found = list.find((c) => c.name === this.connection);
    if (!found) return null;
    const policy = found.options?.passwordPolicy;
    const minLength = found.options?.password_complexity_options?.min_length;
    return {
      policy: typeof policy === "string" ? policy : null,
      minLength: typeof minLength === "number" && Number.isInteger(minLength) ? minLength : null,
    };
  }
}
