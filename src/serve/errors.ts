/**
 * SDK errors -> Connect codes with google.rpc details: BadRequest field violations (path,
 * value, what is allowed), RetryInfo, PreconditionFailure (the signature diagnosis) and an
 * ErrorInfo naming the SDK error on every one. Keys never appear: the SDK's errors are
 * redacted already, and of a signed payload only its action type and nonce are passed on.
 */
import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema, RetryInfoSchema } from "../../generated/connect/google/rpc/error_details_pb.js";
import { NetworkError, RateLimitError } from "../errors/api.js";
import { describeValue, HyperliquidError, ValidationError } from "../errors/base.js";
import { ActionOutcomeUnknownError, ExchangeError, SignatureMismatchError } from "../errors/exchange.js";
import { GuardError, KillSwitchError, RiskLimitError } from "../errors/guard.js";
import { redactText } from "../errors/redact.js";
import { AbortedError, TimeoutError, TransportError, WebSocketClosedError } from "../errors/transport.js";

interface Detail<D extends DescMessage = DescMessage> {
  desc: D;
  value: MessageInitShape<D>;
}

const detail = <D extends DescMessage>(desc: D, value: MessageInitShape<D>): Detail => ({ desc, value });

/** "SignatureMismatchError" -> "SIGNATURE_MISMATCH". */
const reasonOf = (name: string): string =>
  name
    .replace(/Error$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase() || "ERROR";

function info(name: string, metadata: Record<string, string> = {}): Detail {
  return detail(ErrorInfoSchema, { reason: reasonOf(name), domain: "hyperliquid-sdk", metadata: { error: name, ...metadata } });
}

function connectError(message: string, code: Code, details: Detail[], cause: unknown): ConnectError {
  return new ConnectError(redactText(message), code, undefined, details, cause);
}

function retryDelay(ms: number): Detail {
  const whole = Math.max(0, Math.floor(ms));
  return detail(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: BigInt(Math.floor(whole / 1000)), nanos: (whole % 1000) * 1_000_000 }) });
}

/** The Connect error of anything a handler threw. */
export function toConnectError(e: unknown): ConnectError {
  if (e instanceof ConnectError) return e;
  if (e instanceof ValidationError) {
    const fieldViolations = e.issues.map((i) => ({ field: i.path, description: `${describeValue(i.value)}; allowed: ${i.expected}`, reason: "INVALID_FIELD" }));
    return connectError(e.shortMessage, Code.InvalidArgument, [detail(BadRequestSchema, { fieldViolations }), info(e.name)], e);
  }
  if (e instanceof RateLimitError) {
    const details = e.retryAfterMs === undefined ? [info(e.name)] : [retryDelay(e.retryAfterMs), info(e.name)];
    return connectError(e.shortMessage, Code.ResourceExhausted, details, e);
  }
  if (e instanceof SignatureMismatchError) {
    const violation = { type: "SIGNATURE", subject: e.actionType, description: [e.details, e.hint].filter(Boolean).join("; ") };
    return connectError(e.message, Code.FailedPrecondition, [detail(PreconditionFailureSchema, { violations: [violation] }), info(e.name)], e);
  }
  if (e instanceof ActionOutcomeUnknownError) {
    return connectError(
      `${e.shortMessage} The server does not resend it; query by cloid or nonce.`,
      Code.Unknown,
      [info(e.name, { action: e.actionType, nonce: String(e.payload.nonce) })],
      e,
    );
  }
  if (e instanceof GuardError) {
    // A guard refusal is the server's own precondition (mode, kill switch, a risk rule), met
    // by changing the request or the config: FailedPrecondition, naming the rule.
    const [type, subject] =
      e instanceof RiskLimitError ? [`RISK_LIMIT`, e.rule] : e instanceof KillSwitchError ? ["KILL_SWITCH", e.reason] : ["GUARD_MODE", e.mode];
    const metadata: Record<string, string> = { action: e.actionType, mode: e.mode };
    if (e instanceof RiskLimitError) Object.assign(metadata, { rule: e.rule, value: e.value, limit: e.limit, ...(e.coin ? { coin: e.coin } : {}) });
    const violation = { type, subject, description: [e.details, e.hint].filter(Boolean).join("; ") };
    return connectError(e.shortMessage, Code.FailedPrecondition, [detail(PreconditionFailureSchema, { violations: [violation] }), info(e.name, metadata)], e);
  }
  if (e instanceof ExchangeError) return connectError(e.shortMessage, Code.FailedPrecondition, [info(e.name)], e);
  if (e instanceof TimeoutError) return connectError(e.shortMessage, Code.DeadlineExceeded, [info(e.name)], e);
  if (e instanceof AbortedError) return connectError(e.shortMessage, Code.Canceled, [info(e.name)], e);
  if (e instanceof NetworkError || e instanceof TransportError || e instanceof WebSocketClosedError)
    return connectError(e.shortMessage, Code.Unavailable, [info(e.name)], e);
  if (e instanceof HyperliquidError) return connectError(e.shortMessage, Code.Internal, [info(e.name)], e);
  return new ConnectError("internal error", Code.Internal, undefined, undefined, e);
}
