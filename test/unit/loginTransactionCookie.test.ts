import type { Context } from "koa";
import { LoginTransactionCookie } from "../../src/web/LoginTransactionCookie";

/** Just the cookie jar of a Koa context: what the class reads and writes. */
function fakeContext(jar: Map<string, string>): Context {
  return {
    cookies: {
      get: (name: string) => jar.get(name),
      set: (name: string, value: string) => {
        if (value === "") jar.delete(name);
        else jar.set(name, value);
      },
    },
  } as unknown as Context;
}

const SECRET = "a-session-secret-that-is-long-enough-0123456789";
const TX = { state: "s".repeat(43), nonce: "n".repeat(43), codeVerifier: "v".repeat(43), next: "/admin" };

describe("LoginTransactionCookie", () => {
  it("gives back the transaction once", () => {
    const jar = new Map<string, string>();
    const cookie = new LoginTransactionCookie(SECRET, false);
    cookie.store(fakeContext(jar), TX);
    expect(cookie.take(fakeContext(jar))).toEqual(TX);
    expect(cookie.take(fakeContext(jar))).toBeUndefined();
  });

  it("refuses a transaction whose content was changed, or signed under another secret", () => {
    const jar = new Map<string, string>();
    new LoginTransactionCookie(SECRET, false).store(fakeContext(jar), TX);
    const [name, value] = [...jar][0] as [string, string];
    const [payload, mac] = value.split(".") as [string, string];
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), next: "/elsewhere" })).toString("base64url");
    jar.set(name, `${changed}.${mac}`);
    expect(new LoginTransactionCookie(SECRET, false).take(fakeContext(jar))).toBeUndefined();

    new LoginTransactionCookie(`${SECRET}-other`, false).store(fakeContext(jar), TX);
    expect(new LoginTransactionCookie(SECRET, false).take(fakeContext(jar))).toBeUndefined();
  });

  it("refuses a transaction older than ten minutes", () => {
    const jar = new Map<string, string>();
    let now = 1_000_000;
    const cookie = new LoginTransactionCookie(SECRET, false, () => now);
    cookie.store(fakeContext(jar), TX);
    now += 10 * 60 * 1000 + 1;
    expect(cookie.take(fakeContext(jar))).toBeUndefined();
  });

  it("uses a __Host- cookie behind https", () => {
    const jar = new Map<string, string>();
    new LoginTransactionCookie(SECRET, true).store(fakeContext(jar), TX);
    expect([...jar.keys()]).toEqual(["__Host-auth0_migrate_login"]);
  });
});
