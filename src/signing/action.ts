/**
 * The safe path: validate an action against the schema, rebuild it in wire key order, sign it
 * with the scheme the schema names. Nothing is signed when validation fails.
 */
import { actionSpecs, encodeAnyAction, isActionType, type ActionType, type Actions, type AnyAction } from "../../generated/ts/actions.js";
import { validateAction, type ActionMessageName } from "../../generated/ts/validate-action.js";
import { ValidationError, type ValidationIssue } from "../errors/base.js";
import { checkEnvelope, isRecord, userSignedMessage } from "./envelope.js";
import { l1Digest } from "./eip712.js";
import { signL1ActionRaw, validActionHashBytes } from "./l1.js";
import { signMultiSigActionRaw } from "./multisig.js";
import { signUserSignedActionRaw } from "./user-signed.js";
import type { HlWallet, Signature } from "./wallet.js";

/** Throws a {@link ValidationError} naming every problem of `action`. */
export function assertValidAction(action: unknown): asserts action is AnyAction {
  const type = isRecord(action) ? action.type : undefined;
  if (!isActionType(type)) {
    throw new ValidationError(
      "action",
      [{ path: "type", value: type, expected: `one of the ${Object.keys(actionSpecs).length} action types (see \`hl schema --list\`)` }],
      {
        hint: 'Action types are case-sensitive, e.g. "order", "usdSend".',
      },
    );
  }
  const issues: ValidationIssue[] = validateAction(actionSpecs[type].message as ActionMessageName, action);
  if (issues.length) throw new ValidationError(`${type} action`, issues, { hint: "Nothing was signed or sent." });
}

/** Throws a {@link ValidationError} unless `action` is a valid action of type `type`. */
export function assertActionOf<K extends ActionType>(type: K, action: unknown): asserts action is Actions[K] {
  assertValidAction(action);
  if (action.type !== type) throw new ValidationError("action", [{ path: "type", value: action.type, expected: `"${type}"` }]);
}

/** Validates and returns the action rebuilt in the schema's key order. */
export function encodeAction<T extends ActionType>(action: Actions[T]): Actions[T] {
  assertValidAction(action);
  return encodeAnyAction(action);
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

/** Signs an already validated action. */
async function signValid<T extends ActionType>(input: SignActionInput<T>): Promise<SignedAction<T>> {
  const action = encodeAnyAction(input.action);
  const spec = actionSpecs[action.type];
  checkEnvelope(input, spec.signing);
  const vaultAddress = input.vaultAddress ? input.vaultAddress.toLowerCase() : null;
  const expiresAfter = input.expiresAfter ?? null;
  let signature: Signature;
  if (spec.type === "multiSig") {
    signature = await signMultiSigActionRaw({
      wallet: input.wallet,
      action: userSignedMessage(action),
      nonce: input.nonce,
      vaultAddress,
      expiresAfter,
      isMainnet: input.isMainnet,
    });
  } else if (spec.signing === "l1") {
    const l1 = { wallet: input.wallet, action, nonce: input.nonce, vaultAddress, expiresAfter, isMainnet: input.isMainnet };
    // A local key signs the digest straight from the generated msgpack writer's bytes.
    signature = input.wallet.signDigest ? input.wallet.signDigest(l1Digest(validActionHashBytes(l1), input.isMainnet)) : (await signL1ActionRaw(l1)).signature;
  } else {
    signature = await signUserSignedActionRaw({ wallet: input.wallet, action: userSignedMessage(action) });
  }
  const out: SignedAction<T> = { action, nonce: input.nonce, signature };
  if (vaultAddress) out.vaultAddress = vaultAddress;
  if (expiresAfter !== null) out.expiresAfter = expiresAfter;
  return out;
}

/** Validates, orders and signs an action. */
export async function signAction<T extends ActionType>(input: SignActionInput<T>): Promise<SignedAction<T>> {
  assertValidAction(input.action);
  return signValid(input);
}

/** {@link signAction} for an action that is only known at run time to be of type `type` (validated first). */
export async function signActionOf<K extends ActionType>(type: K, input: Omit<SignActionInput<K>, "action"> & { action: unknown }): Promise<SignedAction<K>> {
  const { action } = input;
  assertActionOf(type, action);
  return signValid({ ...input, action });
}
