import { constantTimeEqual } from "../legacy/hashers/constantTimeEqual";

/** Constant-time comparison of two tokens (CSRF, state, cookie signatures); anything but a string never matches. */
export function tokensMatch(expected: unknown, given: unknown): boolean {
  if (typeof expected !== "string" || typeof given !== "string") return false;
  return constantTimeEqual(expected, given);
}
