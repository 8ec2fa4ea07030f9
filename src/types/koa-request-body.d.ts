import "koa";

// Set by @koa/bodyparser.
declare module "koa" {
  interface Request {
    body?: unknown;
    rawBody?: string;
  }
}
