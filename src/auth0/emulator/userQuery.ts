/**
 * A small subset of Auth0's user search (Lucene) syntax for `GET /api/v2/users?q=`:
 * space- or `AND`-separated terms, each `field:"quoted value"`, `field:bare` (a `*` in a bare value is a
 * wildcard) or `_exists_:field`. Fields are dotted paths into the user as the API returns it, e.g.
 * `identities.connection:"Username-Password-Authentication"`, `email:"a@b.c"`, `app_metadata.legacy_id:42`,
 * `blocked:true`. OR, NOT, ranges and parentheses are not supported (a 400, never a silent mismatch).
 */
export type UserPredicate = (apiUser: Record<string, unknown>) => boolean;

export class UserQueryError extends Error {
  override name = "UserQueryError";
}

interface Term {
  field: string;
  value: string;
  quoted: boolean;
}

function tokenize(q: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  const n = q.length;
  while (i < n) {
    while (i < n && /\s/.test(q[i] as string)) i++;
    if (i >= n) break;
    const fieldStart = i;
    while (i < n && q[i] !== ":" && !/\s/.test(q[i] as string)) i++;
    const field = q.slice(fieldStart, i);
    if (field === "AND" && (i >= n || /\s/.test(q[i] as string))) continue;
    if (field === "OR" || field === "NOT" || field.startsWith("(") || field.startsWith("-") || field.startsWith("+")) {
      throw new UserQueryError(`unsupported query syntax near "${field}"`);
    }
    if (q[i] !== ":" || field === "") throw new UserQueryError(`expected field:value near "${q.slice(fieldStart, fieldStart + 30)}"`);
    i++; // ':'
    if (q[i] === '"') {
      i++;
      let value = "";
      let closed = false;
      while (i < n) {
        const c = q[i] as string;
        if (c === "\\" && i + 1 < n) {
          value += q[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) throw new UserQueryError("unterminated quoted value");
      terms.push({ field, value, quoted: true });
    } else {
      const valueStart = i;
      while (i < n && !/\s/.test(q[i] as string)) i++;
      const value = q.slice(valueStart, i);
      if (value === "" || /[()[\]{}]/.test(value)) throw new UserQueryError(`unsupported value for ${field}`);
      terms.push({ field, value, quoted: false });
    }
  }
  return terms;
}

function valuesAt(root: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return Array.isArray(root) ? root : [root];
  if (Array.isArray(root)) return root.flatMap((item) => valuesAt(item, path));
  if (typeof root !== "object" || root === null) return [];
  const [head, ...rest] = path;
  return valuesAt((root as Record<string, unknown>)[head as string], rest);
}

function matcher(term: Term): (candidate: unknown) => boolean {
  const caseless = term.field === "email" || term.field === "name" || term.field === "username";
  const norm = (s: string): string => (caseless ? s.toLowerCase() : s);
  if (!term.quoted && term.value.includes("*")) {
    const pattern = norm(term.value).split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    const re = new RegExp(`^${pattern}$`);
    return (c) => c !== null && c !== undefined && typeof c !== "object" && re.test(norm(String(c)));
  }
  const wanted = norm(term.value);
  return (c) => c !== null && c !== undefined && typeof c !== "object" && norm(String(c)) === wanted;
}

/** Compiles `q` into a predicate over API-shaped users; throws UserQueryError on unsupported syntax. */
export function parseUserQuery(q: string): UserPredicate {
  if (q.length > 2000) throw new UserQueryError("query too long");
  const terms = tokenize(q);
  const checks = terms.map((term): UserPredicate => {
    if (term.field === "_exists_") {
      const path = term.value.split(".");
      return (u) => valuesAt(u, path).some((v) => v !== undefined && v !== null);
    }
    const path = term.field.split(".");
    const match = matcher(term);
    return (u) => valuesAt(u, path).some(match);
  });
  return (u) => checks.every((check) => check(u));
}
