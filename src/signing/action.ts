/**
 * The safe path: validate an action against the schema, rebuild it in wire key order, sign it
 * with the scheme the schema names. Nothing is signed when validation fails.
 */
import { actionSpecs, type ActionSpec, type ActionType, type Actions } from "../../generated/ts/actions.js";
import { validateInput as validate, type InputMessageName as MessageName } from "../../generated/ts/validate-input.js";
import { ValidationError, type ValidationIssue } from "../errors/base.js";
import { signL1ActionRaw } from "./l1.js";
import { signMultiSigActionRaw } from "./multisig.js";
import { signUserSignedActionRaw } from "./user-signed.js";
import type { HlWallet, Signature } from "./wallet.js";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function specOf(action: unknown): ActionSpec {
  return (actionSpecs as unknown as Record<string, ActionSpec>)[(action as { type: string }).type]!;
}

/** Throws a {@link ValidationError} naming every problem of `action`. */
export function assertValidAction(action: unknown): asserts action is Actions[ActionType] {
  const type = (action as { type?: unknown } | null)?.type;
  const spec = typeof type === "string" ? (actionSpecs as unknown as Record<string, ActionSpec>)[type] : undefined;
  if (!spec) {
    throw new ValidationError("action", [{ path: "type", value: type, expected: `one of the ${Object.keys(actionSpecs).length} action types (see \`hl schema --list\`)` }], {
      hint: "Action types are case-sensitive, e.g. \"order\", \"usdSend\".",
    });
  }
  const issues: ValidationIssue[] = validate(spec.message as MessageName, action);
  if (issues.length) throw new ValidationError(`${type} action`, issues, { hint: "Nothing was signed or sent." });
}

/** Validates and returns the action rebuilt in the schema's key order. */
export function encodeAction<T extends ActionType>(action: Actions[T]): Actions[T] {
  assertValidAction(action);
  const spec = specOf(action);
  return (spec.encode as (a: Actions[T]) => Actions[T])(action);
}

export interface SignActionInput<T extends ActionType = ActionType> {
  wallet: HlWallet;
  action: Actions[T];
  nonce: number;
  /** Vault or sub-account the action is for (L1 actions only). */
  vaultAddress?: string | null;
  /** Millisecond timestamp after which the exchange rejects the action (L1 actions only). */
  expiresAfter?: number | null;
  isMainnet: boolean;
}

export interface SignedAction<T extends ActionType = ActionType> {
  /** The exact action to send, in wire key order. */
  action: Actions[T];
  nonce: number;
  signature: Signature;
  vaultAddress?: string;
  expiresAfter?: number;
}

function checkEnvelope(input: SignActionInput, signing: "l1" | "userSigned"): void {
  const issues: ValidationIssue[] = [];
  if (!Number.isSafeInteger(input.nonce) || input.nonce < 0) issues.push({ path: "nonce", value: input.nonce, expected: "a non-negative safe integer (milliseconds)" });
  if (input.vaultAddress != null && !ADDRESS.test(input.vaultAddress)) issues.push({ path: "vaultAddress", value: input.vaultAddress, expected: "a 20-byte hex address" });
  if (input.expiresAfter != null && (!Number.isSafeInteger(input.expiresAfter) || input.expiresAfter < 0)) issues.push({ path: "expiresAfter", value: input.expiresAfter, expected: "a non-negative safe integer (milliseconds)" });
  if (signing === "userSigned" && input.action.type !== "multiSig") {
    const a = input.action as unknown as Record<string, unknown>;
    const chain = input.isMainnet ? "Mainnet" : "Testnet";
    if (a.hyperliquidChain !== chain) issues.push({ path: "action.hyperliquidChain", value: a.hyperliquidChain, expected: `"${chain}" for isMainnet=${input.isMainnet}` });
    for (const key of ["nonce", "time"]) if (key in a && a[key] !== input.nonce) issues.push({ path: `action.${key}`, value: a[key], expected: `the request nonce ${input.nonce}` });
  }
  if (issues.length) throw new ValidationError("signing request", issues, { hint: "Nothing was signed or sent." });
}

/** Validates, orders and signs an action. */
export async function signAction<T extends ActionType>(input: SignActionInput<T>): Promise<SignedAction<T>> {
  const action = encodeAction(input.action);
  const spec = specOf(action);
  checkEnvelope(input as SignActionInput, spec.signing);
  const vaultAddress = input.vaultAddress ? input.vaultAddress.toLowerCase() : null;
  const expiresAfter = input.expiresAfter ?? null;
  let signature: Signature;
  if (spec.type === "multiSig") {
    signature = await signMultiSigActionRaw({ wallet: input.wallet, action: action as never, nonce: input.nonce, vaultAddress, expiresAfter, isMainnet: input.isMainnet });
  } else if (spec.signing === "l1") {
    ({ signature } = await signL1ActionRaw({ wallet: input.wallet, action, nonce: input.nonce, vaultAddress, expiresAfter, isMainnet: input.isMainnet }));
  } else {
    signature = await signUserSignedActionRaw({ wallet: input.wallet, action: action as never });
  }
  const out: SignedAction<T> = { action, nonce: input.nonce, signature };
  if (vaultAddress) out.vaultAddress = vaultAddress;
  if (expiresAfter !== null) out.expiresAfter = expiresAfter;
  return out;
}
