import { timingSafeEqual } from "node:crypto";

/**
 * Compares two secrets without leaking where they differ. Lengths are not secret (they
 * follow from the format), so a length mismatch returns early.
 */
export function constantTimeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const x = typeof a === "string" ? Buffer.from(a, "utf8") : a;
  const y = typeof b === "string" ? Buffer.from(b, "utf8") : b;
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}
