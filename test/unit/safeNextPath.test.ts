import { safeNextPath } from "../../src/web/safeNextPath";

describe("safeNextPath", () => {
  it.each([
    ["/account", "/account"],
    ["/a/b?c=1#d", "/a/b?c=1#d"],
    ["/../etc", "/etc"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  // Normalising `/.//evil.example` yields `//evil.example`, which a browser reads as another host.
  it.each(["/.//evil.example", "/./\\evil.example", "/a/..//evil.example/x", "/%2e//evil.example"])("falls back to / when normalising %j leaves a protocol-relative URL", (input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  it.each(["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "", "account", "/a\nb", "/a\\b", undefined, 42, ["/x"]])(
    "falls back to / for %j",
    (input) => {
      expect(safeNextPath(input)).toBe("/");
    },
  );
});
