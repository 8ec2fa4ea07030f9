import { ManagementError } from "auth0";
import { AuthApiError, type AuthenticationClient } from "auth0/legacy";

/** Runs `call`, which must fail with a ManagementError, and returns that error (any other error is rethrown). */
export async function managementFailure(call: () => Promise<unknown>): Promise<ManagementError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof ManagementError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

/** Whether a password grant in this connection succeeds: false on the 403 of wrong credentials, any other error thrown. */
export async function passwordGrantSucceeds(auth: AuthenticationClient, realm: string, username: string, password: string): Promise<boolean> {
  try {
    await auth.oauth.passwordGrant({ username, password, realm });
    return true;
  } catch (err) {
    if (err instanceof AuthApiError && err.statusCode === 403) return false;
    throw err;
  }
}
