import http from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { startTestApp, type TestApp } from "../support/startTestApp";

// Issue 11 item 2: no client of this service compresses a login or a reset, so a body with any
// Content-Encoding but identity is refused with 415 (and `Accept-Encoding: identity`), never a 5xx.

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

const JSON_BODY = JSON.stringify({ identifier: "someone", password: "Some-Pass-1", email: "someone@example.com", uid: "MQ", token: "abc", password_confirm: "Some-Pass-1" });
const FORM_BODY = new URLSearchParams({ identifier: "someone", password: "Some-Pass-1", email: "someone@example.com", password_confirm: "Some-Pass-1", _csrf: "x" }).toString();

const ROUTES: Array<[path: string, kind: "json" | "form"]> = [
  ["/api/login", "json"],
  ["/api/password-reset", "json"],
  ["/api/password-reset/confirm", "json"],
  ["/login", "form"],
  ["/password-reset", "form"],
  ["/password-reset/MQ/abc-def", "form"],
];

const ENCODINGS: Array<[name: string, encoding: string, encode: (b: Buffer) => Buffer]> = [
  ["gzip", "gzip", (b) => gzipSync(b)],
  ["gzip that does not decode", "gzip", (b) => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), b])],
  ["deflate", "deflate", (b) => deflateSync(b)],
  ["deflate that does not decode", "deflate", (b) => b],
  ["br", "br", (b) => brotliCompressSync(b)],
  ["br that does not decode", "br", (b) => b],
  ["a gzip bomb", "gzip", () => gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x61))],
  ["upper-case GZIP", "GZIP", (b) => gzipSync(b)],
  ["a list", "gzip, identity", (b) => gzipSync(b)],
  ["an unknown coding", "x-snappy", (b) => b],
  ["garbage", "\u00ff\u00fe;;,", (b) => b],
];

function post(path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; type: string; acceptEncoding: string; text: string }> {
  const { hostname, port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method: "POST", headers: { ...headers, "content-length": String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers["content-type"] ?? ""),
          acceptEncoding: String(res.headers["accept-encoding"] ?? ""),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe.each(ROUTES)("POST %s", (path, kind) => {
  const contentType = kind === "json" ? "application/json" : "application/x-www-form-urlencoded";
  const plain = Buffer.from(kind === "json" ? JSON_BODY : FORM_BODY);

  it.each(ENCODINGS)("refuses %s with 415 and the usual error", async (_name, encoding, encode) => {
    const res = await post(path, { "content-type": contentType, "content-encoding": encoding }, encode(plain));
    expect(res.status).toBe(415);
    expect(res.acceptEncoding).toBe("identity");
    if (kind === "json") {
      expect(res.type).toMatch(/^application\/json/);
      expect(JSON.parse(res.text)).toEqual({ error: "unsupported_media_type", message: expect.stringMatching(/compress|encod/i) });
    } else {
      expect(res.type).toMatch(/^text\/html/);
      expect(res.text).toMatch(/compress|encod/i);
    }
  });

  it("takes `Content-Encoding: identity` like no encoding at all", async () => {
    const res = await post(path, { "content-type": contentType, "content-encoding": "identity" }, plain);
    expect(res.status).not.toBe(415);
    expect(res.status).toBeLessThan(500);
  });
});

it("leaves a bodiless request with a copied Content-Encoding header alone", async () => {
  const res = await fetch(`${t.baseUrl}/healthz`, { headers: { "content-encoding": "gzip" } });
  expect(res.status).toBe(200);
});

it("logs no failed request for any of them", () => {
  expect(t.logs.filter((l) => l.includes('"request failed"'))).toEqual([]);
});
