/**
 * The exchange envelope: what surrounds an action's own fields and is signed with it.
 * User-signed actions carry signatureChainId, hyperliquidChain and the request nonce in their
 * `nonce` / `time` field; L1 actions (and the hybrid multiSig) are hashed with vaultAddress and
 * expiresAfter. Which keys an action gets filled is the schema's (`actionSpecs[type].filled`);
 * this module is the one place that fills them in and the one place that checks them.
 */
import { actionSpecs, isActionType, type ActionType } from "../../generated/ts/actions.js";
import { ValidationError, type ValidationIssue } from "../errors/base.js";
import { DEFAULT_SIGNATURE_CHAIN_ID, hyperliquidChainOf } from "../transport/networks.js";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Where and for whom an action is signed. */
export interface EnvelopeContext {
  isMainnet: boolean;
  /** The request nonce; also the `nonce` / `time` field of user-signed actions. */
  nonce: number;
  /** EIP-712 chain id of user-signed actions (default {@link DEFAULT_SIGNATURE_CHAIN_ID}); one already in the action wins. */
  signatureChainId?: string;
  /** Vault or sub-account (L1 actions only; ignored for user-signed ones). */
  vaultAddress?: string | null;
  /** Millisecond timestamp after which the exchange rejects the action (L1 actions only). */
  expiresAfter?: number | null;
}

/** An action with its envelope, ready to be validated and signed. */
export interface Envelope<K extends ActionType = ActionType> {
  action: Record<string, unknown> & { type: K };
  nonce: number;
  vaultAddress: string | null;
  expiresAfter: number | null;
}

/** A plain object (what every action and JSON object is at run time). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether the signature covers vaultAddress / expiresAfter: L1 actions and the hybrid multiSig (the schema's l1_envelope). */
export function usesL1Envelope(type: ActionType): boolean {
  return actionSpecs[type].l1Envelope;
}

/**
 * `{ type, ...params }` with the schema's client-filled keys set: signatureChainId (kept when
 * given), hyperliquidChain from `isMainnet`, and `nonce` / `time` = the request nonce; plus
 * vaultAddress / expiresAfter for L1-enveloped actions (null for the others).
 */
export function completeEnvelope<K extends ActionType>(type: K, params: object, ctx: EnvelopeContext): Envelope<K> {
  if (!isActionType(type)) throw new ValidationError("action", [{ path: "type", value: type, expected: "a known action type" }]);
  const action: Record<string, unknown> & { type: K } = { type };
  Object.assign(action, params, { type });
  for (const key of actionSpecs[type].filled) {
    if (key === "signatureChainId") action.signatureChainId ??= ctx.signatureChainId ?? DEFAULT_SIGNATURE_CHAIN_ID;
    else if (key === "hyperliquidChain") action.hyperliquidChain = hyperliquidChainOf(ctx.isMainnet);
    else action[key] = ctx.nonce;
  }
  const l1 = usesL1Envelope(type);
  return { action, nonce: ctx.nonce, vaultAddress: l1 ? (ctx.vaultAddress ?? null) : null, expiresAfter: l1 ? (ctx.expiresAfter ?? null) : null };
}

/** What {@link checkEnvelope} looks at. */
export interface EnvelopeInput {
  action: object;
  nonce: number;
  vaultAddress?: string | null;
  expiresAfter?: number | null;
  isMainnet: boolean;
}

/** The envelope problems of a signing request (none when it is consistent). */
export function envelopeIssues(input: EnvelopeInput, signing: "l1" | "userSigned"): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!Number.isSafeInteger(input.nonce) || input.nonce < 0)
    issues.push({ path: "nonce", value: input.nonce, expected: "a non-negative safe integer (milliseconds)" });
  if (input.vaultAddress != null && !ADDRESS.test(input.vaultAddress))
    issues.push({ path: "vaultAddress", value: input.vaultAddress, expected: "a 20-byte hex address" });
  if (input.expiresAfter != null && (!Number.isSafeInteger(input.expiresAfter) || input.expiresAfter < 0))
    issues.push({ path: "expiresAfter", value: input.expiresAfter, expected: "a non-negative safe integer (milliseconds)" });
  const a = input.action;
  // A user-signed action with the L1 envelope (multiSig) has its chain and nonce in the signed message, not in the action.
  if (signing === "userSigned" && isRecord(a) && !(isActionType(a.type) && usesL1Envelope(a.type))) {
    const chain = hyperliquidChainOf(input.isMainnet);
    if (a.hyperliquidChain !== chain)
      issues.push({ path: "action.hyperliquidChain", value: a.hyperliquidChain, expected: `"${chain}" for isMainnet=${input.isMainnet}` });
    for (const key of ["nonce", "time"])
      if (key in a && a[key] !== input.nonce) issues.push({ path: `action.${key}`, value: a[key], expected: `the request nonce ${input.nonce}` });
  }
  return issues;
}

/** Throws a {@link ValidationError} when the envelope is inconsistent (wrong chain, nonce mismatch, bad vault / expiry). */
export function checkEnvelope(input: EnvelopeInput, signing: "l1" | "userSigned"): void {
  const issues = envelopeIssues(input, signing);
  if (issues.length) throw new ValidationError("signing request", issues, { hint: "Nothing was signed or sent." });
}

function hasChainId(a: Record<string, unknown>): a is Record<string, unknown> & { signatureChainId: string } {
  return typeof a.signatureChainId === "string";
}

/** The action as a user-signed EIP-712 message: a plain object with its signatureChainId. */
export function userSignedMessage(action: object): Record<string, unknown> & { signatureChainId: string } {
  if (isRecord(action) && hasChainId(action)) return action;
  throw new ValidationError("user-signed action", [
    { path: "signatureChainId", value: isRecord(action) ? action.signatureChainId : action, expected: "a hex chain id string" },
  ]);
}
