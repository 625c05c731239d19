/**
 * L1 actions: keccak256(msgpack(action) ‖ nonce u64 BE ‖ vault flag [‖ address] [‖ 0x00 ‖ expiresAfter u64 BE])
 * is the `connectionId` of a phantom agent, which is signed with EIP-712 (see eip712.ts).
 */
import { Encoder } from "@msgpack/msgpack";
import { bytesToHex, type Hex } from "viem";
import type { AnyAction } from "../../generated/ts/actions.js";
import { msgpackOfAction } from "../../generated/ts/msgpack-writers.js";
import { ValidationError } from "../errors/base.js";
import { l1Digest, l1TypedData } from "./eip712.js";
import { keccak256Concat } from "./keccak.js";
import type { HlWallet, Signature } from "./wallet.js";

// One encoder, reused: encodeSharedRef() returns a view into its buffer, valid until the next
// encode, so it is hashed (or copied) before anything else can encode.
const encoder = new Encoder({ ignoreUndefined: true });

export interface L1HashInput {
  /** The action exactly as it will be sent (key order matters). */
  action: unknown;
  nonce: number;
  vaultAddress?: string | null;
  expiresAfter?: number | null;
}

const VAULT = /^0x[0-9a-fA-F]{40}$/;
// nonce (8) + flag (1) + vault (20) + 0x00 (1) + expiresAfter (8): the longest tail.
const tailScratch = Buffer.alloc(38);
// DataView, not Buffer.writeBigUInt64BE: same wrap-around as before for out-of-range values
// (signAction refuses those before they get here).
const tailView = new DataView(tailScratch.buffer, tailScratch.byteOffset, tailScratch.byteLength);

/** The bytes after the msgpack'd action, in `tailScratch` (a view, valid until the next call). */
function writeTail({ nonce, vaultAddress, expiresAfter }: L1HashInput): Uint8Array {
  const out = tailScratch;
  tailView.setBigUint64(0, BigInt(nonce), false);
  let o = 8;
  if (vaultAddress) {
    // Never hash part of a malformed address (Buffer.write stops at the first bad digit).
    if (!VAULT.test(vaultAddress))
      throw new ValidationError("L1 action", [{ path: "vaultAddress", value: vaultAddress, expected: "a 20-byte hex address (0x + 40 hex digits)" }]);
    out[o++] = 1;
    out.write(vaultAddress.slice(2), o, 20, "hex");
    o += 20;
  } else {
    out[o++] = 0;
  }
  if (expiresAfter !== undefined && expiresAfter !== null) {
    out[o++] = 0;
    tailView.setBigUint64(o, BigInt(expiresAfter), false);
    o += 8;
  }
  return out.subarray(0, o);
}

/** The bytes that are hashed into the connection id. */
export function l1Payload(input: L1HashInput): Uint8Array {
  const packed = encoder.encodeSharedRef(input.action);
  const tail = writeTail(input);
  const out = new Uint8Array(packed.length + tail.length);
  out.set(packed, 0);
  out.set(tail, packed.length);
  return out;
}

/** keccak256 of {@link l1Payload}: the phantom agent's connectionId (bytes). */
export function actionHashBytes(input: L1HashInput): Uint8Array {
  // Hashed as two parts straight from the encoder's buffer: no payload copy per signature.
  return keccak256Concat(encoder.encodeSharedRef(input.action), writeTail(input));
}

// HL_REFERENCE_MSGPACK=1 hashes validated actions with @msgpack/msgpack too (the reference the
// generated writers are tested against): for comparing the two, never needed for correctness.
const referenceOnly = process.env.HL_REFERENCE_MSGPACK === "1";

/**
 * {@link actionHashBytes} of an action that passed validation and was rebuilt in wire key order:
 * its msgpack comes from the generated writer (same bytes as the encoder, no object walk).
 */
export function validActionHashBytes(input: L1HashInput & { action: AnyAction }): Uint8Array {
  if (referenceOnly) return actionHashBytes(input);
  return keccak256Concat(msgpackOfAction(input.action), writeTail(input));
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
  const signature = input.wallet.signDigest
    ? input.wallet.signDigest(l1Digest(id, input.isMainnet))
    : await input.wallet.signTypedData(l1TypedData(connectionId, input.isMainnet));
  return { connectionId, signature };
}
