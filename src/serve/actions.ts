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
import { ValidationError } from "../errors/base.js";

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

/** Request metadata of ExchangeService calls that set an action's envelope (all optional). */
export const ACTION_HEADERS = { vaultAddress: "hl-vault-address", expiresAfter: "hl-expires-after", nonce: "hl-nonce" } as const;

/**
 * The envelope options a call sets in its metadata: `hl-vault-address` (0x + 40 hex; empty =
 * none, overriding the server's default), `hl-expires-after` (ms timestamp; empty = none) and
 * `hl-nonce` (the nonce to sign with, e.g. one the multiSig signers signed).
 */
export function actionHeaders(headers: Headers): Pick<ActionOptions, "vaultAddress" | "expiresAfter" | "nonce"> {
  const out: Pick<ActionOptions, "vaultAddress" | "expiresAfter" | "nonce"> = {};
  const vault = headers.get(ACTION_HEADERS.vaultAddress);
  if (vault !== null) {
    if (vault !== "" && !/^0x[0-9a-fA-F]{40}$/.test(vault)) throw headerError(ACTION_HEADERS.vaultAddress, vault, "0x and 40 hex digits, or empty for none");
    out.vaultAddress = vault === "" ? null : vault.toLowerCase();
  }
  const expires = headers.get(ACTION_HEADERS.expiresAfter);
  if (expires !== null) out.expiresAfter = expires === "" ? null : integerHeader(ACTION_HEADERS.expiresAfter, expires);
  const nonce = headers.get(ACTION_HEADERS.nonce);
  if (nonce !== null) out.nonce = integerHeader(ACTION_HEADERS.nonce, nonce);
  return out;
}

function integerHeader(name: string, value: string): number {
  const n = Number(value);
  if (!/^[0-9]{1,16}$/.test(value) || !Number.isSafeInteger(n)) throw headerError(name, value, "a non-negative integer (ms timestamp)");
  return n;
}

function headerError(name: string, value: string, expected: string): ValidationError {
  return new ValidationError("request metadata", [{ path: name, value, expected }]);
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
