/**
 * `HL_PRIVATE_KEY=0x… hl sign`: JSON lines in, one JSON line out per input, in order.
 * Imports only the signing modules it uses (no src/index.ts, transport or devnet) so it starts
 * at close to bare-node speed.
 */
import { createInterface } from "node:readline";
import { actionSpecs, type ActionSpec } from "../../../generated/ts/actions.js";
import { ValidationError, type ValidationIssue } from "../../errors/base.js";
import { assertValidAction } from "../../signing/action.js";
import { signL1ActionRaw } from "../../signing/l1.js";
import { signUserSignedActionRaw } from "../../signing/user-signed.js";
import { privateKeyWallet, type HlWallet } from "../../signing/wallet.js";
import { redact, report, runCommand, UsageError, type CommandSpec } from "../args.js";

export const spec: CommandSpec<Record<string, never>> = {
  name: "sign",
  summary: "Sign JSON-lines actions from stdin with the key in HL_PRIVATE_KEY; one JSON line out per line in.",
  description: [
    "Actions are signed exactly as given (key order preserved). Known action types and every envelope",
    'field are validated first; a line that cannot be signed prints {"error":"…"} and the rest continue.',
    "Exit status 1 if any line failed, 2 without a key. Error text never contains a 32-byte hex value.",
  ].join("\n"),
  options: {},
  notes: [
    "input lines:",
    '  {"kind":"l1","action":{…},"nonce":N,"vaultAddress":null|"0x…40 hex","expiresAfter":null|N,"isMainnet":true|false}',
    '    → {"connectionId":"0x…","signature":{"r","s","v"}}   (isMainnet defaults to true)',
    '  {"kind":"userSigned","action":{"type":"usdSend","signatureChainId":"0x66eee",…}}',
    '    → {"signature":{"r","s","v"}}',
  ].join("\n"),
  examples: [
    `echo '{"kind":"l1","action":{"type":"cancel","cancels":[{"a":0,"o":1}]},"nonce":1700000000000}' | HL_PRIVATE_KEY=0x… hl sign`,
    "HL_PRIVATE_KEY=0x… hl sign < actions.jsonl > signatures.jsonl",
  ],
};

const specs: Readonly<Record<string, ActionSpec>> = actionSpecs;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ENVELOPE: Record<string, readonly string[]> = {
  l1: ["kind", "action", "nonce", "vaultAddress", "expiresAfter", "isMainnet"],
  userSigned: ["kind", "action"],
};

function check(issues: ValidationIssue[], ok: boolean, path: string, value: unknown, expected: string): void {
  if (!ok) issues.push({ path, value, expected });
}

/** Every envelope field of a sign request, checked before anything is signed. */
export function checkEnvelope(req: Record<string, unknown>): void {
  const issues: ValidationIssue[] = [];
  const allowed = ENVELOPE[String(req.kind)];
  if (!allowed) throw new ValidationError("sign request", [{ path: "kind", value: req.kind, expected: '"l1" or "userSigned"' }]);
  for (const key of Object.keys(req))
    check(issues, allowed.includes(key), key, req[key], `no such field for kind "${String(req.kind)}" (fields: ${allowed.join(", ")})`);
  check(issues, typeof req.action === "object" && req.action !== null && !Array.isArray(req.action), "action", req.action, "an action object with a type");
  if (req.kind === "l1") {
    const { nonce, vaultAddress, expiresAfter, isMainnet } = req;
    check(issues, Number.isSafeInteger(nonce) && (nonce as number) >= 0, "nonce", nonce, "a non-negative safe integer (ms timestamp)");
    check(
      issues,
      vaultAddress == null || (typeof vaultAddress === "string" && ADDRESS.test(vaultAddress)),
      "vaultAddress",
      vaultAddress,
      'null or a 20-byte hex address "0x" + 40 hex digits',
    );
    check(
      issues,
      expiresAfter == null || (Number.isSafeInteger(expiresAfter) && (expiresAfter as number) >= 0),
      "expiresAfter",
      expiresAfter,
      "null or a non-negative safe integer (ms timestamp)",
    );
    check(issues, isMainnet === undefined || typeof isMainnet === "boolean", "isMainnet", isMainnet, "true or false");
  }
  if (issues.length) throw new ValidationError("sign request", issues);
}

/** Known types are checked against the schema; raw L1 signing of an unknown type signs it as given. */
function checkAction(action: Record<string, unknown>, kind: "l1" | "userSigned"): void {
  const type = action.type;
  const known = typeof type === "string" ? specs[type] : undefined;
  if (!known) {
    if (kind === "userSigned")
      throw new ValidationError("action", [{ path: "action.type", value: type, expected: "a user-signed action type from the schema" }]);
    return;
  }
  if (known.signing !== kind)
    throw new ValidationError("action", [
      { path: "kind", value: kind, expected: `"${known.signing === "l1" ? "l1" : "userSigned"}" for action type ${String(type)}` },
    ]);
  try {
    assertValidAction(action);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(
      `${String(type)} action`,
      e.issues.map((i) => ({ ...i, path: i.path ? `action.${i.path}` : "action" })),
    );
  }
}

function parseLine(line: string): Record<string, unknown> {
  let req: unknown;
  try {
    req = JSON.parse(line);
  } catch (e) {
    // V8's message quotes the input, which may hold a key: report only where it broke.
    const at = e instanceof Error ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    throw new ValidationError("sign request", [
      { path: "", value: undefined, expected: `one JSON object per line (not valid JSON${at ? ` at character ${at}` : ""})` },
    ]);
  }
  if (typeof req !== "object" || req === null || Array.isArray(req))
    throw new ValidationError("sign request", [{ path: "", value: Array.isArray(req) ? "an array" : req, expected: "a JSON object" }]);
  return req as Record<string, unknown>;
}

export async function signLine(wallet: HlWallet, line: string): Promise<Record<string, unknown>> {
  const req = parseLine(line);
  checkEnvelope(req);
  const action = req.action as Record<string, unknown>;
  if (req.kind === "l1") {
    checkAction(action, "l1");
    const { connectionId, signature } = await signL1ActionRaw({
      wallet,
      action,
      nonce: req.nonce as number,
      vaultAddress: (req.vaultAddress as string | null | undefined) ?? null,
      expiresAfter: (req.expiresAfter as number | null | undefined) ?? null,
      isMainnet: req.isMainnet !== false,
    });
    return { connectionId, signature };
  }
  checkAction(action, "userSigned");
  if (typeof action.signatureChainId !== "string")
    throw new ValidationError("action", [
      { path: "action.signatureChainId", value: action.signatureChainId, expected: 'a hex chain id string such as "0x66eee"' },
    ]);
  return { signature: await signUserSignedActionRaw({ wallet, action: { ...action, signatureChainId: action.signatureChainId } }) };
}

function walletFromEnv(): HlWallet {
  const key = process.env.HL_PRIVATE_KEY;
  if (!key)
    throw new UsageError("hl sign: HL_PRIVATE_KEY is not set", {
      details: 'allowed: "0x" + 64 hex digits',
      hint: "HL_PRIVATE_KEY=0x… hl sign < actions.jsonl",
    });
  try {
    return privateKeyWallet(key);
  } catch {
    throw new UsageError("hl sign: HL_PRIVATE_KEY is not a valid private key", { details: 'allowed: "0x" + 64 hex digits, a valid secp256k1 scalar' });
  }
}

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async () => {
    let wallet: HlWallet;
    try {
      wallet = walletFromEnv();
    } catch (e) {
      return report(e);
    }
    let failed = false;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      let out: Record<string, unknown>;
      try {
        out = await signLine(wallet, line);
      } catch (e) {
        failed = true;
        out = { error: redact(e instanceof ValidationError ? e.message.split("\n")[0]! : e instanceof Error ? e.message : String(e)) };
      }
      process.stdout.write(`${JSON.stringify(out)}\n`);
    }
    return failed ? 1 : 0;
  });
}
