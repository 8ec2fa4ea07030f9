// The whitespace `usableEmail` (String.prototype.trim) takes off an address, as SQL.
const TRIMMED = "E' \\t\\n\\r\\f\\x0b'";

/**
 * How two legacy addresses are compared when deciding whether several users share one: lower-
 * cased and trimmed (" a@x.io" and "A@x.io" reach one mailbox). A SQL expression over `expr`
 * (`??` for a column binding, `?` for a value, or a name).
 */
export function emailKey(expr: string): string {
  return `lower(btrim(${expr}, ${TRIMMED}))`;
}
