/**
 * Auth0's "Password Strength" settings of a database connection, weakest first: the one list
 * the config (AUTH0_PASSWORD_POLICY), the policy stated to users and the emulator share.
 */
export const PASSWORD_STRENGTHS = ["none", "low", "fair", "good", "excellent"] as const;

export type PasswordStrength = (typeof PASSWORD_STRENGTHS)[number];

export function isPasswordStrength(value: unknown): value is PasswordStrength {
  return typeof value === "string" && (PASSWORD_STRENGTHS as readonly string[]).includes(value);
}
