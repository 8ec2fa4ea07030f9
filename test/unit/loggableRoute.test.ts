import type { Context } from "koa";
import { loggableRoute } from "../../src/web/loggableRoute";

function ctx(path: string, matched?: string): Context {
  return { path, ...(matched !== undefined ? { _matchedRoute: matched } : {}) } as unknown as Context;
}

describe("loggableRoute", () => {
  it("names a matched route by its template, never its parameters", () => {
    expect(loggableRoute(ctx("/password-reset/MQ/abc-123def", "/password-reset/:uid/:token"))).toBe("/password-reset/:uid/:token");
  });

  it("keeps only the first segment of an unmatched path", () => {
    expect(loggableRoute(ctx("/password-reset/MQ/abc-123def"))).toBe("/password-reset/…");
    expect(loggableRoute(ctx("/login"))).toBe("/login");
    expect(loggableRoute(ctx("/"))).toBe("/");
    expect(loggableRoute(ctx(`/${"x".repeat(500)}`))).toBe(`/${"x".repeat(64)}/…`);
  });
});
