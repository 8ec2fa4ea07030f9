import { AppError } from "../errors";

export class InvalidResetTokenError extends AppError {
  constructor() {
    super("invalid_token", "This password reset link is invalid or has expired. Please ask for a new one.", 400);
  }
}

/** Auth0 (or our own rule) refused the new password; the message says why in plain words. */
export class PasswordRejectedError extends AppError {
  constructor(message: string) {
    super("password_rejected", message, 400);
  }
}

const POLICY_TEXT: Array<[RegExp, string]> = [
  [/PasswordHistoryError/, "You have used this password recently. Please choose a different one."],
  [/PasswordDictionaryError/, "This password is too common. Please choose a less predictable one."],
  [/PasswordNoUserInfoError/, "The password must not contain your name, username or email address."],
  [
    /PasswordStrengthError/,
    "This password is too weak. Use at least 8 characters mixing lower-case and upper-case letters, digits and symbols.",
  ],
];

/** Auth0's policy error in words a user can act on. */
export function explainPasswordPolicy(auth0Message: string): string {
  for (const [pattern, text] of POLICY_TEXT) if (pattern.test(auth0Message)) return text;
  return "The new login system did not accept this password. Please choose a longer, less predictable one.";
}

/**
 * The user cannot be moved to Auth0 with the address they have (none usable, shared with another
 * legacy user, or its Auth0 account belongs to another legacy user): they can give another
 * address at /account/email once logged in. Nothing was changed.
 */
export class NeedsOwnEmailError extends PasswordRejectedError {
  constructor(message: string) {
    super(message);
  }
}
