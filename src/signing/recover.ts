/**
 * Signer recovery: which address signed this payload? Used to explain "User or API Wallet
 * 0x… does not exist" errors and by the devnet to authenticate requests.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { hexToBytes, type Hex } from "viem";
import { l1Digest } from "./eip712.js";
import { actionHashBytes, type L1HashInput } from "./l1.js";
import { userSignedDigest, type UserSignedSpec } from "./user-signed.js";
import { addressOfPublicKey, type Signature } from "./wallet.js";

/** Address that produced `signature` over a 32-byte digest, or null if it does not recover. */
export function recoverDigestSigner(digest: Uint8Array, signature: Signature): Hex | null {
  try {
    const bytes = new Uint8Array(65);
    bytes[0] = signature.v - 27;
    bytes.set(hexToBytes(padHex(signature.r)), 1);
    bytes.set(hexToBytes(padHex(signature.s)), 33);
    return addressOfPublicKey(secp256k1.recoverPublicKey(bytes, digest, { prehash: false }));
  } catch {
    return null;
  }
}

function padHex(h: string): Hex {
  return `0x${h.replace(/^0x/, "").padStart(64, "0")}` as Hex;
}

export function recoverL1Signer(input: L1HashInput & { isMainnet: boolean; signature: Signature }): Hex | null {
  return recoverDigestSigner(l1Digest(actionHashBytes(input), input.isMainnet), input.signature);
}

export function recoverUserSignedSigner(action: Record<string, unknown> & { signatureChainId: string }, signature: Signature, spec?: UserSignedSpec): Hex | null {
  return recoverDigestSigner(hexToBytes(userSignedDigest(action, spec)), signature);
}
