/**
 * Signer recovery: which address signed this payload? One function, {@link recoverActionSigner},
 * knows how each kind of action is signed (L1 phantom agent, user-signed EIP-712, the outer
 * multiSig envelope, and a signature inside a multiSig); the SDK's mismatch diagnosis and the
 * devnet's authentication both use it, so they cannot disagree about what was signed.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { actionSpecs, type ActionType } from "../../generated/ts/actions.js";
import { recoverPublicKey } from "./ecdsa.js";
import { l1Digest } from "./eip712.js";
import { actionHashBytes, type L1HashInput } from "./l1.js";
import { multiSigActionHash, multiSigUserSignedSpec, SEND_MULTI_SIG } from "./multisig.js";
import { userSignedDigest, userSignedSpecOf, type UserSignedSpec } from "./user-signed.js";
import { hyperliquidChainOf } from "../transport/networks.js";
import type { Signature } from "./wallet.js";

/** Address that produced `signature` over a 32-byte digest, or null if it does not recover. */
export function recoverDigestSigner(digest: Uint8Array, signature: Signature): Hex | null {
  try {
    const recid = signature.v - 27;
    if (recid !== 0 && recid !== 1) return null;
    const sig64 = new Uint8Array(64);
    sig64.set(hexToBytes(padHex(signature.r)), 0);
    sig64.set(hexToBytes(padHex(signature.s)), 32);
    const publicKey = recoverPublicKey(digest, sig64, recid);
    return bytesToHex(keccak_256(publicKey.subarray(1)).subarray(12));
  } catch {
    return null;
  }
}

function padHex(h: string): Hex {
  return `0x${h.replace(/^0x/, "").padStart(64, "0")}`;
}

export function recoverL1Signer(input: L1HashInput & { isMainnet: boolean; signature: Signature }): Hex | null {
  return recoverDigestSigner(l1Digest(actionHashBytes(input), input.isMainnet), input.signature);
}

export function recoverUserSignedSigner(
  action: Record<string, unknown> & { signatureChainId: string },
  signature: Signature,
  spec?: UserSignedSpec,
): Hex | null {
  return recoverDigestSigner(hexToBytes(userSignedDigest(action, spec)), signature);
}

/** An action as sent to /exchange, with the signature to recover. */
export interface ActionPayload {
  /** The action object as sent (any generated action type fits). */
  action: { readonly type: string };
  nonce: number;
  signature: Signature;
  vaultAddress?: string | null;
  expiresAfter?: number | null;
  /**
   * Set for one of the signatures inside a `multiSig` action: that signer signed `action`
   * wrapped for this multi-sig user and outer signer (the inner action as sent, own chain fields).
   */
  multiSig?: { multiSigUser: string; outerSigner: string };
}

export interface RecoverActionOptions {
  /** The network the exchange hashes for (L1 source "a"/"b"; user-signed hyperliquidChain). */
  isMainnet: boolean;
}

function isActionType(type: string): type is ActionType {
  return Object.hasOwn(actionSpecs, type);
}

function signingOf(type: string): "l1" | "userSigned" {
  return isActionType(type) ? actionSpecs[type].signing : "l1";
}

/**
 * The 32-byte digest the payload's signature is over, as the exchange computes it; null when a
 * user-signed action has no signatureChainId (nothing to hash) or its type has no EIP-712 table.
 */
export function actionSigningDigest(payload: Omit<ActionPayload, "signature">, { isMainnet }: RecoverActionOptions): Uint8Array | null {
  const { nonce } = payload;
  // A copy with an index signature: the action's fields are read (and re-hashed) by name.
  const action: Record<string, unknown> & { type: string } = { ...payload.action };
  const vaultAddress = payload.vaultAddress ?? null;
  const expiresAfter = payload.expiresAfter ?? null;
  const hyperliquidChain = hyperliquidChainOf(isMainnet);
  const chainId = action.signatureChainId;
  const parties = payload.multiSig;
  if (parties) {
    const multiSigUser = parties.multiSigUser.toLowerCase();
    const outerSigner = parties.outerSigner.toLowerCase();
    if (signingOf(action.type) === "l1")
      return l1Digest(actionHashBytes({ action: [multiSigUser, outerSigner, action], nonce, vaultAddress, expiresAfter }), isMainnet);
    if (typeof chainId !== "string") return null;
    return userSignedOrNull({ ...action, signatureChainId: chainId, payloadMultiSigUser: multiSigUser, outerSigner }, (a) =>
      multiSigUserSignedSpec(userSignedSpecOf(a)),
    );
  }
  if (action.type === "multiSig") {
    if (typeof chainId !== "string") return null;
    const envelope = { signatureChainId: chainId, hyperliquidChain, multiSigActionHash: multiSigActionHash(action, nonce, vaultAddress, expiresAfter), nonce };
    return userSignedOrNull(envelope, () => SEND_MULTI_SIG);
  }
  if (signingOf(action.type) === "userSigned") {
    if (typeof chainId !== "string") return null;
    return userSignedOrNull({ ...action, signatureChainId: chainId, hyperliquidChain }, userSignedSpecOf);
  }
  return l1Digest(actionHashBytes({ action, nonce, vaultAddress, expiresAfter }), isMainnet);
}

function userSignedOrNull<A extends Record<string, unknown> & { signatureChainId: string }>(action: A, spec: (a: A) => UserSignedSpec): Uint8Array | null {
  try {
    return hexToBytes(userSignedDigest(action, spec(action)));
  } catch {
    // A field the EIP-712 table needs is missing or ill-typed: nothing recovers from it.
    return null;
  }
}

/**
 * The address that signed `payload` as the exchange would recover it, or null when it does not
 * recover. Pass `recover` to run the ECDSA step elsewhere (the devnet's worker pool).
 */
export function recoverActionSigner(payload: ActionPayload, options: RecoverActionOptions): Hex | null;
export function recoverActionSigner<R>(
  payload: ActionPayload,
  options: RecoverActionOptions & { recover: (digest: Uint8Array, signature: Signature) => R },
): R | null;
export function recoverActionSigner(
  payload: ActionPayload,
  options: RecoverActionOptions & { recover?: (digest: Uint8Array, signature: Signature) => unknown },
): unknown {
  const digest = actionSigningDigest(payload, options);
  if (!digest) return null;
  return (options.recover ?? recoverDigestSigner)(digest, payload.signature);
}
