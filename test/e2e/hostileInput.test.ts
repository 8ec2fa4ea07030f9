import http from "node:http";
import zlib from "node:zlib";
import { startTestApp, type TestApp } from "../support/startTestApp";

/** Deterministic PRNG (mulberry32), so a failing request can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

const ROUTES: Array<[string, string]> = [
  ["GET", "/login"],
  ["POST", "/login"],
  ["POST", "/logout"],
  ["GET", "/"],
  ["GET", "/password-reset"],
  ["POST", "/password-reset"],
  ["GET", "/password-reset/:uid/:token"],
  ["POST", "/password-reset/:uid/:token"],
  ["POST", "/api/login"],
  ["POST", "/api/logout"],
  ["GET", "/api/me"],
  ["POST", "/api/password-reset"],
  ["POST", "/api/password-reset/confirm"],
  ["GET", "/api/admin/status"],
  ["GET", "/admin"],
  ["GET", "/admin?conflict_page=:q&pending_page=:q"],
  ["POST", "/admin/campaigns/preview"],
  ["POST", "/admin/campaigns"],
  ["GET", "/login/auth0?next=:q"],
  ["GET", "/callback?code=:q&state=:q"],
  ["GET", "/callback?error=:q&state=:q"],
  ["POST", "/admin/users/:uid/reset-link"],
  ["GET", "/admin?no_email_page=:q"],
  ["GET", "/account/password"],
  ["POST", "/account/password"],
  ["POST", "/api/account/password"],
  ["GET", "/account/email"],
  ["POST", "/account/email"],
  ["GET", "/account/email/:token"],
  ["POST", "/account/email/:token"],
  ["POST", "/api/backend/authenticate"],
  ["GET", "/api/backend/users/:uid"],
  ["POST", "/api/backend/users/:uid/password"],
  ["GET", "/healthz"],
  ["GET", "/metrics"],
  ["GET", "/no/such/route"],
  ["PUT", "/api/login"],
  ["DELETE", "/login"],
  ["GET", "/auth/verify"],
  ["POST", "/auth/verify"],
  ["GET", "/login?next=:q"],
];

const STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "x".repeat(10_000),
  "😀".repeat(500),
  "\u202Eevil\u202C",
  "e\u0301\u0301\u0301",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00%2e%2e%2f",
  "../../etc/passwd",
  "\ud800",
  "admin",
  "alice@example.com",
  "\r\nSet-Cookie: x=1",
  "/.//evil.example",
  "https://evil.example\\@localhost/",
];

const VALUES: unknown[] = [...STRINGS, 0, -1, 1e308, true, false, null, [], ["a"], {}, { $ne: null }, [[[[[]]]]]];

const SEGMENTS = ["..", "%2e%2e", "%00", "a%2Fb", "..%2F..%2Fetc", "x".repeat(3000), "😀", "AAAA", "MQ", "MQ-", "1-abc", "%zz", ";", "*"];

function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded; send its raw escape instead.
    return "%ED%A0%80";
  }
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** A logged-in staff user's cookies and CSRF token, so the admin routes are probed past their gate. */
interface StaffSession {
  cookie: string;
  csrf: string;
}

function makeProbe(rand: () => number, staff: StaffSession): Probe {
  const [method, template] = pick(rand, ROUTES);
  const path = template
    .replace(":uid", enc(pick(rand, STRINGS)).slice(0, 4000) || "x")
    .replace(":token", pick(rand, SEGMENTS))
    .replace(/:q/g, () => enc(String(pick(rand, VALUES))).slice(0, 4000));
  const headers: Record<string, string> = {};
  const shape = Math.floor(rand() * 9);
  let body: Buffer | string | undefined;
  const fields = ["identifier", "password", "email", "uid", "token", "password_confirm", "_csrf", "next", "name", "limit", "resend_after_days", "last_login_before"];
  const obj: Record<string, unknown> = {};
  for (const f of fields) if (rand() < 0.6) obj[f] = pick(rand, VALUES);
  const asStaff = path.startsWith("/admin") && rand() < 0.7;
  if (asStaff && rand() < 0.8) obj._csrf = staff.csrf;
  switch (shape) {
    case 0:
      headers["content-type"] = "application/json";
      body = JSON.stringify(obj);
      break;
    case 1:
      headers["content-type"] = "application/json";
      body = pick(rand, ['{"identifier":', "[", "nul", '{"a":1}}', "\u0000", '"just a string"', "12", "{}".repeat(5000)]);
      break;
    case 2:
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = Object.entries(obj)
        .map(([k, v]) => `${enc(k)}=${enc(String(v))}`)
        .join("&");
      break;
    case 3:
      headers["content-type"] = pick(rand, ["application/json", "application/x-www-form-urlencoded"]);
      body = Buffer.alloc(200_000 + Math.floor(rand() * 800_000), 0x61);
      break;
    case 4:
      headers["content-type"] = pick(rand, ["text/plain", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=utf-7", "garbage/garbage", "application/json; charset=latin1"]);
      body = JSON.stringify(obj);
      break;
    case 5:
      headers.cookie = pick(rand, ["auth0_migrate_sid=" + "x".repeat(4000), "auth0_migrate_sid=;auth0_migrate_sid.sig=abc", "a=b; c", "=;=;=", "auth0_migrate_sid=../../etc"]);
      break;
    case 6:
      headers.origin = pick(rand, ["null", "https://evil.example", "http://localhost:3000", "x".repeat(2000)]);
      headers["content-type"] = "application/json";
      body = JSON.stringify(obj);
      break;
    case 7:
      headers["x-forwarded-for"] = pick(rand, ["1.2.3.4, 5.6.7.8", "not-an-ip", "::1", "x".repeat(1000), ""]);
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = "identifier=a&identifier=b&password[]=c&password=d";
      break;
    default:
      headers.accept = pick(rand, ["*/*", "application/json", "text/html", "x".repeat(3000)]);
  }
  if (asStaff) headers.cookie = staff.cookie;
  // The backend API is probed past its key check most of the time.
  if (path.startsWith("/api/backend") && rand() < 0.8) headers.authorization = `Bearer ${BACKEND_KEY}`;
  if (method === "GET" || method === "DELETE") body = undefined;
  return { method, path, headers, ...(body !== undefined ? { body } : {}) };
}

function send(baseUrl: string, probe: Probe): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(`${baseUrl}${probe.path}`, { method: probe.method, headers: probe.headers, timeout: 20000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(-1));
    });
    // The server may cut a huge body short with its 413: that is an answer, not a crash.
    req.on("error", () => resolve(-1));
    req.on("timeout", () => {
      req.destroy();
      resolve(-2);
    });
    if (probe.body !== undefined) req.end(probe.body);
    else req.end();
  });
}

let t: TestApp;
let staff: StaffSession;
const BACKEND_KEY = "hostile-input-backend-key-0123456789abcdef";

beforeAll(async () => {
  t = await startTestApp({ env: { BACKEND_API_KEYS: BACKEND_KEY } });
  // No email: a campaign a probe starts selects nobody, so nothing is sent anywhere.
  const admin = await t.users.create({ isStaff: true, email: null });
  const client = t.client();
  const csrf = await client.csrfFrom("/login");
  expect((await client.postForm("/login", { _csrf: csrf, identifier: admin.username, password: admin.password })).status).toBe(303);
  staff = { cookie: ["auth0_migrate_sid", "auth0_migrate_sid.sig"].map((k) => `${k}=${client.cookie(k)}`).join("; "), csrf: await client.csrfFrom("/admin") };
});

afterAll(async () => {
  await t.close();
});

it("answers 5,000 generated hostile requests on every route with no 5xx, and stays up", async () => {
  const rand = prng(20261122);
  const total = 5000;
  const statuses = new Map<number, number>();
  const failures: Array<{ probe: Probe; status: number }> = [];
  let adminAnswered = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      next += 1;
      const probe = makeProbe(rand, staff);
      const status = await send(t.baseUrl, probe);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (probe.path.startsWith("/admin") && status === 200) adminAnswered += 1;
      if (status >= 500 || status === -2) failures.push({ probe: { ...probe, body: probe.body ? String(probe.body).slice(0, 200) : undefined } as Probe, status });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  process.stderr.write(`hostile statuses: ${JSON.stringify([...statuses].sort((a, b) => a[0] - b[0]))}\n`);
  expect(failures.slice(0, 5)).toEqual([]);
  // The staff session got the admin probes past the gate (the page, a dry run), not just 303/403.
  expect(adminAnswered).toBeGreaterThan(0);
  const answered = [...statuses].filter(([s]) => s > 0).reduce((n, [, c]) => n + c, 0);
  // Connection cut short only when a huge body met its 413.
  expect(answered).toBeGreaterThan(total * 0.9);
  expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  expect(t.logs.filter((l) => l.includes('"request failed"'))).toEqual([]);
  // Anonymous requests store no session (issue 17 item 10): only the staff login's row, if no probe ended it.
  const [sessions] = await t.testDb.db("auth0_sessions").count({ n: "*" });
  expect(Number(sessions?.n)).toBeLessThanOrEqual(1);
}, 240000);

/** Like send(), but the path goes out byte for byte (a URL string would resolve `/x/../` first). */
function sendRaw(baseUrl: string, probe: Probe): Promise<{ status: number; location: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const req = http.request({ hostname, port, path: probe.path, method: probe.method, headers: probe.headers, timeout: 20000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? "") }));
      res.on("error", () => resolve({ status: -1, location: "" }));
    });
    req.on("error", () => resolve({ status: -1, location: "" }));
    req.on("timeout", () => {
      req.destroy();
      resolve({ status: -2, location: "" });
    });
    req.end(probe.body);
  });
}

/** Case and percent-encoding spellings of one route (security review 17.3). */
function spellings(template: string): string[] {
  const [pathPart, query] = template.split("?");
  const path = (pathPart ?? "").replace(":uid", "MQ").replace(":token", "abc-def");
  const q = query ? `?${query.replace(/:q/g, "1")}` : "";
  const encodeFirstLetter = (p: string): string => p.replace(/\/([a-z])/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const encodeEveryLetter = (p: string): string => p.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  const out = [
    path.toUpperCase(),
    path.replace(/\/([a-z])/g, (_m, c: string) => `/${c.toUpperCase()}`),
    path.replace(/([a-z])([a-z]*)$/, (_m, a: string, b: string) => a + b.toUpperCase()),
    encodeFirstLetter(path),
    encodeEveryLetter(path),
    `/${path.slice(1).replace(/\//g, "%2F")}`,
    path.replace(/^\/([^/]+)\//, "/$1%2f"),
    `/${path}`,
    `${path}/`,
    `/.${path}`,
    `/x/..${path}`,
  ];
  return [...new Set(out.filter((p) => p !== path && p.length > 1))].map((p) => p + q);
}

it("refuses case- and percent-encoding-shifted spellings of every route: a cross-site form never logs in or changes state", async () => {
  // The attacker's own account: a cross-site form that logs the victim's browser into it is the attack.
  const attacker = await t.users.create();
  const statuses = new Map<number, number>();
  const accepted: string[] = [];
  for (const [method, template] of ROUTES) {
    for (const path of spellings(template)) {
      const form = new URLSearchParams({ identifier: attacker.username, password: attacker.password, email: attacker.email ?? "x@example.com" }).toString();
      const probes: Probe[] = [
        { method, path, headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: form },
        { method, path, headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site" }, body: form },
        {
          method,
          path,
          headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
          body: JSON.stringify({ identifier: attacker.username, password: attacker.password, email: attacker.email }),
        },
      ];
      for (const probe of probes) {
        if (method === "GET" || method === "DELETE") delete probe.body;
        // The staff session rides along (a cookie a cross-site form would carry), so the admin forms are probed past their gate.
        if (/^\/+(%61|a)dmin/i.test(path)) probe.headers.cookie = staff.cookie;
        const { status, location } = await sendRaw(t.baseUrl, probe);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // GETs of pages may answer (a trailing slash reaches /login); nothing state-changing may, and a
        // redirect to the login page changed nothing either.
        const refused = (status >= 400 && status < 500) || (status === 303 && location.startsWith("/login"));
        if (method !== "GET" && !refused) accepted.push(`${probe.method} ${probe.path} ${probe.headers["content-type"]} ${probe.headers.origin ?? "(no origin)"} -> ${status}`);
        if (method === "GET" && status >= 500) accepted.push(`${probe.method} ${probe.path} -> ${status}`);
      }
    }
  }
  process.stderr.write(`shifted-spelling statuses: ${JSON.stringify([...statuses].sort((a, b) => a[0] - b[0]))}\n`);
  expect(accepted).toEqual([]);
}, 240000);

it("refuses compressed and oddly encoded bodies on every route with 415, never a 5xx (issue 11 item 2)", async () => {
  const rand = prng(20261202);
  const encodings: Array<[string, (b: Buffer) => Buffer]> = [
    ["gzip", (b) => zlib.gzipSync(b)],
    ["gzip", (b) => Buffer.concat([Buffer.from([0x1f, 0x8b]), b])],
    ["x-gzip", (b) => zlib.gzipSync(b)],
    ["deflate", (b) => zlib.deflateSync(b)],
    ["deflate", (b) => b],
    ["br", (b) => zlib.brotliCompressSync(b)],
    ["br", (b) => b],
    ["gzip", () => zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x7b))],
    ["compress", (b) => b],
    ["zstd", (b) => b],
    ["gzip, br", (b) => zlib.brotliCompressSync(zlib.gzipSync(b))],
    ["GZip", (b) => zlib.gzipSync(b)],
    ["x".repeat(2000), (b) => b],
    [";;;,,,", (b) => b],
  ];
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  for (const [method, template] of ROUTES) {
    if (method === "GET" || method === "DELETE") continue;
    for (const [encoding, encode] of encodings) {
      const path = template.replace(":uid", "MQ").replace(":token", "abc-def").replace(/:q/g, "1");
      const json = rand() < 0.5;
      const fields = { identifier: pick(rand, STRINGS), password: pick(rand, STRINGS), email: pick(rand, STRINGS), uid: "MQ", token: "abc", _csrf: staff.csrf };
      const plain = Buffer.from(json ? JSON.stringify(fields) : new URLSearchParams(fields).toString());
      const headers: Record<string, string> = { "content-type": json ? "application/json" : "application/x-www-form-urlencoded", "content-encoding": encoding };
      if (path.startsWith("/admin")) headers.cookie = staff.cookie;
      if (path.startsWith("/api/backend")) headers.authorization = `Bearer ${BACKEND_KEY}`;
      const { status } = await sendRaw(t.baseUrl, { method, path, headers, body: encode(plain) });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      // 415 wherever a body would be read; the unknown route and wrong method may answer 404/405 first.
      if (status >= 500 || status < 400) failures.push(`${method} ${path} ${encoding.slice(0, 20)} -> ${status}`);
    }
  }
  process.stderr.write(`encoded-body statuses: ${JSON.stringify([...statuses].sort((a, b) => a[0] - b[0]))}\n`);
  expect(failures).toEqual([]);
  expect(statuses.get(415)).toBeGreaterThan(0);
  expect(t.logs.filter((l) => l.includes('"request failed"'))).toEqual([]);
}, 240000);
