import { explainPasswordPolicy } from "../reset/resetErrors";
import type { StuckState } from "./StuckUsersQuery";

/**
 * Why a user has not moved to Auth0, in words a support person can repeat to them, with what
 * the user (or staff) can do about it. `reason` is what Auth0 answered, when it said something.
 */
export function explainStuckUser(state: StuckState, reason: string | null): string {
  switch (state) {
    case "conflict":
      return (
        "The new login system already has an account with this email address, and this user's password does not open it. " +
        "A reset link proves they own the address and finishes the move. If another user of ours shares the address, " +
        "they can log in and add a different email address instead."
      );
    case "weak_password":
      return (
        `Their password is too weak for the new login system (${explainPasswordPolicy(reason ?? "")}) ` +
        "They can log in as usual and will be asked for a stronger password on the spot; a reset link works too."
      );
    case "no_email":
      return (
        "Their account has no usable email address, so no link can be sent. " +
        "They can log in as usual, add an email address on their account page, and the move finishes there."
      );
    case "pending":
      return (
        "The new login system could not be reached when they last logged in. Nothing is wrong with their account: " +
        "their next login finishes the move; a reset link works too."
      );
  }
}
