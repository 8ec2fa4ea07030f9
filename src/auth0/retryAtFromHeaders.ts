/** When Auth0 says we may call again: Retry-After (seconds), else x-ratelimit-reset (epoch s). */
export function retryAtFromHeaders(headers: Headers | undefined, now: number = Date.now()): Date | undefined {
  if (!headers || typeof headers.get !== "function") return undefined;
  const retryAfter = headers.get("retry-after");
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return new Date(now + Number(retryAfter) * 1000);
  const reset = headers.get("x-ratelimit-reset");
  if (reset && /^\d+$/.test(reset.trim())) return new Date(Number(reset) * 1000);
  return undefined;
}
