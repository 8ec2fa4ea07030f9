import { RedirectPolicy } from "../../src/web/RedirectPolicy";

describe("RedirectPolicy", () => {
  const policy = new RedirectPolicy(["app.example.com", "admin.example.com:8443", ".apps.example.org"], false);

  it.each([
    ["https://app.example.com/dash?x=1#h", "https://app.example.com/dash?x=1#h"],
    ["https://APP.example.com:9000/", "https://app.example.com:9000/"],
    ["https://admin.example.com:8443/a", "https://admin.example.com:8443/a"],
    ["https://one.apps.example.org/", "https://one.apps.example.org/"],
    ["/same/site?q=1", "/same/site?q=1"],
  ])("follows %s", (next, expected) => {
    expect(policy.target(next)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "http://app.example.com/",
    "https://admin.example.com/",
    "https://apps.example.org/",
    "https://app.example.com.evil.example/",
    "https://app.example.com@evil.example/",
    "https://user:pw@app.example.com/",
    "https://evil.example\\@app.example.com/",
    "https://evil.example/\\app.example.com",
    "https://app.example.com\t.evil.example/",
    "https:evil.example",
    "https:/evil.example",
    "//evil.example/",
    "/.//evil.example",
    "///evil.example",
    "/\\evil.example",
    "javascript:alert(1)//app.example.com",
    "data:text/html,hi",
    "%2F%2Fevil.example",
    "ftp://app.example.com/",
    `https://app.example.com/${"a".repeat(2100)}`,
    undefined,
    ["https://app.example.com/"],
  ])("falls back to / for %j", (next) => {
    expect(policy.target(next)).toBe("/");
  });

  it("allows plain http only to loopback hosts, and only when told (an http service)", () => {
    const local = new RedirectPolicy(["localhost", "127.0.0.1"], true);
    expect(local.target("http://localhost:3001/hello")).toBe("http://localhost:3001/hello");
    expect(local.target("http://127.0.0.1:3001/")).toBe("http://127.0.0.1:3001/");
    expect(local.target("http://evil.example/")).toBe("/");
    expect(new RedirectPolicy(["localhost"], false).target("http://localhost:3001/")).toBe("/");
    expect(new RedirectPolicy([], true).target("http://localhost:3001/")).toBe("/");
  });
});
