import type { Auth0Gateway, Auth0User, CreateAuth0UserInput } from "../auth0/Auth0Gateway";
import type { Deadline } from "../auth0/Deadline";
import { auth0ErrorKind } from "./auth0ErrorKind";
import type { ServiceMetrics } from "./ServiceMetrics";

/** Times every Auth0 call and counts its failures by kind; passes results and errors through. */
export class MeteredAuth0Gateway implements Auth0Gateway {
  constructor(
    private readonly inner: Auth0Gateway,
    private readonly metrics: ServiceMetrics,
  ) {}

  createUser(input: CreateAuth0UserInput, deadline: Deadline): Promise<Auth0User> {
    return this.timed("create_user", () => this.inner.createUser(input, deadline));
  }

  findUsersByEmail(email: string, deadline: Deadline): Promise<Auth0User[]> {
    return this.timed("users_by_email", () => this.inner.findUsersByEmail(email, deadline));
  }

  getUser(userId: string, deadline: Deadline): Promise<Auth0User | null> {
    return this.timed("get_user", () => this.inner.getUser(userId, deadline));
  }

  updatePassword(userId: string, password: string, deadline: Deadline): Promise<void> {
    return this.timed("update_password", () => this.inner.updatePassword(userId, password, deadline));
  }

  takeOverByEmailProof(userId: string, input: { password: string; legacyId: string }, deadline: Deadline): Promise<void> {
    return this.timed("take_over_by_email_proof", () => this.inner.takeOverByEmailProof(userId, input, deadline));
  }

  listConnectionUsers(page: number, perPage: number, deadline: Deadline): Promise<{ users: Auth0User[]; total: number }> {
    return this.timed("list_users", () => this.inner.listConnectionUsers(page, perPage, deadline));
  }

  verifyPassword(login: string, password: string, endUserIp: string | undefined, deadline: Deadline): Promise<void> {
    return this.timed("password_grant", () => this.inner.verifyPassword(login, password, endUserIp, deadline));
  }

  private async timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await call();
      this.metrics.auth0Call(operation, seconds(), null);
      return result;
    } catch (err) {
      this.metrics.auth0Call(operation, seconds(), auth0ErrorKind(err));
      throw err;
    }
  }
}
