/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  data: Buffer;
}

export function isMultipart(contentType: string | undefined): boolean {
  return !!contentType && /^multipart\/form-data\b/i.test(contentType.trim());
}

function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

const MAX_PARTS = 32;

/**
 * Parses a multipart/form-data body (RFC 7578) into its parts; null when it is not one.
 * Enough for the SDK's users-import uploads; bounded in parts.
 */
export function parseMultipart(raw: Buffer, contentType: string | undefined): MultipartPart[] | null {
  if (!contentType || !isMultipart(contentType)) return null;
  const boundary = boundaryOf(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = raw.indexOf(delimiter);
  if (pos < 0) return null;
  while (parts.length < MAX_PARTS) {
    pos += delimiter.length;
    if (raw.subarray(pos, pos + 2).toString() === "--") return parts; // closing delimiter
    if (raw.subarray(pos, pos + 2).toString() !== "\r\n") return null;
    pos += 2;
    const headerEnd = raw.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) return null;
    const headers = raw.subarray(pos, headerEnd).toString("utf8");
    const next = raw.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd + 4);
    if (next < 0) return null;
    const disposition = /content-disposition:\s*form-data([^\r\n]*)/i.exec(headers)?.[1] ?? "";
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return null;
    parts.push({ name, ...(filename !== undefined ? { filename } : {}), data: raw.subarray(headerEnd + 4, next) });
    pos = next + 2;
  }
  return null;
}
