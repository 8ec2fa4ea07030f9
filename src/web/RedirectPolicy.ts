import { safeNextPath } from "./safeNextPath";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where the service may send a browser back to: a same-site path, or an absolute https:// URL on
 * a host of ALLOWED_REDIRECT_HOSTS (`host`, `host:port`, or `.example.com` for its subdomains).
 * Plain http:// only to a loopback host and only when the service itself runs on http (the
 * sandbox and local trials). Anything else becomes "/".
 */
export class RedirectPolicy {
  private readonly exact: ReadonlySet<string>;
  private readonly suffixes: readonly string[];

  constructor(
    allowedHosts: readonly string[],
    private readonly allowLoopbackHttp: boolean,
  ) {
    this.exact = new Set(allowedHosts.filter((h) => !h.startsWith(".")).map((h) => h.toLowerCase()));
    this.suffixes = allowedHosts.filter((h) => h.startsWith(".")).map((h) => h.toLowerCase());
  }

  /** `next` as given by a browser: the URL to redirect to, or "/". */
  target(next: unknown): string {
    if (typeof next === "string" && /^https?:\/\//i.test(next)) return this.absolute(next) ?? "/";
    return safeNextPath(next);
  }

  /** The normalised absolute URL when it is allowed, else undefined. */
  absolute(next: string): string | undefined {
    if (next.length > 2048 || /[\u0000-\u0020\u007f\\]/.test(next)) return undefined;
    let url: URL;
    try {
      url = new URL(next);
    } catch {
      return undefined;
    }
    if (url.username || url.password) return undefined;
    const https = url.protocol === "https:";
    const loopbackHttp = url.protocol === "http:" && this.allowLoopbackHttp && LOOPBACK.has(url.hostname);
    if (!https && !loopbackHttp) return undefined;
    return this.hostAllowed(url) ? url.href : undefined;
  }

  private hostAllowed(url: URL): boolean {
    const host = url.host.toLowerCase();
    const hostname = url.hostname.toLowerCase();
    if (this.exact.has(host) || this.exact.has(hostname)) return true;
    return this.suffixes.some((suffix) => hostname.endsWith(suffix) && hostname.length > suffix.length);
  }
}
