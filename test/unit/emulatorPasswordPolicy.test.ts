import { checkPasswordPolicy, type PasswordPolicy } from "../../src/auth0/emulator/passwordPolicy";

const cases: Array<[PasswordPolicy, string, boolean]> = [
  ["none", "", false],
  ["none", "a", true],
  ["low", "abcde", false],
  ["low", "abcdef", true],
  ["fair", "Abcdef1", false], // 7 chars
  ["fair", "abcdefg1", false], // no upper
  ["fair", "ABCDEFG1", false], // no lower
  ["fair", "Abcdefgh", false], // no digit
  ["fair", "Abcdefg!", false], // special does not replace the digit
  ["fair", "Abcdefg1", true],
  ["good", "abcdefg1", false], // 2 kinds
  ["good", "Abcdef1", false], // 7 chars
  ["good", "Abcdefg1", true], // lower, upper, digit
  ["good", "abcdefg1!", true], // lower, digit, special
  ["good", "ABCDEFG !", false], // upper, special: 2 kinds
  ["good", "ABCDEF1 ", true], // upper, digit, space as special
  ["good", "pässwörd1!", true], // non-ASCII letters count as nothing, 3 kinds remain
  ["excellent", "Abcdefg1!", false], // 9 chars
  ["excellent", "Abcdefgh12", true],
  ["excellent", "Abcdeffh12", true], // two identical in a row is fine
  ["excellent", "Abcdefffh12", false], // three in a row is not
  ["excellent", "abcdefghij", false], // one kind
];

describe("checkPasswordPolicy", () => {
  it.each(cases)("%s %j -> %s", (policy, password, expected) => {
    expect(checkPasswordPolicy(policy, password)).toBe(expected);
  });

  it("counts code points, not UTF-16 units", () => {
    expect(checkPasswordPolicy("low", "😀😀😀")).toBe(false); // 3 code points, 6 UTF-16 units
  });
});
