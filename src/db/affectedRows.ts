/** knex-pg answers update/delete with a count, knex-pglite with a result object: one place to read both. */
export function affectedRows(result: unknown): number {
  if (typeof result === "number") return result;
  if (result && typeof result === "object") {
    const r = result as { affectedRows?: unknown; rowCount?: unknown };
    if (typeof r.affectedRows === "number") return r.affectedRows;
    if (typeof r.rowCount === "number") return r.rowCount;
  }
  return 0;
}
