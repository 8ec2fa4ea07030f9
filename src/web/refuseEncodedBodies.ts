import type { Context, Next } from "koa";
import { UnsupportedMediaTypeError } from "../errors";

/**
 * No client of this service compresses a login or a reset request, so a body in any
 * Content-Encoding but identity is refused with 415 before anything reads it: nothing to
 * decode means no zip bomb and no decoder error turning into a 5xx (RFC 7694: the answer
 * names the one coding we take in Accept-Encoding).
 */
export async function refuseEncodedBodies(ctx: Context, next: Next): Promise<void> {
  const encoding = ctx.get("content-encoding").trim().toLowerCase();
  if (encoding !== "" && encoding !== "identity" && hasBody(ctx)) {
    ctx.set("Accept-Encoding", "identity");
    throw new UnsupportedMediaTypeError("Compressed request bodies are not accepted: send the body without a Content-Encoding.");
  }
  await next();
}

// A bodiless request (a gateway's check subrequest copying an upload's headers, say) is not refused.
function hasBody(ctx: Context): boolean {
  return ctx.get("transfer-encoding") !== "" || Number(ctx.get("content-length") || "0") > 0;
}
