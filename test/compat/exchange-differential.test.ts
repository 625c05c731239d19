/**
 * The compat Exchange vs the official Python SDK 0.24.0's Exchange: for every method, the same
 * call with a fixed timestamp must produce the same wire payload (action, nonce, signature r/s/v,
 * vaultAddress, expiresAfter) on testnet and mainnet, with a vault and with expires_after.
 * Python posts nothing: its post is replaced by a capture (test/oracle/py_exchange.py).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Exchange, MAINNET_API_URL, TESTNET_API_URL } from "../../src/compat/exchange.js";
import { NonceManager } from "../../src/signing/index.js";
import { CASES, type Case } from "./cases.js";
import { AGENT_KEY, CapturingTransport, decodeArgs, KEY, META, MIDS, SPOT_META, TIMESTAMP, USER_STATE, VAULT } from "./fixtures.js";
import { pythonOracleAvailable, pythonRequired, startPythonExchangeOracle } from "./py-exchange.js";
import type { PythonOracle } from "../oracle/oracle.js";

const skip = !pythonOracleAvailable() && !pythonRequired;
if (skip) console.warn("Python oracle not set up: run scripts/setup-python.sh (skipping the compat Exchange differential test)");

interface Variant {
  name: string;
  baseUrl: string;
  vaultAddress: string | null;
  expiresAfter: number | null;
  applies(c: Case): boolean;
}

const VARIANTS: Variant[] = [
  { name: "testnet", baseUrl: TESTNET_API_URL, vaultAddress: null, expiresAfter: null, applies: () => true },
  { name: "mainnet", baseUrl: MAINNET_API_URL, vaultAddress: null, expiresAfter: null, applies: () => true },
  { name: "vault", baseUrl: MAINNET_API_URL, vaultAddress: VAULT, expiresAfter: null, applies: (c) => c.vault === true },
  { name: "expiresAfter", baseUrl: TESTNET_API_URL, vaultAddress: null, expiresAfter: TIMESTAMP + 30_000, applies: (c) => c.l1 === true },
];

/** Python sends `"vaultAddress": null, "expiresAfter": null`; we leave absent keys out. */
function normalize(payload: Record<string, unknown>): Record<string, unknown> {
  const sig = payload.signature as { r: string; s: string; v: number };
  const out: Record<string, unknown> = { action: payload.action, nonce: payload.nonce, r: BigInt(sig.r), s: BigInt(sig.s), v: Number(sig.v) };
  if (payload.vaultAddress != null) out.vaultAddress = payload.vaultAddress;
  if (payload.expiresAfter != null) out.expiresAfter = payload.expiresAfter;
  return out;
}

/** A user-signed action's payload in Python also carries self.vault_address, unsigned: drop it there. */
function dropUnsignedVault(payload: Record<string, unknown>, ours: Record<string, unknown>): void {
  if (!("vaultAddress" in ours)) delete payload.vaultAddress;
}

describe.skipIf(skip)("compat Exchange vs the Python SDK's Exchange (wire payloads)", () => {
  let py: PythonOracle;
  beforeAll(() => {
    if (!pythonOracleAvailable()) throw new Error(".venv-oracle missing: run scripts/setup-python.sh");
    py = startPythonExchangeOracle();
  });
  afterAll(() => py?.close());

  it("covers every public Exchange method of the Python SDK", async () => {
    const { methods } = (await py.request({ kind: "methods" })) as { methods: string[] };
    const covered = new Set(CASES.map((c) => c.method));
    expect(methods.length).toBeGreaterThanOrEqual(50);
    for (const m of methods) {
      expect(typeof (Exchange.prototype as unknown as Record<string, unknown>)[m], `Exchange.${m}`).toBe("function");
      if (m !== "set_expires_after") expect(covered.has(m), `a differential case for ${m}`).toBe(true);
    }
  });

  for (const variant of VARIANTS) {
    describe(variant.name, () => {
      for (const c of CASES.filter((x) => variant.applies(x))) {
        it(`${c.method}(${JSON.stringify(c.args).slice(1, 70)})`, async () => {
          const want = (await py.request({
            kind: "exchange",
            privateKey: KEY,
            baseUrl: variant.baseUrl,
            vaultAddress: variant.vaultAddress,
            expiresAfter: variant.expiresAfter,
            timestamp: TIMESTAMP,
            meta: META,
            spotMeta: SPOT_META,
            mids: MIDS,
            userState: USER_STATE,
            agentKey: AGENT_KEY,
            method: c.method,
            args: c.args,
          })) as { payload?: Record<string, unknown>; result?: unknown; error?: string };
          expect(want.error, "python raised").toBeUndefined();
          const transport = new CapturingTransport();
          const ex = new Exchange(KEY, transport, META, variant.vaultAddress, null, SPOT_META, null, null, {
            isMainnet: variant.baseUrl === MAINNET_API_URL,
            nonces: new NonceManager(() => TIMESTAMP),
            newAgentKey: () => AGENT_KEY,
          });
          ex.set_expires_after(variant.expiresAfter);
          const result = await (ex as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[c.method]!(...(decodeArgs(c.args) as unknown[]));
          expect(transport.sent).toHaveLength(1);
          const ours = normalize(transport.sent[0]!);
          const theirs = normalize(want.payload!);
          dropUnsignedVault(theirs, ours);
          expect(ours).toEqual(theirs);
          if (c.method === "approve_agent") expect((result as unknown[])[1]).toBe((want.result as unknown[])[1]);
        });
      }
    });
  }
});
