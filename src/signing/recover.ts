/**
 * Signer recovery: which address signed this payload? Used to explain "User or API Wallet
 * 0x… does not exist" errors and by the devnet to authenticate requests.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { recoverPublicKey } from "./ecdsa.js";
import { l1Digest } from "./eip712.js";
import { actionHashBytes, type L1HashInput } from "./l1.js";
import { userSignedDigest, type UserSignedSpec } from "./user-signed.js";
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
  return `0x${h.replace(/^0x/, "").padStart(64, "0")}` as Hex;
}

export function recoverL1Signer(input: L1HashInput & { isMainnet: boolean; signature: Signature }): Hex | null {
  return recoverDigestSigner(l1Digest(actionHashBytes(input), input.isMainnet), input.signature);
}

export function recoverUserSignedSigner(action: Record<string, unknown> & { signatureChainId: string }, signature: Signature, spec?: UserSignedSpec): Hex | null {
  return recoverDigestSigner(hexToBytes(userSignedDigest(action, spec)), signature);
}
