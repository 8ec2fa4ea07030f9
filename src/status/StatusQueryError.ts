import { AppError } from "../errors";

/** The database could not answer the status query; `reason` says why in one line, `cause` in full. */
export class StatusQueryError extends AppError {
  constructor(
    readonly reason: string,
    cause: unknown,
  ) {
    super("status_unavailable", "The migration status could not be read. Please try again shortly.", 503, { cause, expose: true });
  }
}

/** One line an operator can act on; knex prefixes the driver's message with the whole SQL. */
export function statusQueryReason(err: unknown, table: string): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const driverMessage = message.slice(message.lastIndexOf(" - ") + 3 || 0);
  if (code === "42P01") return `${driverMessage}: is "${table}" the legacy table? (LEGACY_PRESET, LEGACY_TABLE)`;
  if (code === "42703") return `${driverMessage}: check LEGACY_COLUMNS`;
  return driverMessage;
}
