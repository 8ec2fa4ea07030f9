import { createHmac } from "node:crypto";
import type { Context } from "koa";
import type { LoginTransaction } from "../auth0/oidc/UniversalLogin";
import { tokensMatch } from "../tokens/tokensMatch";

const COOKIE = "auth0_migrate_login";
// Behind https the __Host- prefix keeps a sibling subdomain from planting its own transaction.
const SECURE_COOKIE = "__Host-auth0_migrate_login";
/** Long enough to log in (and pass MFA) at Auth0; a stale transaction is refused. */
const LIFETIME_MS = 10 * 60 * 1000;
const MAX_COOKIE_CHARS = 3000;

/**
 * The Universal Login transaction (state, nonce, PKCE verifier, next) in a short-lived, signed,
 * HttpOnly cookie: it binds the return to the browser that started the login, and an anonymous
 * visitor keeps no server-side session. SameSite=Lax lets it ride along on Auth0's top-level
 * redirect back to /callback.
 */
export class LoginTransactionCookie {
  private readonly key: Buffer;
  private readonly name: string;

  constructor(
    secret: string,
    private readonly secure: boolean,
    private readonly clock: () => number = Date.now,
  ) {
    // A key of its own, so these MACs never stand in for the secret's other uses.
    this.key = createHmac("sha256", secret).update("auth0-migrate login transaction v1").digest();
    this.name = secure ? SECURE_COOKIE : COOKIE;
  }

  store(ctx: Context, transaction: LoginTransaction): void {
    const payload = Buffer.from(JSON.stringify({ ...transaction, exp: this.clock() + LIFETIME_MS })).toString("base64url");
    this.set(ctx, `${payload}.${this.mac(payload)}`, LIFETIME_MS);
  }

  /** The transaction this browser started, once: reading it clears the cookie. Undefined when absent, forged or expired. */
  take(ctx: Context): LoginTransaction | undefined {
    const raw = ctx.cookies.get(this.name, { signed: false });
    if (raw === undefined) return undefined;
    this.set(ctx, "", 0);
    if (raw.length > MAX_COOKIE_CHARS) return undefined;
    const dot = raw.indexOf(".");
    if (dot <= 0) return undefined;
    const payload = raw.slice(0, dot);
    if (!tokensMatch(this.mac(payload), raw.slice(dot + 1))) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
    const t = parsed as Record<string, unknown>;
    if (typeof t.exp !== "number" || t.exp <= this.clock()) return undefined;
    for (const field of ["state", "nonce", "codeVerifier", "next"] as const) {
      if (typeof t[field] !== "string") return undefined;
    }
    return { state: t.state as string, nonce: t.nonce as string, codeVerifier: t.codeVerifier as string, next: t.next as string };
  }

  private set(ctx: Context, value: string, maxAge: number): void {
    ctx.cookies.set(this.name, value, { httpOnly: true, sameSite: "lax", secure: this.secure, path: "/", signed: false, overwrite: true, maxAge });
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }
}
