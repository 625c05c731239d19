/**
 * `HL_PRIVATE_KEY=0x… hl sign`: JSON lines in, one JSON line out per input, in order.
 *   {"kind":"l1","action":{…},"nonce":N,"vaultAddress":null|"0x…","expiresAfter":null|N,"isMainnet":true}
 *     → {"connectionId":"0x…","signature":{"r","s","v"}}
 *   {"kind":"userSigned","action":{"type":"usdSend","signatureChainId":"0x66eee",…}}
 *     → {"signature":{…}}
 * Actions are signed exactly as given (key order preserved). Known action types are validated
 * first; a line that cannot be signed gives {"error":"…"} and the rest continue.
 * Exit status 1 if any line failed.
 */
import { createInterface } from "node:readline";
import { actionSpecs } from "../../../generated/ts/actions.js";
import { validate, type MessageName } from "../../../generated/ts/validate.js";
import { ValidationError } from "../../errors/base.js";
import { privateKeyWallet, signL1ActionRaw, signUserSignedActionRaw, type HlWallet } from "../../signing/index.js";

const specs = actionSpecs as unknown as Record<string, { message: string; signing: string }>;

function checkKnown(action: unknown, signing: "l1" | "userSigned"): void {
  const type = (action as { type?: unknown } | null)?.type;
  const spec = typeof type === "string" ? specs[type] : undefined;
  if (!spec) {
    if (signing === "userSigned") throw new ValidationError("action", [{ path: "action.type", value: type, expected: "a user-signed action type from the schema" }]);
    return; // raw L1 signing of an unknown type: signed exactly as given
  }
  if (spec.signing !== signing) throw new ValidationError("action", [{ path: "kind", value: signing, expected: `"${spec.signing === "l1" ? "l1" : "userSigned"}" for action type ${String(type)}` }]);
  const issues = validate(spec.message as MessageName, action).map((i) => ({ ...i, path: i.path ? `action.${i.path}` : "action" }));
  if (issues.length) throw new ValidationError(`${String(type)} action`, issues);
}

async function signLine(wallet: HlWallet, line: string): Promise<Record<string, unknown>> {
  const req = JSON.parse(line) as Record<string, unknown>;
  if (req.kind === "l1") {
    checkKnown(req.action, "l1");
    const nonce = req.nonce;
    if (!Number.isSafeInteger(nonce)) throw new ValidationError("request", [{ path: "nonce", value: nonce, expected: "a safe integer" }]);
    const { connectionId, signature } = await signL1ActionRaw({
      wallet,
      action: req.action,
      nonce: nonce as number,
      vaultAddress: (req.vaultAddress as string | null | undefined) ?? null,
      expiresAfter: (req.expiresAfter as number | null | undefined) ?? null,
      isMainnet: req.isMainnet !== false,
    });
    return { connectionId, signature };
  }
  if (req.kind === "userSigned") {
    checkKnown(req.action, "userSigned");
    return { signature: await signUserSignedActionRaw({ wallet, action: req.action as Record<string, unknown> & { signatureChainId: string } }) };
  }
  throw new ValidationError("request", [{ path: "kind", value: req.kind, expected: '"l1" or "userSigned"' }]);
}

export async function run(_argv: string[]): Promise<number> {
  const key = process.env.HL_PRIVATE_KEY;
  if (!key) {
    console.error("hl sign: set HL_PRIVATE_KEY=0x… (64 hex digits)");
    return 2;
  }
  const wallet = privateKeyWallet(key);
  let failed = false;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let out: Record<string, unknown>;
    try {
      out = await signLine(wallet, line);
    } catch (e) {
      failed = true;
      out = { error: e instanceof ValidationError ? e.message.split("\n")[0] : e instanceof Error ? e.message : String(e) };
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return failed ? 1 : 0;
}
