/** Close codes: which are orderly, what the others mean, and the error each stands for. */
import { WebSocketClosedError } from "../../errors/transport.js";

/**
 * A socket that delivered data, or stayed up this long, ends an outage: the next reconnect
 * starts the backoff over. One that closes sooner (a server closing each socket with 1009,
 * say) keeps climbing the backoff towards its cap instead of reconnecting in a tight loop.
 */
export const STABLE_MS = 5000;
/** Close codes of an orderly end; any other is reported as an "error" event. */
export const NORMAL_CLOSE = new Set([1000, 1001]);
const CLOSE_MEANING: Record<number, string> = {
  1005: "no status code",
  1006: "connection lost without a close frame",
  1008: "policy violation",
  1009: "message too big",
  1011: "server internal error",
  1012: "service restart",
  1013: "try again later",
};

/** The error a close stands for: code, its meaning and the server's reason. */
export function closedError(code: number, reason: string): WebSocketClosedError {
  const meaning = CLOSE_MEANING[code] ?? (code >= 4000 ? "application-defined" : undefined);
  return new WebSocketClosedError(`WebSocket closed with code ${code}${meaning ? ` (${meaning})` : ""}.`, {
    code,
    ...(reason ? { details: `reason: ${reason.slice(0, 123)}` } : {}),
  });
}
