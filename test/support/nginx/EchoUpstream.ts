import { createServer, type IncomingMessage, type Server } from "node:http";
import { escapeHtml } from "../../../src/web/views/html";

/** One request as the application behind the proxy received it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  /** Header names as sent on the wire (spelling kept), with their values. */
  rawHeaders: Array<[string, string]>;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * The application behind the proxy: plain Node `http`, answering every request with what it
 * received (JSON; an HTML page naming `X-Auth-Request-User` for browsers) and keeping a list of
 * them. A WebSocket-style upgrade is accepted with 101 and the same JSON.
 */
export class EchoUpstream {
  readonly received: ReceivedRequest[] = [];
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<number> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const seen = this.record(req, Buffer.concat(chunks).toString("utf8"));
        if ((req.headers.accept ?? "").includes("text/html")) {
          const user = req.headers["x-auth-request-user"];
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(
            `<!doctype html><title>Demo application</title><h1>Demo application</h1>` +
              `<p>Logged in as <strong id="user">${escapeHtml(typeof user === "string" ? user : "")}</strong></p>` +
              `<pre id="echo">${escapeHtml(JSON.stringify(seen, null, 2))}</pre>`,
          );
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(seen));
      });
    });
    server.on("upgrade", (req, socket) => {
      const seen = this.record(req, "");
      const body = JSON.stringify(seen);
      socket.end(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${req.headers.upgrade ?? ""}\r\nConnection: Upgrade\r\n\r\n${body}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  /** Every header of one request whose name a WSGI/PHP/CGI server would read as `name`. */
  static aliasesOf(request: ReceivedRequest, name: string): Array<[string, string]> {
    const key = (n: string): string => n.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    return request.rawHeaders.filter(([n]) => key(n) === key(name));
  }

  last(): ReceivedRequest {
    const last = this.received[this.received.length - 1];
    if (!last) throw new Error("the upstream has received no request");
    return last;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private record(req: IncomingMessage, body: string): ReceivedRequest {
    const rawHeaders: Array<[string, string]> = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
    const seen: ReceivedRequest = { method: req.method ?? "", url: req.url ?? "", rawHeaders, headers: req.headers, body };
    this.received.push(seen);
    return seen;
  }
}
