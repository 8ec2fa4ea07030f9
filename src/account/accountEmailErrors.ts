import { AppError } from "../errors";
import { PasswordRejectedError } from "../reset/resetErrors";

/** Auth0's policy refuses the user's current password: they choose a new one on the same page. */
export class CurrentPasswordTooWeakError extends PasswordRejectedError {
  constructor(message: string) {
    super(message);
  }
}

export class InvalidEmailLinkError extends AppError {
  constructor() {
    super("invalid_token", "This confirmation link is invalid, has already been used, or has expired. Please ask for a new one.", 400);
  }
}

/** Taken by another Auth0 user or legacy user; which one is never said. */
export class AddressUnavailableError extends AppError {
  constructor() {
    super("email_unavailable", "This email address cannot be used for your account. Please give another one.", 400);
  }
}

export class NoEmailNeededError extends AppError {
  constructor() {
    super(
      "email_not_needed",
      "Your account does not need another email address: it has moved to the new login system, or can move with the address it has.",
      403,
    );
  }
}
