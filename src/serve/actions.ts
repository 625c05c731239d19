/**
 * Actions as hl serve sends them, shared by ExchangeService and TradingService: the server's
 * ExchangeClient (its wallet signs; no rpc takes a key) dispatches by wire type, and a
 * rejection (`{"status":"err"}`) is an answer of the call, not a failed call.
 */
import type { HandlerContext } from "@connectrpc/connect";
import type { ActionOptions as ProtoActionOptions } from "../../generated/connect/hl/serve/v1/trading_pb.js";
import { actionSpecs, type ActionType } from "../../generated/ts/actions.js";
import type { ActionOptions } from "../../generated/ts/methods.js";
import { ExchangeClient } from "../clients/exchange.js";
import { ValidationError, type ValidationIssue } from "../errors/base.js";
import { usesL1Envelope } from "../signing/envelope.js";
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

/**
 * The request headers that set an ExchangeService call's envelope: `hl-vault-address` and
 * `hl-expires-after` (hl.serve.v1.ActionOptions; an empty value means "none", overriding the
 * server's default) and `hl-nonce` (sign with this nonce, e.g. the one a multiSig's signers signed).
 */
export const ACTION_HEADERS = { vaultAddress: "hl-vault-address", expiresAfter: "hl-expires-after", nonce: "hl-nonce" } as const;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const MS = /^[0-9]{1,16}$/;

/**
 * Per-call vaultAddress / expiresAfter / nonce, checked before anything is signed
 * (InvalidArgument naming the field otherwise). Unset values are left out: the server's
 * defaults apply; "" (headers only) sets none.
 */
function signingOptions(
  values: { vault?: string | undefined; expires?: string | bigint | undefined; nonce?: string | undefined },
  names: { vault: string; expires: string; nonce?: string },
): ActionOptions {
  const out: ActionOptions = {};
  const issues: ValidationIssue[] = [];
  const { vault, expires, nonce } = values;
  if (vault === "") out.vaultAddress = null;
  else if (vault !== undefined) {
    if (ADDRESS.test(vault)) out.vaultAddress = vault.toLowerCase();
    else issues.push({ path: names.vault, value: vault, expected: "a 0x-prefixed 20-byte hex address, or empty for none" });
  }
  if (expires === "") out.expiresAfter = null;
  else if (expires !== undefined) {
    const ms = typeof expires === "bigint" ? expires : MS.test(expires) ? BigInt(expires) : -1n;
    if (ms > 0n && ms <= BigInt(Number.MAX_SAFE_INTEGER)) out.expiresAfter = Number(ms);
    else issues.push({ path: names.expires, value: String(expires), expected: "a millisecond timestamp (a positive integer)" });
  }
  if (nonce !== undefined) {
    if (MS.test(nonce) && Number.isSafeInteger(Number(nonce))) out.nonce = Number(nonce);
    else issues.push({ path: names.nonce ?? "nonce", value: nonce, expected: "a non-negative integer (ms timestamp)" });
  }
  if (issues.length) throw new ValidationError("action options", issues, { hint: "Nothing was signed." });
  return out;
}

/**
 * An ExchangeService call's options from its headers. A user-signed action (usdSend,
 * withdraw3, …) has no vaultAddress or expiresAfter in what it signs: a value in either header
 * on one is refused rather than silently dropped.
 */
export function headerActionOptions(type: ActionType, header: Headers): ActionOptions {
  const vault = header.get(ACTION_HEADERS.vaultAddress)?.trim() ?? undefined;
  const expires = header.get(ACTION_HEADERS.expiresAfter)?.trim() ?? undefined;
  const nonce = header.get(ACTION_HEADERS.nonce)?.trim() ?? undefined;
  const names = { vault: ACTION_HEADERS.vaultAddress, expires: ACTION_HEADERS.expiresAfter, nonce: ACTION_HEADERS.nonce };
  if (!usesL1Envelope(type)) {
    const issues: ValidationIssue[] = [];
    if (vault) issues.push({ path: names.vault, value: vault, expected: `no value: ${type} is user-signed (only L1 actions take a vault)` });
    if (expires) issues.push({ path: names.expires, value: expires, expected: `no value: ${type} is user-signed (only L1 actions expire)` });
    if (issues.length) throw new ValidationError("action options", issues, { hint: "Nothing was signed." });
    return signingOptions({ nonce }, names);
  }
  return signingOptions({ vault, expires, nonce }, names);
}

/** A TradingCommand's `options` (hl.serve.v1.ActionOptions) as the SDK's ActionOptions. */
export function commandActionOptions(options: ProtoActionOptions | undefined): ActionOptions {
  if (!options) return {};
  return signingOptions({ vault: options.vaultAddress, expires: options.expiresAfter }, { vault: "options.vault_address", expires: "options.expires_after" });
}
