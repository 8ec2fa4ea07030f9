import type { PasswordStrength } from "../auth0/passwordStrength";

const RULES: Record<PasswordStrength, { minLength: number; text: string }> = {
  none: { minLength: 1, text: "" },
  low: { minLength: 6, text: "" },
  fair: { minLength: 8, text: " and must contain lower-case letters, upper-case letters and digits" },
  good: { minLength: 8, text: " and must contain at least 3 of these 4: lower-case letters, upper-case letters, digits, symbols (such as ! @ # $)" },
  excellent: {
    minLength: 10,
    text:
      " and must contain at least 3 of these 4: lower-case letters, upper-case letters, digits, symbols (such as ! @ # $); " +
      "no character may appear more than twice in a row",
  },
};

/** The policy in one sentence a user reads before typing a new password. */
export function describePasswordPolicy(strength: PasswordStrength, minLength: number | null = null): string {
  const rule = RULES[strength];
  const length = Math.max(rule.minLength, minLength ?? 0);
  return `Your new password needs at least ${length} character${length === 1 ? "" : "s"}${rule.text}. It must not be one you used recently, a very common one, or contain your name or email address.`;
}
