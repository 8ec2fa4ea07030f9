import type { Auth0Gateway, Auth0User } from "../auth0/Auth0Gateway";
import type { Deadline } from "../auth0/Deadline";
import type { LegacyUser } from "../legacy/LegacyUser";
import type { Logger } from "../logger";
import { usableEmail } from "../migration/Auth0Migrator";
import type { MigrationStore } from "../migration/MigrationStore";
import { NeedsOwnEmailError, PasswordRejectedError } from "../reset/resetErrors";
import { CANNOT_MOVE_AUTOMATICALLY, passwordChangeError } from "./auth0PasswordErrors";

export const LINKED_TO_ANOTHER_USER =
  "The account in the new login system with your email address belongs to another user of this site, so your password was not changed. " +
  "Log in with your current password and give another email address for your account.";

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
  if (!email) throw new PasswordRejectedError(CANNOT_MOVE_AUTOMATICALLY);
  const candidates = (await auth0Call(() => deps.gateway.findUsersByEmail(email, deadline))).filter((u) => u.email);
  if (candidates.length !== 1) throw new PasswordRejectedError(CANNOT_MOVE_AUTOMATICALLY);
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
    throw passwordChangeError(err);
  }
}
