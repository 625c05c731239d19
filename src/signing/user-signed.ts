/**
 * User-signed actions: EIP-712 over the action's own fields, domain
 * "HyperliquidSignTransaction" with the chain id of `signatureChainId`.
 */
import { bytesToHex, hashTypedData, hexToBytes, type Hex } from "viem";
import { actionSpecs, type ActionSpec, type Eip712Field } from "../../generated/ts/actions.js";
import { ValidationError } from "../errors/base.js";
import { fastUserSignedDigest, userSignedTypedData } from "./eip712.js";
import type { HlWallet, Signature } from "./wallet.js";

export interface UserSignedSpec {
  primaryType: string;
  eip712: readonly Eip712Field[];
}

const specsByType: Readonly<Record<string, ActionSpec | undefined>> = actionSpecs;

/** EIP-712 primary type and fields of a user-signed action, by its `type`, from the schema. */
export function userSignedSpecOf(action: Record<string, unknown>): UserSignedSpec {
  const spec = specsByType[String(action.type)];
  if (!spec || spec.signing !== "userSigned" || !spec.primaryType || !spec.eip712) {
    const known = Object.values(specsByType).flatMap((s) => (s?.signing === "userSigned" ? [s.type] : []));
    throw new ValidationError("user-signed action", [{ path: "type", value: action.type, expected: `a user-signed action type: ${known.join(", ")}` }]);
  }
  return { primaryType: spec.primaryType, eip712: spec.eip712 };
}

export interface SignUserSignedInput {
  wallet: HlWallet;
  /** The action with `signatureChainId` and `hyperliquidChain` set. */
  action: Record<string, unknown> & { signatureChainId: string };
  /** Defaults to the schema's table for `action.type`. */
  spec?: UserSignedSpec;
}

/**
 * The EIP-712 digest a user-signed action is signed over (32 bytes). Canonical values take the
 * direct path; anything else (checksummed addresses, integers as strings, a malformed chain id)
 * goes through viem's hashTypedData, which encodes or rejects it exactly as before.
 */
export function userSignedDigestBytes(
  action: Record<string, unknown> & { signatureChainId: string },
  spec: UserSignedSpec = userSignedSpecOf(action),
): Uint8Array {
  return (
    fastUserSignedDigest(spec.primaryType, spec.eip712, action, action.signatureChainId) ??
    hexToBytes(hashTypedData(userSignedTypedData(spec.primaryType, spec.eip712, action, action.signatureChainId)))
  );
}

/** {@link userSignedDigestBytes} as hex. */
export function userSignedDigest(action: Record<string, unknown> & { signatureChainId: string }, spec: UserSignedSpec = userSignedSpecOf(action)): Hex {
  return bytesToHex(userSignedDigestBytes(action, spec));
}

export async function signUserSignedActionRaw({ wallet, action, spec = userSignedSpecOf(action) }: SignUserSignedInput): Promise<Signature> {
  if (wallet.signDigest) return wallet.signDigest(userSignedDigestBytes(action, spec));
  return wallet.signTypedData(userSignedTypedData(spec.primaryType, spec.eip712, action, action.signatureChainId));
}
