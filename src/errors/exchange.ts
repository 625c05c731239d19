/** Errors of POST /exchange: rejected actions, signature mismatches, unknown outcomes. */
import { HyperliquidError } from "./base.js";

/** The exchange answered `{"status":"err","response":"…"}`. */
export class ExchangeError extends HyperliquidError {
  override name = "ExchangeError";
  constructor(
    readonly actionType: string,
    readonly response: string,
    options: { hint?: string; details?: string } = {},
  ) {
    super(`Exchange rejected ${actionType}: ${response}`, options);
  }
}

/**
 * "User or API Wallet 0x… does not exist": the exchange recovered an address from the
 * signature that it does not know. We recover the signer from the exact payload we sent and
 * say which cause fits.
 */
export class SignatureMismatchError extends ExchangeError {
  override name = "SignatureMismatchError";
  constructor(
    actionType: string,
    response: string,
    /** The address the exchange recovered (from its error text). */
    readonly exchangeRecovered: string,
    /** The address that signed, recovered locally from the payload sent. */
    readonly localSigner: string,
    /** The most likely cause, in words. */
    readonly likelyCause: string,
  ) {
    super(actionType, response, {
      details: `exchange recovered ${exchangeRecovered}; the payload we sent recovers ${localSigner}`,
      hint: likelyCause,
    });
  }
}

/**
 * A signed action was sent but no conclusive answer came: a timeout, a lost connection, a 5xx
 * or 429, an abort mid-flight, a cut, oversized, garbled or wrong-shaped body. It may or may not
 * have executed (only `{"status":"err","response":"…"}` proves a rejection). It is never re-signed with a fresh nonce automatically: resend the same
 * `payload` (the exchange rejects a duplicate nonce) or check the outcome by cloid/nonce.
 */
export class ActionOutcomeUnknownError extends HyperliquidError {
  override name = "ActionOutcomeUnknownError";
  constructor(
    readonly actionType: string,
    /** The exact signed body that was sent; safe to resend as is. */
    readonly payload: Record<string, unknown>,
    cause: unknown,
  ) {
    super(`No conclusive answer to ${actionType}: it may or may not have executed.`, {
      cause,
      details: `nonce ${String(payload.nonce)}${cause instanceof Error ? `; ${cause.name}: ${cause.message.split("\n")[0]}` : ""}`,
      hint: "Resend exactly this payload with exchange.resend(error.payload) (a duplicate is rejected by nonce), or query the order by its cloid before placing it again.",
    });
  }
}
