/**
 * User-signed actions: EIP-712 over the action's own fields, domain
 * "HyperliquidSignTransaction" with the chain id of `signatureChainId`.
 */
import { hashTypedData, hexToBytes, type Hex } from "viem";
import { actionSpecs, type Eip712Field } from "../../generated/ts/actions.js";
import { ValidationError } from "../errors/base.js";
import { userSignedTypedData } from "./eip712.js";
import type { HlWallet, Signature } from "./wallet.js";

export interface UserSignedSpec {
  primaryType: string;
  eip712: readonly Eip712Field[];
}

/** EIP-712 primary type and fields of a user-signed action, by its `type`, from the schema. */
interface SpecLike {
  type: string;
  signing: string;
  primaryType?: string;
  eip712?: readonly Eip712Field[];
}

export function userSignedSpecOf(action: Record<string, unknown>): UserSignedSpec {
  const specs = actionSpecs as unknown as Record<string, SpecLike>;
  const spec = specs[String(action.type)];
  if (!spec || spec.signing !== "userSigned" || !spec.primaryType || !spec.eip712) {
    const known = Object.values(specs).filter((s) => s.signing === "userSigned").map((s) => s.type);
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

/** The EIP-712 digest a user-signed action is signed over. */
export function userSignedDigest(action: Record<string, unknown> & { signatureChainId: string }, spec: UserSignedSpec = userSignedSpecOf(action)): Hex {
  return hashTypedData(userSignedTypedData(spec.primaryType, spec.eip712, action, action.signatureChainId));
}

export async function signUserSignedActionRaw({ wallet, action, spec = userSignedSpecOf(action) }: SignUserSignedInput): Promise<Signature> {
  const typed = userSignedTypedData(spec.primaryType, spec.eip712, action, action.signatureChainId);
  return wallet.signDigest ? wallet.signDigest(hexToBytes(hashTypedData(typed))) : wallet.signTypedData(typed);
}
