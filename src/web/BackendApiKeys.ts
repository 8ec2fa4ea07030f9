import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * The backend API's Bearer keys (BACKEND_API_KEYS; several, so one can be rotated). Keys are
 * compared as SHA-256 digests with timingSafeEqual, every key every time: neither the length
 * nor the position of a match shows in the time of an answer.
 */
export class BackendApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  /** Whether an `Authorization` header carries one of the keys. */
  accepts(authorization: string | undefined): boolean {
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? "");
    const given = digest(match ? (match[1] as string) : "");
    let found = false;
    for (const d of this.digests) found = timingSafeEqual(d, given) || found;
    return match !== null && found;
  }
}
