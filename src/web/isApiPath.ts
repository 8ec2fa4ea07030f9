import { posix } from "node:path";

/**
 * Whether a request path is under `/api`, however it is spelled: percent-encoding, letter case,
 * doubled slashes and dot segments do not take a request out of the JSON API's guard.
 */
export function isApiPath(rawPath: string): boolean {
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // Malformed escapes: judge the raw spelling (the router will not match it anyway).
  }
  const normal = posix.normalize(`/${decoded}`).toLowerCase();
  return normal === "/api" || normal.startsWith("/api/");
}
