/**
 * How /exchange actions are signed, as OpenAPI security schemes: the L1 phantom-agent scheme
 * and the user-signed EIP-712 scheme, each with a worked example computed by the SDK
 * (scripts/signing-examples.ts → schema/examples/signing.json, checked by
 * test/docs/signing-examples.test.ts). Neither is an HTTP credential: the signature travels in
 * the body's `signature` field; the schemes exist so that every exchange operation links to
 * the explanation of its signature.
 */
import { existsSync, readFileSync } from "node:fs";

export const SIGNING_SCHEMES = { l1: "l1Action", userSigned: "userSignedAction" } as const;

interface WorkedExample {
  scheme: "l1" | "userSigned";
  privateKey: string;
  signer: string;
  action: unknown;
  nonce: number;
  msgpackHex?: string;
  hashedBytesHex?: string;
  connectionId?: string;
  typedData: unknown;
  digest: string;
  signature: unknown;
  request: unknown;
}

const EXAMPLES_FILE = new URL("../schema/examples/signing.json", import.meta.url);

function workedExamples(): WorkedExample[] {
  if (!existsSync(EXAMPLES_FILE)) throw new Error("schema/examples/signing.json is missing: run `node --import tsx scripts/signing-examples.ts`");
  return JSON.parse(readFileSync(EXAMPLES_FILE, "utf8")) as WorkedExample[];
}

const json = (v: unknown): string => "```json\n" + JSON.stringify(v, null, 2) + "\n```";

const L1_TEXT = `**L1 actions** (orders, cancels, leverage, vault and sub-account actions, ...) are signed through a
*phantom agent*:

1. Encode the action with msgpack, keys in the schema's order (the field order of the action's
   schema; an extra or reordered key changes the hash, and \`"0.10"\` must be sent as \`"0.1"\`).
2. Append the nonce as 8 bytes big-endian, then \`0x00\` without a vault, or \`0x01\` and the
   20 vault address bytes; with \`expiresAfter\`, append \`0x00\` and it as 8 bytes big-endian.
3. \`connectionId = keccak256(those bytes)\`.
4. Sign the EIP-712 typed data \`Agent { string source; bytes32 connectionId }\` in the domain
   \`{name: "Exchange", version: "1", chainId: 1337, verifyingContract: 0x0}\`, with
   \`source\` \`"a"\` on mainnet and \`"b"\` on testnet.
5. Send \`{action, nonce, signature: {r, s, v}, vaultAddress?, expiresAfter?}\` to POST /exchange.`;

const USER_TEXT = `**User-signed actions** (transfers, withdrawals, agent and builder approvals, staking deposits,
...) are signed as EIP-712 typed data over the action's own fields:

1. The action carries \`signatureChainId\` (hex chain id of the wallet, e.g. \`0x66eee\`) and
   \`hyperliquidChain\` (\`"Mainnet"\` or \`"Testnet"\`), and usually a \`nonce\` or \`time\`
   equal to the request's nonce.
2. The primary type is \`HyperliquidTransaction:<Name>\` with the fields listed for the action
   (\`x-hl-eip712\` on each user-signed operation), in that order; the domain is
   \`{name: "HyperliquidSignTransaction", version: "1", chainId: signatureChainId, verifyingContract: 0x0}\`.
3. Sign it with the user's key (any EIP-712 wallet can) and send
   \`{action, nonce, signature: {r, s, v}}\` to POST /exchange.`;

function workedText(e: WorkedExample): string {
  const steps = [
    `**Worked example** (computed by the SDK; key \`${e.privateKey}\`, the official SDKs' public test key, signer \`${e.signer}\`, testnet).`,
    `Action:\n\n${json(e.action)}`,
  ];
  if (e.msgpackHex) steps.push(`msgpack(action):\n\n\`${e.msgpackHex}\``);
  if (e.hashedBytesHex) steps.push(`With nonce ${e.nonce} and no vault, the hashed bytes:\n\n\`${e.hashedBytesHex}\``);
  if (e.connectionId) steps.push(`keccak256 → connectionId:\n\n\`${e.connectionId}\``);
  steps.push(
    `Typed data:\n\n${json(e.typedData)}`,
    `EIP-712 digest:\n\n\`${e.digest}\``,
    `Signature:\n\n${json(e.signature)}`,
    `Request body:\n\n${json(e.request)}`,
  );
  return steps.join("\n\n");
}

/** components.securitySchemes of the OpenAPI document. */
export function signingSecuritySchemes(): Record<string, unknown> {
  const examples = workedExamples();
  const of = (scheme: WorkedExample["scheme"]): WorkedExample => {
    const e = examples.find((x) => x.scheme === scheme);
    if (!e) throw new Error(`schema/examples/signing.json has no ${scheme} example`);
    return e;
  };
  const note = "\n\nNot an HTTP credential: the signature is the body's `signature` field.";
  return {
    [SIGNING_SCHEMES.l1]: {
      type: "http",
      scheme: "hyperliquid-l1",
      description: `${L1_TEXT}${note}\n\n${workedText(of("l1"))}`,
      "x-hl-worked-example": of("l1"),
    },
    [SIGNING_SCHEMES.userSigned]: {
      type: "http",
      scheme: "hyperliquid-user-signed",
      description: `${USER_TEXT}${note}\n\n${workedText(of("userSigned"))}`,
      "x-hl-worked-example": of("userSigned"),
    },
  };
}
