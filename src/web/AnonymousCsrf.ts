import { createHmac, randomBytes } from "node:crypto";
import type { Context, Middleware } from "koa";
import { tokensMatch } from "../tokens/tokensMatch";

const COOKIE = "auth0_migrate_csrf";
// Behind https the __Host- prefix keeps a sibling subdomain from planting its own value.
const SECURE_COOKIE = "__Host-auth0_migrate_csrf";
const NONCE = /^[A-Za-z0-9_-]{43}$/;
const STATE_KEY = "anonymousCsrf";
const FRESH_NONCE = "anonymousCsrfNonce";

/**
 * CSRF tokens for anonymous forms without a stored session (a signed double-submit cookie): the
 * browser keeps a random value in an HttpOnly cookie, the form carries its HMAC under the app's
 * secret. A cross-site page can neither read the cookie nor forge the HMAC.
 */
export class AnonymousCsrf {
  private readonly key: Buffer;
  private readonly cookieName: string;

  constructor(
    secret: string,
    private readonly secure: boolean,
  ) {
    // A key of its own, so these MACs never stand in for the secret's other uses (reset tokens).
    this.key = createHmac("sha256", secret).update("auth0-migrate anonymous csrf v1").digest();
    this.cookieName = secure ? SECURE_COOKIE : COOKIE;
  }

  /** The token for this browser's forms; sets the cookie when the browser has none yet. */
  tokenFor(ctx: Context): string {
    let nonce = this.nonce(ctx);
    if (!nonce) {
      nonce = randomBytes(32).toString("base64url");
      ctx.cookies.set(this.cookieName, nonce, { httpOnly: true, sameSite: "lax", secure: this.secure, path: "/", signed: false, overwrite: true });
      ctx.state[FRESH_NONCE] = nonce;
    }
    return this.sign(nonce);
  }

  verify(ctx: Context, given: unknown): boolean {
    const nonce = this.nonce(ctx);
    return nonce !== undefined && tokensMatch(this.sign(nonce), given);
  }

  private nonce(ctx: Context): string | undefined {
    const fresh: unknown = ctx.state[FRESH_NONCE];
    if (typeof fresh === "string") return fresh;
    const value = ctx.cookies.get(this.cookieName, { signed: false });
    return value !== undefined && NONCE.test(value) ? value : undefined;
  }

  private sign(nonce: string): string {
    return createHmac("sha256", this.key).update(nonce).digest("base64url");
  }
}

/** Puts the app's AnonymousCsrf where csrfTokenFor and requireCsrf find it. */
export function anonymousCsrf(secret: string, secure: boolean): Middleware {
  const csrf = new AnonymousCsrf(secret, secure);
  return async (ctx, next) => {
    ctx.state[STATE_KEY] = csrf;
    await next();
  };
}

export function anonymousCsrfOf(ctx: Context): AnonymousCsrf {
  const csrf: unknown = ctx.state[STATE_KEY];
  if (!(csrf instanceof AnonymousCsrf)) throw new Error("anonymousCsrf middleware missing");
  return csrf;
}
