/**
 * The auth0 SDK always builds `https://${domain}/...`. When the operator asked for plain HTTP
 * (`AUTH0_DOMAIN=http://127.0.0.1:4001`, the sandbox's emulator), this fetch rewrites the scheme
 * so the unchanged SDK can reach it. It never rewrites anything that is not loopback, and it is
 * used only when http:// was written: a loopback host alone gets HTTPS.
 */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function isLoopbackDomain(domain: string): boolean {
  const host = hostOf(domain);
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostOf(domain: string): string {
  try {
    return new URL(`https://${domain}`).hostname;
  } catch {
    return "";
  }
}

export function rewriteLoopbackUrl(url: string): string {
  if (!url.startsWith("https://")) return url;
  const parsed = new URL(url);
  if (!isLoopbackDomain(parsed.host)) return url;
  return `http://${url.slice("https://".length)}`;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.toString();
  return input.url;
}

export const loopbackFetch: typeof fetch = (input, init) => {
  const original = urlOf(input);
  const rewritten = rewriteLoopbackUrl(original);
  if (rewritten === original) return fetch(input, init);
  if (typeof input === "string" || input instanceof URL) return fetch(rewritten, init);
  return fetch(new Request(rewritten, input), init);
};
