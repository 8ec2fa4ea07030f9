import { BadRequestError } from "../errors";

/** Deep pages cost an offset scan; nobody reads 500 pages of a list on screen. */
export const MAX_PAGE = 500;

/** A `?…page=` query parameter: absent means 1; anything but 1..MAX_PAGE is a clear 400. */
export function readPageParam(query: Record<string, unknown>, key: string): number {
  const raw = query[key];
  if (raw === undefined || raw === "") return 1;
  if (typeof raw !== "string" || !/^\d{1,4}$/.test(raw)) throw new BadRequestError(`"${key}" must be a page number.`, "invalid_request");
  const n = Number(raw);
  if (n < 1 || n > MAX_PAGE) throw new BadRequestError(`"${key}" must be between 1 and ${MAX_PAGE}.`, "invalid_request");
  return n;
}
