/** node-postgres returns bigint `count(*)` as a string, PGlite as a number: convert in one place. */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  if (value === null || value === undefined) return 0;
  throw new TypeError(`not a number: ${typeof value}`);
}
