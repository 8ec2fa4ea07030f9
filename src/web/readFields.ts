import { BadRequestError } from "../errors";

/** Reads required string fields from a parsed body; anything else is a clear 400. */
export function readStringFields<K extends string>(body: unknown, names: readonly K[], maxLength = 4096): Record<K, string> {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new BadRequestError("The request body must be an object.", "invalid_request");
  }
  const out = {} as Record<K, string>;
  for (const name of names) {
    const value = (body as Record<string, unknown>)[name];
    if (typeof value !== "string") throw new BadRequestError(`"${name}" is required and must be a string.`, "invalid_request");
    if (value.length > maxLength) throw new BadRequestError(`"${name}" is too long.`, "invalid_request");
    if (value.includes("\u0000")) throw new BadRequestError(`"${name}" contains a NUL character.`, "invalid_request");
    out[name] = value;
  }
  return out;
}
