/** SDK errors -> Connect codes and google.rpc details; keys never reach a detail or message. */
import { Code, type ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { BadRequestSchema, ErrorInfoSchema, PreconditionFailureSchema, RetryInfoSchema } from "../../generated/connect/google/rpc/error_details_pb.js";
import { NetworkError, RateLimitError } from "../../src/errors/api.js";
import { ValidationError } from "../../src/errors/base.js";
import { ActionOutcomeUnknownError, SignatureMismatchError } from "../../src/errors/exchange.js";
import { KillSwitchError, ReadOnlyModeError, RiskLimitError } from "../../src/errors/guard.js";
import { TimeoutError } from "../../src/errors/transport.js";
import { toConnectError } from "../../src/serve/errors.js";

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

const received = (e: unknown): ConnectError => toConnectError(e);

describe("toConnectError", () => {
  it("ValidationError: InvalidArgument with BadRequest violations (path, value, allowed)", () => {
    const c = received(new ValidationError("order action", [{ path: "orders[0].p", value: "1.000", expected: "a canonical decimal" }]));
    expect(c.code).toBe(Code.InvalidArgument);
    expect(c.findDetails(BadRequestSchema)[0]?.fieldViolations).toEqual([
      expect.objectContaining({ field: "orders[0].p", description: 'is "1.000"; allowed: a canonical decimal' }),
    ]);
    expect(c.findDetails(ErrorInfoSchema)[0]?.reason).toBe("VALIDATION");
  });

  it("RateLimitError: ResourceExhausted with the retry delay", () => {
    const c = received(new RateLimitError("too many", "http://127.0.0.1/info", 2500));
    expect(c.code).toBe(Code.ResourceExhausted);
    const delay = c.findDetails(RetryInfoSchema)[0]?.retryDelay;
    expect([delay?.seconds, delay?.nanos]).toEqual([2n, 500_000_000]);
  });

  it("SignatureMismatchError: FailedPrecondition with the diagnosis", () => {
    const c = received(
      new SignatureMismatchError("order", "User or API Wallet 0xabc does not exist.", "0xabc", "0xdef", "signed for testnet, sent to mainnet"),
    );
    expect(c.code).toBe(Code.FailedPrecondition);
    expect(c.findDetails(PreconditionFailureSchema)[0]?.violations[0]?.description).toMatch(/0xabc.*0xdef.*testnet/);
  });

  it("ActionOutcomeUnknownError: Unknown with the action and nonce, never the signature or a key", () => {
    const payload = { action: { type: "order" }, nonce: 1700000000123, signature: { r: "0x1", s: "0x2", v: 27 } };
    const c = received(new ActionOutcomeUnknownError("order", payload, new Error(`socket hang up ${KEY}`)));
    expect(c.code).toBe(Code.Unknown);
    expect(c.findDetails(ErrorInfoSchema)[0]?.metadata).toMatchObject({ action: "order", nonce: "1700000000123" });
    expect(JSON.stringify(c.findDetails(ErrorInfoSchema)) + c.message).not.toContain(KEY.slice(2));
  });

  it("guard refusals: FailedPrecondition naming the rule, value and limit (or the kill switch, or the mode)", () => {
    const risk = received(new RiskLimitError("order", "live", "max_order_notional", "60000", "50000", "BTC"));
    expect(risk.code).toBe(Code.FailedPrecondition);
    expect(risk.findDetails(PreconditionFailureSchema)[0]?.violations[0]).toMatchObject({ type: "RISK_LIMIT", subject: "max_order_notional" });
    expect(risk.findDetails(ErrorInfoSchema)[0]?.metadata).toMatchObject({
      rule: "max_order_notional",
      value: "60000",
      limit: "50000",
      coin: "BTC",
      mode: "live",
    });
    const kill = received(new KillSwitchError("order", "live", "drawdown 12% over 10%"));
    expect([kill.code, kill.findDetails(PreconditionFailureSchema)[0]?.violations[0]?.type]).toEqual([Code.FailedPrecondition, "KILL_SWITCH"]);
    const ro = received(new ReadOnlyModeError("order"));
    expect([ro.code, ro.findDetails(PreconditionFailureSchema)[0]?.violations[0]?.subject]).toEqual([Code.FailedPrecondition, "read-only"]);
  });

  it("timeouts and network errors: DeadlineExceeded, Unavailable; anything else Internal without its text", () => {
    expect(received(new TimeoutError("info request", 100)).code).toBe(Code.DeadlineExceeded);
    expect(received(new NetworkError("http://127.0.0.1:1/info")).code).toBe(Code.Unavailable);
    const other = received(new Error(`boom ${KEY}`));
    expect(other.code).toBe(Code.Internal);
    expect(other.rawMessage).toBe("internal error");
  });
});
