/** Payload transforms applied before validation and dispatch. */
import { inflateRawSync } from "node:zlib";

/**
 * fastAssetCtxs pushes `data` as base64 of raw DEFLATE (RFC 1951) of the JSON object; every
 * other channel pushes plain JSON. Throws on a payload that does not decode.
 */
export function decodePayload(type: string, data: unknown): unknown {
  if (type !== "fastAssetCtxs" || typeof data !== "string") return data;
  const bytes = Buffer.from(data, "base64");
  // Buffer's base64 decoder skips invalid characters instead of failing: check the length.
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  if (data.length % 4 !== 0 || bytes.length !== (data.length / 4) * 3 - padding) throw new TypeError("fastAssetCtxs data is not valid base64");
  return JSON.parse(inflateRawSync(bytes).toString("utf8")) as unknown;
}
