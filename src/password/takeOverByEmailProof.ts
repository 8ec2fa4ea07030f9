import type { Auth0Gateway, Auth0User } from "../auth0/Auth0Gateway";
import { Auth0PasswordPolicyError, Auth0UnavailableError } from "../auth0/auth0Errors";
import type { Deadline } from "../auth0/Deadline";
import { AuthUnavailableError } from "../errors";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { Logger } from "../logger";
import { usableEmail } from "../migration/Auth0Migrator";
import type { MigrationStore } from "../migration/MigrationStore";
import { explainPasswordPolicy, NeedsOwnEmailError, PasswordRejectedError } from "../reset/resetErrors";

export const LINKED_TO_ANOTHER_USER =
  "The account in the new login system with your email address belongs to another user of this site, so your password was not changed. " +
  "Log in with your current password and give another email address for your account.";

const SEVERAL_ACCOUNTS =
  "Your account cannot be moved to the new login system automatically. Please contact support; your password was not changed.";

export interface EmailProofDeps {
  gateway: Auth0Gateway;
  store: MigrationStore;
  logger: Logger;
}

/**
 * A `conflict` user who proved control of their address (a reset link sent to it): the Auth0
 * account with that address, when no other legacy user holds it, gets the new password (and
 * `email_verified`), and is linked (`linked_by_email_proof`, with the proof's time). Safe because
 * whoever reads that mailbox could take the account through Auth0's own reset anyway; whoever
 * set the account up without the mailbox (a squatter) loses it. Auth0 first: a refusal changes
 * nothing anywhere.
 */
export async function takeOverByEmailProof(
  deps: EmailProofDeps,
  user: LegacyUser,
  password: string,
  provenAt: Date,
  deadline: Deadline,
): Promise<void> {
  const email = usableEmail(user.email)?.toLowerCase();
  if (!email) throw new PasswordRejectedError(SEVERAL_ACCOUNTS);
  const candidates = (await auth0Call(() => deps.gateway.findUsersByEmail(email, deadline))).filter((u) => u.email);
  if (candidates.length !== 1) throw new PasswordRejectedError(SEVERAL_ACCOUNTS);
  const account = candidates[0] as Auth0User;
  const linkedTo = (await deps.store.findByAuth0UserId(account.userId))?.legacyUserId ?? null;
  const madeFor = account.appMetadata.legacy_id;
  // An account the service made for, or linked to, another legacy user is theirs (two legacy users, one email).
  if ((linkedTo !== null && linkedTo !== user.id) || (madeFor !== undefined && madeFor !== null && String(madeFor) !== user.id)) {
    throw new NeedsOwnEmailError(LINKED_TO_ANOTHER_USER);
  }
  await auth0Call(() => deps.gateway.takeOverByEmailProof(account.userId, { password, legacyId: user.id }, deadline));
  const outcome = await deps.store.link({
    legacyUserId: user.id,
    auth0UserId: account.userId,
    auth0Login: email,
    method: "linked_by_email_proof",
    emailProvenAt: provenAt,
  });
  if (outcome.kind === "taken") {
    // Another legacy user linked it between the check and the link (needs that account's new password: practically never).
    deps.logger.error({ legacyUserId: user.id, auth0UserId: account.userId }, "email-proof take-over lost the link to another legacy user");
    throw new NeedsOwnEmailError(LINKED_TO_ANOTHER_USER);
  }
  deps.logger.info({ legacyUserId: user.id, auth0UserId: account.userId, method: "linked_by_email_proof" }, "user migrated");
}

async function auth0Call<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Auth0PasswordPolicyError) throw new PasswordRejectedError(explainPasswordPolicy(err.auth0Message));
    if (err instanceof Auth0UnavailableError) throw new AuthUnavailableError({ cause: err });
    throw err;
  }
}
