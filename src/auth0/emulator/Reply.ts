/** What a route answers; the server turns it into an HTTP response. */
export interface Reply {
  status: number;
  /** Serialized as JSON unless `text` is set; omitted for 204. */
  body?: unknown;
  /** A plain-text body instead of JSON. */
  text?: string;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): Reply {
  return { status: 204 };
}
