/**
 * L1 actions: keccak256(msgpack(action) ‖ nonce u64 BE ‖ vault flag [‖ address] [‖ 0x00 ‖ expiresAfter u64 BE])
 * is the `connectionId` of a phantom agent, which is signed with EIP-712 (see eip712.ts).
 */
import { Encoder } from "@msgpack/msgpack";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { l1Digest, l1TypedData } from "./eip712.js";
import type { HlWallet, Signature } from "./wallet.js";

// One encoder, reused: encode() returns a view into its buffer that we copy out at once.
const encoder = new Encoder({ ignoreUndefined: true });

export interface L1HashInput {
  /** The action exactly as it will be sent (key order matters). */
  action: unknown;
  nonce: number;
  vaultAddress?: string | null;
  expiresAfter?: number | null;
}

function writeU64(target: Uint8Array, offset: number, value: number): void {
  new DataView(target.buffer, target.byteOffset, target.byteLength).setBigUint64(offset, BigInt(value), false);
}

/** The bytes that are hashed into the connection id. */
export function l1Payload({ action, nonce, vaultAddress, expiresAfter }: L1HashInput): Uint8Array {
  const packed = encoder.encode(action);
  const vault = vaultAddress ? hexToBytes(vaultAddress as Hex) : undefined;
  const hasExpiry = expiresAfter !== undefined && expiresAfter !== null;
  const out = new Uint8Array(packed.length + 8 + 1 + (vault ? 20 : 0) + (hasExpiry ? 9 : 0));
  out.set(packed, 0);
  let o = packed.length;
  writeU64(out, o, nonce);
  o += 8;
  if (vault) {
    out[o++] = 1;
    out.set(vault, o);
    o += 20;
  } else {
    out[o++] = 0;
  }
  if (hasExpiry) {
    out[o++] = 0;
    writeU64(out, o, expiresAfter);
  }
  return out;
}

/** keccak256 of {@link l1Payload}: the phantom agent's connectionId (bytes). */
export function actionHashBytes(input: L1HashInput): Uint8Array {
  return keccak_256(l1Payload(input));
}

/** The phantom agent's connectionId as hex. */
export function actionHash(input: L1HashInput): Hex {
  return bytesToHex(actionHashBytes(input));
}

export interface SignL1Input extends L1HashInput {
  wallet: HlWallet;
  isMainnet: boolean;
}

/**
 * Signs an L1 action exactly as given. Prefer {@link signAction} (validates and orders keys
 * from the schema); this is the raw primitive, used for vectors and `hl sign`.
 */
export async function signL1ActionRaw(input: SignL1Input): Promise<{ connectionId: Hex; signature: Signature }> {
  const id = actionHashBytes(input);
  const connectionId = bytesToHex(id);
  const signature = input.wallet.signDigest ? input.wallet.signDigest(l1Digest(id, input.isMainnet)) : await input.wallet.signTypedData(l1TypedData(connectionId, input.isMainnet));
  return { connectionId, signature };
}
