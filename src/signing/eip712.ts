/**
 * EIP-712 domains and types of Hyperliquid's two signing schemes, and the fast digest of the
 * L1 "Agent" message (checked against viem's hashTypedData in test/signing).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { hashDomain, hexToBytes, toBytes, zeroAddress, type Hex, type TypedDataDefinition } from "viem";
import type { Eip712Field } from "../../generated/ts/actions.js";

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
  return { domain: L1_DOMAIN, types: AGENT_TYPES, primaryType: "Agent", message: { source: agentSource(isMainnet), connectionId } } as TypedDataDefinition;
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

export function userSignedTypedData(primaryType: string, fields: readonly Eip712Field[], action: Record<string, unknown>, signatureChainId: string): TypedDataDefinition {
  const message = userSignedMessage(fields, action);
  return { domain: userSignedDomain(signatureChainId), types: { [primaryType]: fields.map((f) => ({ name: f.name, type: f.type })) }, primaryType, message } as unknown as TypedDataDefinition;
}

// Precomputed parts of the Agent digest: keccak(0x1901 ‖ domainSeparator ‖ keccak(typeHash ‖ keccak(source) ‖ connectionId)).
const L1_DOMAIN_SEPARATOR = hexToBytes(hashDomain({ domain: { ...L1_DOMAIN, chainId: BigInt(L1_DOMAIN.chainId) }, types: { EIP712Domain: EIP712_DOMAIN_TYPES } }));
const AGENT_TYPE_HASH = keccak_256(toBytes("Agent(string source,bytes32 connectionId)"));
const SOURCE_HASH = { a: keccak_256(toBytes("a")), b: keccak_256(toBytes("b")) };

/** EIP-712 digest of the phantom agent for `connectionId` (32 bytes). */
export function l1Digest(connectionId: Uint8Array, isMainnet: boolean): Uint8Array {
  const struct = new Uint8Array(96);
  struct.set(AGENT_TYPE_HASH, 0);
  struct.set(SOURCE_HASH[agentSource(isMainnet)], 32);
  struct.set(connectionId, 64);
  const outer = new Uint8Array(66);
  outer[0] = 0x19;
  outer[1] = 0x01;
  outer.set(L1_DOMAIN_SEPARATOR, 2);
  outer.set(keccak_256(struct), 34);
  return keccak_256(outer);
}
