/**
 * Signers. A wallet signs EIP-712 typed data; a local key also signs raw digests, which is
 * the fast path for L1 actions. Keys are kept in a closure: they never show up in
 * `util.inspect`, `JSON.stringify`, `toString` or error messages.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, type Hex, type LocalAccount, type TypedDataDefinition } from "viem";
import { HyperliquidError } from "../errors/base.js";
import { signDigestHex } from "./ecdsa.js";

/** An ECDSA signature as the exchange expects it. */
export interface Signature {
  r: Hex;
  s: Hex;
  v: 27 | 28;
}

/** Anything that can sign for an address. */
export interface HlWallet {
  /** Lowercase 0x address. */
  readonly address: Hex;
  /** Signs EIP-712 typed data (viem's definition shape). */
  signTypedData(typedData: TypedDataDefinition): Promise<Signature>;
  /** Signs a 32-byte digest directly. Only local keys have it; it skips typed-data encoding. */
  signDigest?(digest: Uint8Array): Signature;
}

export class InvalidPrivateKeyError extends HyperliquidError {
  override name = "InvalidPrivateKeyError";
  constructor() {
    super("Invalid private key.", {
      details: "expected 32 bytes as 0x + 64 hex digits (the value is not shown)",
      hint: "Check the HL_PRIVATE_KEY variable or the key passed to privateKeyWallet().",
    });
  }
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Parses an `0x…` signature string from viem into r/s/v. */
export function parseHexSignature(hex: Hex): Signature {
  const bytes = hexToBytes(hex);
  if (bytes.length !== 65) throw new HyperliquidError("Wallet returned a malformed signature.", { details: `expected 65 bytes, got ${bytes.length}` });
  const v = bytes[64]! < 27 ? bytes[64]! + 27 : bytes[64]!;
  return { r: bytesToHex(bytes.subarray(0, 32)), s: bytesToHex(bytes.subarray(32, 64)), v: v as 27 | 28 };
}

/** Ethereum address of a public key (uncompressed or compressed). */
export function addressOfPublicKey(publicKey: Uint8Array): Hex {
  const point = secp256k1.Point.fromBytes(publicKey);
  const uncompressed = point.toBytes(false);
  return bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12));
}

/** A wallet from a raw private key (0x + 64 hex). The key stays private to this object. */
export function privateKeyWallet(privateKey: string): HlWallet {
  if (typeof privateKey !== "string" || !/^(0x)?[0-9a-fA-F]{64}$/.test(privateKey)) throw new InvalidPrivateKeyError();
  const secret = hexToBytes(`0x${privateKey.replace(/^0x/, "")}` as Hex);
  if (!secp256k1.utils.isValidSecretKey(secret)) throw new InvalidPrivateKeyError();
  const address = addressOfPublicKey(secp256k1.getPublicKey(secret, false));
  const signDigest = (digest: Uint8Array): Signature => {
    const { r, s, recid } = signDigestHex(digest, secret);
    return { r, s, v: (27 + recid) as 27 | 28 };
  };
  const wallet: HlWallet = {
    address,
    signDigest,
    async signTypedData(typedData) {
      const { hashTypedData } = await import("viem");
      return signDigest(hexToBytes(hashTypedData(typedData)));
    },
  };
  return redacted(wallet, `PrivateKeyWallet(${address})`);
}

/** Wraps a viem account (local, JSON-RPC or hardware) as an {@link HlWallet}. */
export function viemAccountWallet(account: Pick<LocalAccount, "address" | "signTypedData"> & { sign?: LocalAccount["sign"] }): HlWallet {
  const wallet: HlWallet = {
    address: account.address.toLowerCase() as Hex,
    async signTypedData(typedData) {
      return parseHexSignature(await account.signTypedData(typedData as Parameters<LocalAccount["signTypedData"]>[0]));
    },
  };
  return redacted(wallet, `ViemAccountWallet(${wallet.address})`);
}

/** Makes an object print as `label` everywhere (inspect, toString, JSON). */
function redacted<T extends object>(obj: T, label: string): T {
  Object.defineProperties(obj, {
    [INSPECT]: { value: () => label, enumerable: false },
    toString: { value: () => label, enumerable: false },
    toJSON: { value: () => label, enumerable: false },
  });
  return obj;
}
