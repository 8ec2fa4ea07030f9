/**
 * How two legacy addresses are compared when deciding whether several users share one: lower-
 * cased and trimmed of spaces (" a@x.io" and "A@x.io" reach one mailbox). A SQL expression over
 * `expr` (`??` for a column binding, `?` for a value, or a name). Kept to `lower(btrim(col))` so
 * that the index the README recommends, `create index on users (lower(btrim(email)))`, serves it:
 * the login asks this of every user it is about to create in Auth0.
 */
export function emailKey(expr: string): string {
  return `lower(btrim(${expr}))`;
}
