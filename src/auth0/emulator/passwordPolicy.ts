import { isPasswordStrength, PASSWORD_STRENGTHS, type PasswordStrength } from "../passwordStrength";

/**
 * Auth0 database-connection password policies ("Password Strength" in the dashboard).
 *
 * - none:      at least 1 character
 * - low:       at least 6 characters
 * - fair:      at least 8 characters, with lower case, upper case and a digit
 * - good:      at least 8 characters, with 3 of the 4 kinds: lower, upper, digit, special
 * - excellent: at least 10 characters, 3 of the 4 kinds, and no more than 2 identical characters in a row
 */
export type PasswordPolicy = PasswordStrength;

export const PASSWORD_POLICIES: readonly PasswordPolicy[] = PASSWORD_STRENGTHS;

export const isPasswordPolicy: (value: unknown) => value is PasswordPolicy = isPasswordStrength;

const LOWER = /[a-z]/;
const UPPER = /[A-Z]/;
const DIGIT = /[0-9]/;
// ASCII punctuation and the space, the "special characters" Auth0 counts.
const SPECIAL = /[ !"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

function kindsPresent(password: string): number {
  return [LOWER, UPPER, DIGIT, SPECIAL].filter((re) => re.test(password)).length;
}

function hasRunLongerThan(chars: readonly string[], maxRun: number): boolean {
  let run = 1;
  for (let i = 1; i < chars.length; i++) {
    run = chars[i] === chars[i - 1] ? run + 1 : 1;
    if (run > maxRun) return true;
  }
  return false;
}

/** True when `password` satisfies `policy`. Lengths count Unicode code points. */
export function checkPasswordPolicy(policy: PasswordPolicy, password: string): boolean {
  const chars = [...password];
  switch (policy) {
    case "none":
      return chars.length >= 1;
    case "low":
      return chars.length >= 6;
    case "fair":
      return chars.length >= 8 && LOWER.test(password) && UPPER.test(password) && DIGIT.test(password);
    case "good":
      return chars.length >= 8 && kindsPresent(password) >= 3;
    case "excellent":
      return chars.length >= 10 && kindsPresent(password) >= 3 && !hasRunLongerThan(chars, 2);
  }
}
