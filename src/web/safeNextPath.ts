/**
 * Where to go after login: only a path on this site. Anything else (absolute URLs,
 * protocol-relative `//host`, backslashes, control characters) falls back to "/".
 * Checked again after normalising: `/.//evil.com` normalises to `//evil.com`.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return "/";
  if (!isSameSitePath(next)) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  try {
    const base = new URL("http://same.invalid");
    const resolved = new URL(next, base);
    if (resolved.origin !== base.origin) return "/";
    const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
    return isSameSitePath(path) ? path : "/";
  } catch {
    return "/";
  }
}

function isSameSitePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}
