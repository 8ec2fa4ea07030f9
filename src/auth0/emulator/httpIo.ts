import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply } from "./Reply";

export const MAX_BODY_BYTES = 100 * 1024;
/** Oversized bodies are read and discarded up to this size (so the client sees the 413), then the socket is closed. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

export type BodyResult = { kind: "ok"; raw: Buffer } | { kind: "too_large"; drained: boolean };

/** Reads the request body, keeping at most `limit` bytes. Rejects if the client goes away mid-body. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        chunks.length = 0;
        if (size > MAX_DRAIN_BYTES) {
          req.pause();
          settle({ kind: "too_large", drained: false });
        }
      }
    });
    req.on("end", () => settle(size > limit ? { kind: "too_large", drained: true } : { kind: "ok", raw: Buffer.concat(chunks) }));
    req.on("error", (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
    req.on("close", () => {
      if (!settled && !req.complete) {
        settled = true;
        reject(new Error("client closed the request"));
      }
    });
  });
}

export type ParsedBody = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

function isJsonContentType(contentType: string | undefined): boolean {
  return !!contentType && /^application\/(?:[\w.+-]*\+)?json\b/i.test(contentType.trim());
}

function isFormContentType(contentType: string | undefined): boolean {
  return !!contentType && /^application\/x-www-form-urlencoded\b/i.test(contentType.trim());
}

/** JSON object bodies (anything else is a 400). An empty body is `{}`. */
export function parseJsonObject(raw: Buffer): ParsedBody {
  const text = raw.toString("utf8");
  if (text.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "Invalid request payload JSON format" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: "Invalid request payload: expected a JSON object" };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Form bodies become string fields (a repeated field keeps its first value). */
export function parseForm(raw: Buffer): ParsedBody {
  const value: Record<string, unknown> = {};
  for (const [key, v] of new URLSearchParams(raw.toString("utf8"))) if (!(key in value)) value[key] = v;
  return { ok: true, value };
}

/** `/oauth/token` takes JSON or form bodies; without a telling content type, JSON if it looks like JSON. */
export function parseTokenBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (isJsonContentType(contentType)) return parseJsonObject(raw);
  if (isFormContentType(contentType)) return parseForm(raw);
  return raw.toString("utf8").trimStart().startsWith("{") ? parseJsonObject(raw) : parseForm(raw);
}

export function writeReply(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  let payload: Buffer | undefined;
  if (reply.status !== 204 && reply.status !== 304) {
    if (reply.text !== undefined) {
      payload = Buffer.from(reply.text, "utf8");
      headers["content-type"] ??= "text/plain; charset=utf-8";
    } else {
      payload = Buffer.from(JSON.stringify(reply.body ?? {}), "utf8");
      headers["content-type"] = "application/json; charset=utf-8";
    }
    headers["content-length"] = String(payload.length);
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}
