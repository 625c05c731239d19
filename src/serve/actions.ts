/**
 * Actions as hl serve sends them, shared by ExchangeService and TradingService: the server's
 * ExchangeClient (its wallet signs; no rpc takes a key) dispatches by wire type, and a
 * rejection (`{"status":"err"}`) is an answer of the call, not a failed call.
 */
import type { HandlerContext } from "@connectrpc/connect";
import { actionSpecs, type ActionType } from "../../generated/ts/actions.js";
import type { ActionOptions } from "../../generated/ts/methods.js";
import { ExchangeClient } from "../clients/exchange.js";
import { ExchangeError, SignatureMismatchError } from "../errors/exchange.js";

/** Exposes executeAction: the server dispatches actions by wire type (validated there). */
export class ServeExchange extends ExchangeClient {
  /** The wire answer of the action; a rejection is returned as `{status: "err", response}`. */
  async dispatch(type: ActionType, wire: unknown, options: ActionOptions): Promise<unknown> {
    try {
      return await this.executeAction(type, actionParams(type, wire), options);
    } catch (e) {
      if (e instanceof ExchangeError && !(e instanceof SignatureMismatchError)) return { status: "err", response: e.response };
      throw e;
    }
  }
}

/** Request options of a handler: the client's deadline and cancellation reach the SDK. */
export function callOptions(ctx: HandlerContext): { signal: AbortSignal; timeout?: number } {
  const left = ctx.timeoutMs();
  return left === undefined ? { signal: ctx.signal } : { signal: ctx.signal, timeout: Math.max(1, left) };
}

/**
 * An action as ExchangeClient takes it: without `type`, and without the envelope keys the
 * client fills in (nonce, time, hyperliquidChain; signatureChainId unless the caller set one).
 */
export function actionParams(type: ActionType, wire: unknown): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (typeof wire !== "object" || wire === null) return params;
  const filled = new Set<string>(actionSpecs[type].filled);
  for (const [k, v] of Object.entries(wire)) {
    if (k === "type") continue;
    if (filled.has(k) && (k !== "signatureChainId" || v === "")) continue;
    params[k] = v;
  }
  return params;
}
