/**
 * SDK errors -> Connect codes. The message names the field, the value and what is allowed;
 * structured details travel in response trailers/headers as JSON (`hl-error`), until the
 * google.rpc detail messages are generated (docs/serve.md). Keys never appear: every message
 * and detail of the SDK's errors is redacted already, and the signed payload is reduced to
 * its nonce.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { NetworkError, RateLimitError } from "../errors/api.js";
import { HyperliquidError, ValidationError } from "../errors/base.js";
import { ActionOutcomeUnknownError, ExchangeError, SignatureMismatchError } from "../errors/exchange.js";
import { AbortedError, TimeoutError, TransportError, WebSocketClosedError } from "../errors/transport.js";
import { redactText } from "../errors/redact.js";

function connectError(message: string, code: Code, detail: Record<string, unknown>, cause: unknown): ConnectError {
  const e = new ConnectError(redactText(message), code, { "hl-error": JSON.stringify(detail) }, undefined, cause);
  return e;
}

/** The Connect error of anything a handler threw. */
export function toConnectError(e: unknown): ConnectError {
  if (e instanceof ConnectError) return e;
  if (e instanceof ValidationError) {
    const violations = e.issues.map((i) => ({ field: i.path, value: i.value, allowed: i.expected }));
    return connectError(e.shortMessage, Code.InvalidArgument, { name: e.name, violations }, e);
  }
  if (e instanceof RateLimitError) return connectError(e.shortMessage, Code.ResourceExhausted, { name: e.name, retryDelayMs: e.retryAfterMs ?? null }, e);
  if (e instanceof SignatureMismatchError) return connectError(e.message, Code.FailedPrecondition, { name: e.name, diagnosis: e.details ?? e.shortMessage }, e);
  if (e instanceof ActionOutcomeUnknownError) return connectError(e.shortMessage, Code.Unknown, { name: e.name, action: e.actionType, nonce: e.payload.nonce ?? null }, e);
  if (e instanceof ExchangeError) return connectError(e.shortMessage, Code.FailedPrecondition, { name: e.name }, e);
  if (e instanceof TimeoutError) return connectError(e.shortMessage, Code.DeadlineExceeded, { name: e.name }, e);
  if (e instanceof AbortedError) return connectError(e.shortMessage, Code.Canceled, { name: e.name }, e);
  if (e instanceof NetworkError || e instanceof TransportError || e instanceof WebSocketClosedError) return connectError(e.shortMessage, Code.Unavailable, { name: e.name }, e);
  if (e instanceof HyperliquidError) return connectError(e.shortMessage, Code.Internal, { name: e.name }, e);
  return new ConnectError("internal error", Code.Internal, undefined, undefined, e);
}
