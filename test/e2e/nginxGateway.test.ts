import { request as httpRequest } from "node:http";
import type { HttpClient } from "../support/HttpClient";
import type { CreatedLegacyUser } from "../support/legacyUsers";
import { EchoUpstream, type ReceivedRequest } from "../support/nginx/EchoUpstream";
import { startNginxGateway, type NginxGateway } from "../support/nginx/startNginxGateway";
import { SmtpSink } from "../support/SmtpSink";

/**
 * Debian's nginx with docs/integration.md's configuration (only the ports changed) in front of
 * the service and an application that echoes what it receives. Without nginx this file fails.
 * The verify cache keeps its default window (5 s) on a clock the tests move, so revocation
 * "within the window" is checked without waiting.
 */
let g: NginxGateway;
let smtp: SmtpSink;
let offsetMs = 0;
const CACHE_MS = 5000;

beforeAll(async () => {
  smtp = new SmtpSink();
  g = await startNginxGateway({ env: { SMTP_URL: await smtp.start(), AUTH_VERIFY_CACHE_SECONDS: "5" }, clock: () => Date.now() + offsetMs });
}, 60000);

afterAll(async () => {
  await g?.stop();
  await smtp?.stop();
});

const HTML = { accept: "text/html,application/xhtml+xml" };

/** The path and query of a redirect's Location (the service answers with PUBLIC_URL's origin). */
function locationOf(res: Response): URL {
  const location = res.headers.get("location");
  if (!location) throw new Error(`no Location on a ${res.status}`);
  return new URL(location, g.url);
}

async function formLogin(client: HttpClient, user: CreatedLegacyUser, next: string): Promise<Response> {
  const csrf = await client.csrfFrom(`/login?next=${encodeURIComponent(next)}`);
  return client.postForm("/login", { _csrf: csrf, identifier: user.username, password: user.password, next });
}

async function loggedIn(user: CreatedLegacyUser): Promise<HttpClient> {
  const client = g.client();
  expect((await formLogin(client, user, "/app/")).status).toBe(303);
  return client;
}

/** GET through nginx; the request the application received, or null when it was not reached. */
async function getApp(client: HttpClient, path: string, headers: Record<string, string> = HTML): Promise<{ res: Response; seen: ReceivedRequest | null }> {
  const before = g.upstream.received.length;
  const res = await client.get(path, headers);
  await res.arrayBuffer();
  const seen = g.upstream.received.length > before ? g.upstream.last() : null;
  expect(g.upstream.received.length - before).toBe(seen ? 1 : 0);
  return { res, seen };
}

/** The client's session cookie, for requests made without HttpClient (raw headers, streams, upgrades). */
function sessionCookie(client: HttpClient): string {
  return ["auth0_migrate_sid", "auth0_migrate_sid.sig"].map((name) => `${name}=${client.cookie(name)}`).join("; ");
}

function header(seen: ReceivedRequest, name: string): string[] {
  return EchoUpstream.aliasesOf(seen, name).map(([, v]) => v);
}

describe("the documented nginx configuration", () => {
  it("serves the service's login page under the application's host and keeps /auth/verify internal", async () => {
    const client = g.client();
    const login = await client.get("/login");
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('name="_csrf"');
    expect((await client.get("/auth/verify")).status).toBe(404);
  });

  it("sends an anonymous browser to the login page and back, and the application receives alice", async () => {
    const alice = await g.service.users.create({ username: "alice", email: "alice@example.com" });
    const client = g.client();

    const { res: first, seen: none } = await getApp(client, "/app/page?x=1");
    expect(first.status).toBe(302);
    expect(none).toBeNull();
    const login = locationOf(first);
    expect(login.origin).toBe(g.url);
    expect(login.pathname).toBe("/login");
    expect(login.searchParams.get("next")).toBe("/app/page?x=1");

    const page = await client.get(`${login.pathname}${login.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="next" value="/app/page?x=1"');

    const posted = await formLogin(client, alice, "/app/page?x=1");
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe("/app/page?x=1");

    const { res, seen } = await getApp(client, "/app/page?x=1");
    expect(res.status).toBe(200);
    expect(seen?.url).toBe("/app/page?x=1");
    expect(header(seen!, "X-Auth-Request-User")).toEqual(["alice"]);
    expect(header(seen!, "X-Auth-Request-User-Id")).toEqual([alice.id]);
    expect(header(seen!, "X-Auth-Request-Email")).toEqual(["alice@example.com"]);
    expect(header(seen!, "X-Auth-Request-Migration")).toEqual(["migrated"]);
    expect(header(seen!, "X-Auth-Request-Auth0-Id")).toEqual([expect.stringMatching(/^auth0\|/)]);
  });

  it("keeps the whole original URI as next, & and all", async () => {
    const { res } = await getApp(g.client(), "/app/search?q=a%20b&page=2");
    expect(res.status).toBe(302);
    expect(locationOf(res).searchParams.get("next")).toBe("/app/search?q=a%20b&page=2");
  });

  it("answers an anonymous API client 401, not a redirect, and never reaches the application", async () => {
    for (const accept of ["application/json", "*/*"]) {
      const { res, seen } = await getApp(g.client(), "/app/api/items", { accept });
      expect(res.status).toBe(401);
      expect(res.headers.get("location")).toBeNull();
      expect(seen).toBeNull();
    }
  });

  it("ignores a client's X-Forwarded-Uri: the redirect names the URI actually asked for", async () => {
    const { res, seen } = await getApp(g.client(), "/app/real", { ...HTML, "x-forwarded-uri": "/elsewhere" });
    expect(res.status).toBe(302);
    expect(locationOf(res).searchParams.get("next")).toBe("/app/real");
    expect(seen).toBeNull();
  });
});

describe("identity headers a client sends", () => {
  const SPOOFED = "spoofed-admin-7f3c";
  const spoofing: Record<string, string> = {
    "X-Auth-Request-User": SPOOFED,
    X_Auth_Request_User: SPOOFED,
    "X.Auth.Request.User": SPOOFED,
    "X-Auth_Request-User": SPOOFED,
    "X-Auth-Request-User-Id": "999999",
    X_Auth_Request_User_Id: "999999",
    "X-Auth-Request-Email": `${SPOOFED}@example.com`,
    "X-Auth-Request-Auth0-Id": `auth0|${SPOOFED}`,
    "X-Auth-Request-Migration": SPOOFED,
  };

  it("never reach the application for an anonymous client", async () => {
    const { res, seen } = await getApp(g.client(), "/app/admin", { ...HTML, ...spoofing });
    expect(res.status).toBe(302);
    expect(seen).toBeNull();
    const api = await getApp(g.client(), "/app/admin", { accept: "application/json", ...spoofing });
    expect(api.res.status).toBe(401);
    expect(api.seen).toBeNull();
  });

  it("never reach the application for a user logged in as someone else, in any spelling", async () => {
    // No email: the login cannot link bob to Auth0, so two headers must be absent, not the client's.
    const bob = await g.service.users.create({ username: "bob", email: null });
    const client = await loggedIn(bob);
    const { res, seen } = await getApp(client, "/app/admin", { ...HTML, ...spoofing });
    expect(res.status).toBe(200);
    expect(header(seen!, "X-Auth-Request-User")).toEqual(["bob"]);
    expect(header(seen!, "X-Auth-Request-User-Id")).toEqual([bob.id]);
    expect(header(seen!, "X-Auth-Request-Email")).toEqual([]);
    expect(header(seen!, "X-Auth-Request-Auth0-Id")).toEqual([]);
    expect(header(seen!, "X-Auth-Request-Migration")).toEqual([expect.not.stringContaining(SPOOFED)]);
    expect(seen!.rawHeaders.filter(([, v]) => v.includes(SPOOFED) || v === "999999")).toEqual([]);

    // The same names twice, lower-cased: still only the proxy's one value.
    const twice = await new Promise<ReceivedRequest>((resolve, reject) => {
      const before = g.upstream.received.length;
      const req = httpRequest(`${g.url}/app/twice`, {
        headers: ["host", new URL(g.url).host, "accept", "text/html", "cookie", sessionCookie(client), "x-auth-request-user", SPOOFED, "x-auth-request-user", SPOOFED],
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => (g.upstream.received.length > before ? resolve(g.upstream.last()) : reject(new Error(`status ${res.statusCode}, upstream not reached`))));
      });
      req.on("error", reject);
      req.end();
    });
    expect(header(twice, "X-Auth-Request-User")).toEqual(["bob"]);
  });
});

describe("a username that is not plain ASCII", () => {
  it("reaches the application RFC 8187-encoded, never as raw bytes", async () => {
    const jorg = await g.service.users.create({ username: "jörg müller", email: null });
    const client = await loggedIn(jorg);
    const { res, seen } = await getApp(client, "/app/", { accept: "application/json" });
    expect(res.status).toBe(200);
    const [value] = header(seen!, "X-Auth-Request-User");
    expect(value).toBe("UTF-8''j%C3%B6rg%20m%C3%BCller");
    expect(decodeURIComponent(value!.slice("UTF-8''".length))).toBe("jörg müller");
  });
});

describe("requests of a logged-in user", () => {
  let carol: CreatedLegacyUser;
  let client: HttpClient;

  beforeAll(async () => {
    carol = await g.service.users.create({ username: "carol" });
    client = await loggedIn(carol);
  });

  it("passes a POST body to the application intact, and a chunked one", async () => {
    // Larger than any body the service itself accepts (16 kB): the check never reads it.
    const body = JSON.stringify({ text: "é∑ ".repeat(20000), n: 1 });
    const posted = await client.request("POST", "/app/upload", { body, headers: { "content-type": "application/json", accept: "application/json" } });
    expect(posted.status).toBe(200);
    const seen = (await posted.json()) as ReceivedRequest;
    expect(seen.method).toBe("POST");
    expect(seen.body).toBe(body);
    expect(header(seen, "X-Auth-Request-User")).toEqual(["carol"]);

    const chunks = ["first chunk,", "second chunk,", "last"];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    });
    const cookie = sessionCookie(client);
    const chunked = await fetch(`${g.url}/app/upload`, { method: "PUT", body: stream, duplex: "half", headers: { cookie, accept: "application/json" } } as RequestInit);
    expect(chunked.status).toBe(200);
    const seenChunked = (await chunked.json()) as ReceivedRequest;
    expect(seenChunked.method).toBe("PUT");
    expect(seenChunked.body).toBe(chunks.join(""));
  });

  it("passes a WebSocket upgrade to the application with the identity", async () => {
    const cookie = sessionCookie(client);
    const seen = await new Promise<ReceivedRequest>((resolve, reject) => {
      const req = httpRequest(`${g.url}/app/socket`, {
        headers: { cookie, connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
      });
      req.on("upgrade", (res, socket, head) => {
        let data = head.toString("utf8");
        socket.on("data", (c: Buffer) => (data += c.toString("utf8")));
        socket.on("end", () => {
          expect(res.statusCode).toBe(101);
          resolve(JSON.parse(data) as ReceivedRequest);
        });
      });
      req.on("response", (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      req.on("error", reject);
      req.end();
    });
    expect(seen.headers.upgrade).toBe("websocket");
    expect(header(seen, "X-Auth-Request-User")).toEqual(["carol"]);
  });

  it("refuses an anonymous WebSocket upgrade before the application", async () => {
    const before = g.upstream.received.length;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${g.url}/app/socket`, {
        headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
      });
      req.on("upgrade", () => reject(new Error("upgraded without a session")));
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(401);
    expect(g.upstream.received.length).toBe(before);
  });
});

describe("ending access", () => {
  async function expectAccess(client: HttpClient, allowed: boolean): Promise<void> {
    const { res, seen } = await getApp(client, "/app/dashboard");
    expect(res.status).toBe(allowed ? 200 : 302);
    expect(seen !== null).toBe(allowed);
    if (!allowed) expect(locationOf(res).pathname).toBe("/login");
  }

  afterEach(() => {
    offsetMs = 0;
  });

  it("ends at once on logout", async () => {
    const dave = await g.service.users.create({ username: "dave" });
    const client = await loggedIn(dave);
    await expectAccess(client, true);
    const csrf = await client.csrfFrom("/login");
    const out = await client.postForm("/logout", { _csrf: csrf });
    expect(out.status).toBe(303);
    await expectAccess(client, false);
  });

  it("ends within the cache window when the user is deactivated in the legacy table, and stays ended", async () => {
    const erin = await g.service.users.create({ username: "erin" });
    const client = await loggedIn(erin);
    await expectAccess(client, true);
    await g.service.testDb.db("users").where({ id: erin.id }).update({ is_active: false });
    offsetMs += CACHE_MS + 1;
    await expectAccess(client, false);
    // The session was ended, not only refused: reactivating does not bring it back.
    await g.service.testDb.db("users").where({ id: erin.id }).update({ is_active: true });
    offsetMs += CACHE_MS + 1;
    await expectAccess(client, false);
  });

  it("ends within the cache window when the user is deleted", async () => {
    const frank = await g.service.users.create({ username: "frank", email: null });
    const client = await loggedIn(frank);
    await expectAccess(client, true);
    await g.service.testDb.db("users").where({ id: frank.id }).delete();
    offsetMs += CACHE_MS + 1;
    await expectAccess(client, false);
  });

  it("ends within the cache window when the password is reset through the service's reset link", async () => {
    const grace = await g.service.users.create({ username: "grace", email: "grace@example.com" });
    const client = await loggedIn(grace);
    await expectAccess(client, true);

    const other = g.client();
    expect((await other.postJson("/api/password-reset", { email: "grace@example.com" })).status).toBe(202);
    await g.service.app.reset.drain();
    const [, , uid, token] = SmtpSink.resetPath(smtp.to("grace@example.com").at(-1)!).split("/");
    const confirmed = await other.postJson("/api/password-reset/confirm", { uid, token, password: "A-brand-new-Passphrase-42" });
    expect(confirmed.status).toBe(200);

    offsetMs += CACHE_MS + 1;
    await expectAccess(client, false);
  });

  it("ends within the cache window when the legacy application changes the password hash", async () => {
    const heidi = await g.service.users.create({ username: "heidi", email: null });
    const client = await loggedIn(heidi);
    await expectAccess(client, true);
    const other = await g.service.users.create({ email: null });
    const otherHash = (await g.service.testDb.db("users").where({ id: other.id }).first()).password as string;
    await g.service.testDb.db("users").where({ id: heidi.id }).update({ password: otherHash });
    offsetMs += CACHE_MS + 1;
    await expectAccess(client, false);
  });
});
