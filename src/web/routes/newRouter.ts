import Router from "@koa/router";

/**
 * Every router of the service: case-sensitive, so `/API/login` is not `/api/login` and no
 * spelling of a route slips past a guard that looks at the path. A trailing slash still
 * matches (the guard normalises it too).
 */
export function newRouter(prefix?: string): Router {
  return new Router({ sensitive: true, ...(prefix !== undefined ? { prefix } : {}) });
}
