/** Marks a value carried as RFC 8187 `ext-value` (UTF-8, percent-encoded). */
export const ENCODED_PREFIX = "UTF-8''";

/**
 * A value that is safe in an HTTP header. Printable ASCII without leading or trailing spaces
 * passes as it is; anything else (CR/LF, other controls, non-ASCII, a value that itself starts
 * with the prefix) becomes `UTF-8''` followed by the percent-encoded UTF-8 bytes, as RFC 8187
 * writes `ext-value`s. An application decodes it with `decodeURIComponent` after the prefix.
 */
export function headerValue(value: string): string {
  const plain =
    /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !value.toUpperCase().startsWith(ENCODED_PREFIX.toUpperCase());
  if (plain || value === "") return value;
  // encodeURIComponent leaves ' ( ) * ! unescaped; RFC 8187's attr-char does not allow them.
  return ENCODED_PREFIX + encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
