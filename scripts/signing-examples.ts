/**
 * The worked signing examples of the API documents (openapi.json's security schemes), computed
 * with the SDK: action → msgpack → keccak → EIP-712 typed data → digest → signature, for one L1
 * action and one user-signed action. Writes schema/examples/signing.json, which the OpenAPI
 * generator reads; test/docs/signing-examples.test.ts recomputes it and compares.
 *
 * The key is the official SDKs' public test key: never fund it.
 * Run: `node --import tsx scripts/signing-examples.ts`, then `npm run generate`.
 */
import { writeFileSync } from "node:fs";
import { bytesToHex, hashTypedData, type TypedDataDefinition } from "viem";
import { encode } from "@msgpack/msgpack";
import type { OrderAction, UsdSendAction } from "../generated/ts/types.js";
import { actionHash, l1Payload, l1TypedData, privateKeyWallet, signAction, userSignedTypedData, userSignedSpecOf } from "../src/index.js";

export const EXAMPLE_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
const NONCE = 1_700_000_000_000;

export interface WorkedExample {
  scheme: "l1" | "userSigned";
  privateKey: string;
  signer: string;
  isMainnet: boolean;
  action: Record<string, unknown>;
  nonce: number;
  /** msgpack(action), hex (L1 only). */
  msgpackHex?: string;
  /** msgpack(action) ‖ nonce u64 BE ‖ vault flag: the bytes hashed into connectionId (L1 only). */
  hashedBytesHex?: string;
  /** keccak256 of hashedBytesHex: the phantom agent's connectionId (L1 only). */
  connectionId?: string;
  typedData: unknown;
  /** EIP-712 digest of typedData: what the key signs. */
  digest: string;
  signature: { r: string; s: string; v: number };
  /** The body of POST /exchange. */
  request: Record<string, unknown>;
}

/** JSON-safe typed data (the chain id as a number, as wallets show it). */
function plain(td: TypedDataDefinition): unknown {
  return JSON.parse(JSON.stringify(td, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
}

export async function workedExamples(): Promise<WorkedExample[]> {
  const wallet = privateKeyWallet(EXAMPLE_KEY);
  const order: OrderAction = {
    type: "order",
    orders: [{ a: 0, b: true, p: "30000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }],
    grouping: "na",
  };
  const l1 = await signAction({ wallet, action: order, nonce: NONCE, isMainnet: false });
  const connectionId = actionHash({ action: l1.action, nonce: NONCE });
  const l1Typed = l1TypedData(connectionId, false);
  const usdSend: UsdSendAction = {
    type: "usdSend",
    signatureChainId: "0x66eee",
    hyperliquidChain: "Testnet",
    destination: "0x0000000000000000000000000000000000000001",
    amount: "1",
    time: NONCE,
  };
  const user = await signAction({ wallet, action: usdSend, nonce: NONCE, isMainnet: false });
  const spec = userSignedSpecOf(user.action as Record<string, unknown>);
  const userTyped = userSignedTypedData(spec.primaryType, spec.eip712, user.action as Record<string, unknown>, usdSend.signatureChainId);
  return [
    {
      scheme: "l1",
      privateKey: EXAMPLE_KEY,
      signer: wallet.address,
      isMainnet: false,
      action: l1.action as Record<string, unknown>,
      nonce: NONCE,
      msgpackHex: bytesToHex(encode(l1.action, { ignoreUndefined: true })),
      hashedBytesHex: bytesToHex(l1Payload({ action: l1.action, nonce: NONCE })),
      connectionId,
      typedData: plain(l1Typed),
      digest: hashTypedData(l1Typed),
      signature: l1.signature,
      request: { action: l1.action, nonce: NONCE, signature: l1.signature },
    },
    {
      scheme: "userSigned",
      privateKey: EXAMPLE_KEY,
      signer: wallet.address,
      isMainnet: false,
      action: user.action as Record<string, unknown>,
      nonce: NONCE,
      typedData: plain(userTyped),
      digest: hashTypedData(userTyped),
      signature: user.signature,
      request: { action: user.action, nonce: NONCE, signature: user.signature },
    },
  ];
}

export const SIGNING_EXAMPLES_PATH = new URL("../schema/examples/signing.json", import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = `${JSON.stringify(await workedExamples(), null, 2)}\n`;
  writeFileSync(SIGNING_EXAMPLES_PATH, text);
  process.stdout.write(`wrote ${SIGNING_EXAMPLES_PATH.pathname}\n`);
}
