/**
 * Multi-sig: each signer signs the inner action wrapped in an envelope naming the multi-sig
 * user and the outer signer; the outer signer then signs the `multiSig` action, whose L1
 * hash (without its `type`) is signed as the user-signed HyperliquidTransaction:SendMultiSig.
 */
import { bytesToHex, type Hex } from "viem";
import { hyperliquidChainOf } from "../transport/networks.js";
import { actionHashBytes, signL1ActionRaw } from "./l1.js";
import { signUserSignedActionRaw, userSignedSpecOf, type UserSignedSpec } from "./user-signed.js";
import type { HlWallet, Signature } from "./wallet.js";

export const SEND_MULTI_SIG: UserSignedSpec = {
  primaryType: "HyperliquidTransaction:SendMultiSig",
  eip712: [
    { name: "hyperliquidChain", type: "string" },
    { name: "multiSigActionHash", type: "bytes32" },
    { name: "nonce", type: "uint64" },
  ],
};

export interface MultiSigParties {
  /** The multi-sig account the action is for. */
  multiSigUser: string;
  /** The signer who will submit the outer multiSig action. */
  outerSigner: string;
}

/** An inner L1 action signed by one of the multi-sig's signers. */
export async function signMultiSigL1Payload(
  args: MultiSigParties & { wallet: HlWallet; action: unknown; nonce: number; vaultAddress?: string | null; expiresAfter?: number | null; isMainnet: boolean },
): Promise<Signature> {
  const envelope = [args.multiSigUser.toLowerCase(), args.outerSigner.toLowerCase(), args.action];
  const { signature } = await signL1ActionRaw({ ...args, action: envelope });
  return signature;
}

/** The user-signed envelope's spec: payloadMultiSigUser and outerSigner after hyperliquidChain. */
export function multiSigUserSignedSpec(spec: UserSignedSpec): UserSignedSpec {
  const [first, ...rest] = spec.eip712;
  return {
    primaryType: spec.primaryType,
    eip712: [...(first ? [first] : []), { name: "payloadMultiSigUser", type: "address" }, { name: "outerSigner", type: "address" }, ...rest],
  };
}

/** An inner user-signed action signed by one of the multi-sig's signers. */
export async function signMultiSigUserSignedPayload(
  args: MultiSigParties & { wallet: HlWallet; action: Record<string, unknown> & { signatureChainId: string } },
): Promise<Signature> {
  const spec = multiSigUserSignedSpec(userSignedSpecOf(args.action));
  const envelope = { ...args.action, payloadMultiSigUser: args.multiSigUser.toLowerCase(), outerSigner: args.outerSigner.toLowerCase() };
  return signUserSignedActionRaw({ wallet: args.wallet, action: envelope, spec });
}

/** The hash the outer signer signs: L1 hash of the multiSig action without its `type`. */
export function multiSigActionHash(action: Record<string, unknown>, nonce: number, vaultAddress?: string | null, expiresAfter?: number | null): Hex {
  const { type: _type, ...withoutType } = action;
  return bytesToHex(actionHashBytes({ action: withoutType, nonce, vaultAddress: vaultAddress ?? null, expiresAfter: expiresAfter ?? null }));
}

/** Signs the outer `multiSig` action (as given). */
export async function signMultiSigActionRaw(args: {
  wallet: HlWallet;
  action: Record<string, unknown> & { signatureChainId: string };
  nonce: number;
  vaultAddress?: string | null;
  expiresAfter?: number | null;
  isMainnet: boolean;
}): Promise<Signature> {
  const envelope = {
    signatureChainId: args.action.signatureChainId,
    hyperliquidChain: hyperliquidChainOf(args.isMainnet),
    multiSigActionHash: multiSigActionHash(args.action, args.nonce, args.vaultAddress, args.expiresAfter),
    nonce: args.nonce,
  };
  return signUserSignedActionRaw({ wallet: args.wallet, action: envelope, spec: SEND_MULTI_SIG });
}
