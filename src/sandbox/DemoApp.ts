import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ENCODED_PREFIX } from "../gateway/headerValue";
import { escapeHtml, layout } from "../web/views/html";

export interface DemoAppOptions {
  /** The service's `/auth/verify`, reached directly (as a proxy on this machine would). */
  verifyUrl: string;
  /** The service's public URL: its login page, and the host name the browser uses. */
  publicUrl: string;
  port: number;
  /** Loopback only: this is a demonstration, not a proxy. */
  host?: string;
}

const IDENTITY_HEADERS = ["x-auth-request-user", "x-auth-request-email", "x-auth-request-user-id", "x-auth-request-auth0-id", "x-auth-request-migration"];
const VERIFY_TIMEOUT_MS = 5000;

/**
 * The sandbox's stand-in for "your application": for every request it asks `/auth/verify` the
 * way nginx's `auth_request` does (the browser's cookie, the original method and URI, no body)
 * and shows the identity headers it got back, or sends the browser to the login page with
 * `next` pointing back here. It forwards nothing to anybody: the real deployment is a proxy.
 */
export class DemoApp {
  private server: Server | undefined;
  private boundPort = 0;

  constructor(private readonly options: DemoAppOptions) {}

  /** Where a browser reaches it: the service's host name (cookies are per host, not per port). */
  get origin(): string {
    const pub = new URL(this.options.publicUrl);
    return `${pub.protocol}//${pub.hostname}:${this.boundPort}`;
  }

  async start(): Promise<number> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
        res.end("The demo application could not reach /auth/verify.\n");
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host ?? "127.0.0.1", () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.boundPort = typeof address === "object" && address ? address.port : this.options.port;
    return this.boundPort;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    // A browser that came by another name (127.0.0.1 for localhost) would not send the
    // service's cookie here: send it to the name the cookie belongs to first.
    const canonical = new URL(this.origin);
    if ((req.headers.host ?? "").toLowerCase() !== canonical.host.toLowerCase()) return redirect(res, `${this.origin}${url}`);
    req.resume();
    const verdict = await this.verify(req, url);
    if (verdict.status === 200) return this.hello(res, url, verdict.headers);
    if (verdict.status === 401) {
      return redirect(res, `${this.options.publicUrl}/login?next=${encodeURIComponent(`${this.origin}${url}`)}`);
    }
    res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
    res.end(`/auth/verify answered ${verdict.status}.\n`);
  }

  private verify(req: IncomingMessage, url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { "x-original-uri": url, "x-original-method": req.method ?? "GET" };
      if (req.headers.cookie) headers.cookie = req.headers.cookie;
      if (req.headers.accept) headers.accept = req.headers.accept;
      const check = http.request(this.options.verifyUrl, { method: req.method ?? "GET", headers, timeout: VERIFY_TIMEOUT_MS }, (answer) => {
        answer.resume();
        answer.on("end", () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers }));
      });
      check.on("timeout", () => check.destroy(new Error("verify timed out")));
      check.on("error", reject);
      check.end();
    });
  }

  private hello(res: ServerResponse, url: string, headers: http.IncomingHttpHeaders): void {
    const received = IDENTITY_HEADERS.map((name) => [name, headers[name]] as const).filter(
      (entry): entry is readonly [string, string] => typeof entry[1] === "string",
    );
    const user = decode(String(headers["x-auth-request-user"] ?? ""));
    const rows = received.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd><code>${escapeHtml(value)}</code></dd>`).join("\n");
    const body = layout(
      "Demo application",
      `<h1>Hello ${escapeHtml(user)}</h1>
<p class="notice" role="status">This is a separate application on its own port. It knows you only from the headers
<code>/auth/verify</code> answered for this request (<code>${escapeHtml(url)}</code>), as nginx's <code>auth_request</code> hands them on.</p>
<dl>
${rows}
</dl>
<p><a href="${escapeHtml(this.options.publicUrl)}/">Your account at the login service</a> (log out there)</p>`,
    );
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
    });
    res.end(body);
  }
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store" });
  res.end();
}

/** The headers' RFC 8187 form, decoded for display. */
function decode(value: string): string {
  if (!value.startsWith(ENCODED_PREFIX)) return value;
  try {
    return decodeURIComponent(value.slice(ENCODED_PREFIX.length));
  } catch {
    return value;
  }
}
