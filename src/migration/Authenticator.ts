import type { LoginContext, LoginResult } from "./MigrateToAuth0Backend";

/** What the web layer logs users in with (the backend, possibly behind throttling). */
export interface Authenticator {
  authenticate(identifier: string, password: string, context?: LoginContext): Promise<LoginResult>;
}
