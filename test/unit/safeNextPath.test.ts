import { safeNextPath } from "../../src/web/safeNextPath";

describe("safeNextPath", () => {
  it.each([
    ["/account", "/account"],
    ["/a/b?c=1#d", "/a/b?c=1#d"],
    ["/../etc", "/etc"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each(["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "", "account", "/a\nb", "/a\\b", undefined, 42, ["/x"]])(
    "falls back to / for %j",
    (input) => {
      expect(safeNextPath(input)).toBe("/");
    },
  );
});
