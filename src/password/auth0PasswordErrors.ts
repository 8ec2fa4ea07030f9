import { Auth0PasswordPolicyError, Auth0UnavailableError } from "../auth0/auth0Errors";
import { AuthUnavailableError } from "../errors";
import { explainPasswordPolicy, PasswordRejectedError } from "../reset/resetErrors";

/** A `conflict` the service cannot resolve on its own (no proof of the address, or not one account for it). */
export const CANNOT_MOVE_AUTOMATICALLY =
  "Your account cannot be moved to the new login system automatically. Please contact support; your password was not changed.";

/**
 * What the user is told when Auth0 refuses a new password: its policy in words (400), or that it
 * is down (503). Any other error is returned as it is, for the caller to rethrow.
 */
export function passwordChangeError(err: unknown): unknown {
  if (err instanceof Auth0PasswordPolicyError) return new PasswordRejectedError(explainPasswordPolicy(err.auth0Message));
  if (err instanceof Auth0UnavailableError) return new AuthUnavailableError({ cause: err });
  return err;
}
