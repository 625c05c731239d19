/**
 * EIP-712 domains and types of Hyperliquid's two signing schemes, and their digests computed
 * directly: domain separators and type hashes are constants per (action type, chain id), so
 * only the message fields are hashed per signature. Checked against viem's hashTypedData in
 * test/signing (eip712.test.ts, vectors, differential).
 */
import { hashDomain, zeroAddress, type Hex, type TypedData, type TypedDataDefinition } from "viem";
import type { Eip712Field } from "../../generated/ts/actions.js";
import { keccak256 } from "./keccak.js";
import { hyperliquidChainOf } from "../transport/networks.js";

/** Domain of L1 actions (phantom agent). */
export const L1_DOMAIN = { name: "Exchange", version: "1", chainId: 1337, verifyingContract: zeroAddress } as const;

export const AGENT_TYPES = {
  Agent: [
    { name: "source", type: "string" },
    { name: "connectionId", type: "bytes32" },
  ],
} as const;

const EIP712_DOMAIN_TYPES = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
] as const;

/** Domain of user-signed actions; the chain id comes from the action's signatureChainId. */
export function userSignedDomain(signatureChainId: string) {
  return { name: "HyperliquidSignTransaction", version: "1", chainId: Number.parseInt(signatureChainId, 16), verifyingContract: zeroAddress } as const;
}

/** Phantom agent source: "a" on mainnet, "b" on testnet. */
export const agentSource = (isMainnet: boolean): "a" | "b" => (isMainnet ? "a" : "b");

export function l1TypedData(connectionId: Hex, isMainnet: boolean): TypedDataDefinition {
  return { domain: L1_DOMAIN, types: AGENT_TYPES, primaryType: "Agent", message: { source: agentSource(isMainnet), connectionId } };
}

/**
 * An optional string field absent from the action is signed as "" — the official SDK signs
 * approveAgent's agentName as "" and then leaves the key out of the request.
 */
export function userSignedMessage(fields: readonly Eip712Field[], action: Record<string, unknown>): Record<string, unknown> {
  if (fields.every((f) => action[f.name] !== undefined || f.type !== "string")) return action;
  const message = { ...action };
  for (const f of fields) if (message[f.name] === undefined && f.type === "string") message[f.name] = "";
  return message;
}

export function userSignedTypedData(
  primaryType: string,
  fields: readonly Eip712Field[],
  action: Record<string, unknown>,
  signatureChainId: string,
): TypedDataDefinition {
  const message = userSignedMessage(fields, action);
  const types: TypedData = {};
  types[primaryType] = fields.map((f) => ({ name: f.name, type: f.type }));
  return { domain: userSignedDomain(signatureChainId), types, primaryType, message };
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, "utf8");

// Precomputed parts of the Agent digest: keccak(0x1901 ‖ domainSeparator ‖ keccak(typeHash ‖ keccak(source) ‖ connectionId)).
const L1_DOMAIN_SEPARATOR = Buffer.from(
  hashDomain({ domain: { ...L1_DOMAIN, chainId: BigInt(L1_DOMAIN.chainId) }, types: { EIP712Domain: EIP712_DOMAIN_TYPES } }).slice(2),
  "hex",
);
const AGENT_TYPE_HASH = keccak256(utf8("Agent(string source,bytes32 connectionId)"));
const SOURCE_HASH = { a: keccak256(utf8("a")), b: keccak256(utf8("b")) };

// Scratch space for the hashed preimages. keccak256 copies its input before returning and
// nothing here awaits, so one buffer per shape is reused instead of allocating per signature.
const agentStruct = new Uint8Array(96);
agentStruct.set(AGENT_TYPE_HASH, 0);
const outer = new Uint8Array(66);
outer[0] = 0x19;
outer[1] = 0x01;

/** keccak(0x1901 ‖ domainSeparator ‖ structHash). */
function typedDigest(domainSeparator: Uint8Array, structHash: Uint8Array): Uint8Array {
  outer.set(domainSeparator, 2);
  outer.set(structHash, 34);
  return keccak256(outer);
}

/** EIP-712 digest of the phantom agent for `connectionId` (32 bytes). */
export function l1Digest(connectionId: Uint8Array, isMainnet: boolean): Uint8Array {
  agentStruct.set(SOURCE_HASH[agentSource(isMainnet)], 32);
  agentStruct.set(connectionId, 64);
  return typedDigest(L1_DOMAIN_SEPARATOR, keccak256(agentStruct));
}

// ---- user-signed structs ---------------------------------------------------------------------

/**
 * Writes one field's 32-byte EIP-712 word at `offset`, or returns false for a value that is not
 * in canonical form (mixed-case address, integer as a string, …): the caller then defers to
 * viem, which either encodes it its own way or throws the error it always threw.
 */
type WordWriter = (words: Buffer, offset: number, value: unknown) => boolean;

const LOWER_ADDRESS = /^0x[0-9a-f]{40}$/;
const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const EVEN_HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const EMPTY_STRING_HASH = keccak256(new Uint8Array(0));
// The same two strings start every user-signed message.
const CHAIN_HASH = new Map<string, Uint8Array>(
  [true, false].map((isMainnet) => [hyperliquidChainOf(isMainnet), keccak256(utf8(hyperliquidChainOf(isMainnet)))] as const),
);
const textScratch = Buffer.alloc(256);

function hashString(s: string): Uint8Array {
  const known = CHAIN_HASH.get(s);
  if (known) return known;
  // A UTF-16 unit is at most 3 UTF-8 bytes, so a string that short always fits the scratch.
  if (s.length * 3 <= textScratch.length) return keccak256(textScratch.subarray(0, textScratch.write(s, 0, "utf8")));
  return keccak256(utf8(s));
}

const writeString: WordWriter = (words, offset, value) => {
  // Absent optional strings are signed as "" (see userSignedMessage).
  if (value === undefined) words.set(EMPTY_STRING_HASH, offset);
  else if (typeof value === "string") words.set(hashString(value), offset);
  else return false;
  return true;
};

const writeAddress: WordWriter = (words, offset, value) => {
  // Mixed case goes to viem, which checks the EIP-55 checksum.
  if (typeof value !== "string" || !LOWER_ADDRESS.test(value)) return false;
  words.fill(0, offset, offset + 12);
  words.write(value.slice(2), offset + 12, 20, "hex");
  return true;
};

const writeBool: WordWriter = (words, offset, value) => {
  if (typeof value !== "boolean") return false;
  words.fill(0, offset, offset + 31);
  words[offset + 31] = value ? 1 : 0;
  return true;
};

const writeBytes32: WordWriter = (words, offset, value) => {
  if (typeof value !== "string" || !HEX32.test(value)) return false;
  words.write(value.slice(2), offset, 32, "hex");
  return true;
};

const writeBytes: WordWriter = (words, offset, value) => {
  if (typeof value !== "string" || !EVEN_HEX.test(value)) return false;
  words.set(keccak256(Buffer.from(value.slice(2), "hex")), offset);
  return true;
};

/** uintN for N ≤ 64: a non-negative safe integer or bigint below 2^N, big-endian in the last 8 bytes. */
function uintWriter(bits: number): WordWriter {
  const max = 1n << BigInt(bits);
  return (words, offset, value) => {
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value) || value < 0 || (bits < 53 && value >= 2 ** bits)) return false;
      words.fill(0, offset, offset + 24);
      words.writeUInt32BE(Math.floor(value / 2 ** 32), offset + 24);
      words.writeUInt32BE(value >>> 0, offset + 28);
      return true;
    }
    if (typeof value !== "bigint" || value < 0n || value >= max) return false;
    words.fill(0, offset, offset + 24);
    words.writeBigUInt64BE(value, offset + 24);
    return true;
  };
}

function writerFor(type: string): WordWriter | undefined {
  if (type === "string") return writeString;
  if (type === "address") return writeAddress;
  if (type === "bool") return writeBool;
  if (type === "bytes32") return writeBytes32;
  if (type === "bytes") return writeBytes;
  const uint = /^uint(8|16|24|32|40|48|56|64)$/.exec(type);
  return uint ? uintWriter(Number(uint[1])) : undefined;
}

/** A compiled struct: its type hash and one writer per field; null when a field type is not handled here. */
interface StructPlan {
  primaryType: string;
  typeHash: Uint8Array;
  names: string[];
  writers: WordWriter[];
}

const plansByFields = new WeakMap<readonly Eip712Field[], StructPlan | null>();
// Specs built per call (multi-sig envelopes) are new arrays each time: also keyed by encodeType.
const plansByType = new Map<string, StructPlan | null>();
const MAX_MEMO = 256;

function planOf(primaryType: string, fields: readonly Eip712Field[]): StructPlan | null {
  const cached = plansByFields.get(fields);
  if (cached !== undefined && (cached === null || cached.primaryType === primaryType)) return cached;
  const encodedType = `${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(",")})`;
  let plan = plansByType.get(encodedType);
  if (plan === undefined) {
    const writers = fields.map((f) => writerFor(f.type));
    plan = writers.every((w) => w !== undefined)
      ? { primaryType, typeHash: keccak256(utf8(encodedType)), names: fields.map((f) => f.name), writers: writers.filter((w) => w !== undefined) }
      : null;
    if (plansByType.size < MAX_MEMO) plansByType.set(encodedType, plan);
  }
  plansByFields.set(fields, plan);
  return plan;
}

const domainSeparators = new Map<string, Uint8Array>();

/** Separator of the HyperliquidSignTransaction domain, memoised per signatureChainId; undefined when viem should judge the id. */
function userSignedDomainSeparator(signatureChainId: unknown): Uint8Array | undefined {
  if (typeof signatureChainId !== "string") return undefined;
  const known = domainSeparators.get(signatureChainId);
  if (known) return known;
  const domain = userSignedDomain(signatureChainId);
  if (!Number.isSafeInteger(domain.chainId) || domain.chainId < 0) return undefined;
  const separator = Buffer.from(
    hashDomain({ domain: { ...domain, chainId: BigInt(domain.chainId) }, types: { EIP712Domain: EIP712_DOMAIN_TYPES } }).slice(2),
    "hex",
  );
  if (domainSeparators.size < MAX_MEMO) domainSeparators.set(signatureChainId, separator);
  return separator;
}

let structScratch = Buffer.alloc(32 * 8);

/**
 * EIP-712 digest of a user-signed action, hashing only its fields (constants memoised). Returns
 * undefined when a value or the chain id is not in canonical form; hash those with viem.
 */
export function fastUserSignedDigest(
  primaryType: string,
  fields: readonly Eip712Field[],
  action: Record<string, unknown>,
  signatureChainId: unknown,
): Uint8Array | undefined {
  const plan = planOf(primaryType, fields);
  const domainSeparator = plan && userSignedDomainSeparator(signatureChainId);
  if (!plan || !domainSeparator) return undefined;
  const length = 32 * (plan.names.length + 1);
  if (structScratch.length < length) structScratch = Buffer.alloc(length);
  const words = structScratch;
  words.set(plan.typeHash, 0);
  for (let i = 0; i < plan.names.length; i++) if (!plan.writers[i]!(words, 32 * (i + 1), action[plan.names[i]!])) return undefined;
  return typedDigest(domainSeparator, keccak256(words.subarray(0, length)));
}
