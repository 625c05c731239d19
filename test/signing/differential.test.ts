/**
 * Differential property test: for random actions of every type in the schema (random vault,
 * expiresAfter, network, nonces beyond 2^32) our signatures equal those of
 * (a) @nktkas/hyperliquid and (b) the official Python SDK (through test/oracle).
 */
import { signL1Action, signMultiSigAction, signUserSignedAction } from "@nktkas/hyperliquid/signing";
import fc from "fast-check";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateKeyWallet, signAction, userSignedMessage, type Signature } from "../../src/signing/index.js";
import { arbitraryOf, schema } from "../helpers/arbitrary.js";
import { pythonOracleAvailable, startPythonOracle, type PythonOracle } from "../oracle/oracle.js";

const KEY = "0x8f1d3a6c0b5e4f2a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e";
const RUNS_PER_TYPE = Number(process.env.HL_DIFF_RUNS_PER_TYPE ?? 11);
const requirePython = process.env.HL_PY_ORACLE === "1" || process.env.CI === "true";

interface Case {
  type: string;
  action: Record<string, unknown>;
  nonce: number;
  vaultAddress: string | null;
  expiresAfter: number | null;
  isMainnet: boolean;
}

function caseArb(spec: (typeof schema.exchange)[number]): fc.Arbitrary<Case> {
  return fc
    .record({
      action: arbitraryOf(spec.action),
      nonce: fc.oneof(fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }), fc.integer({ min: 2 ** 32, max: 2 ** 53 - 1 })),
      vaultAddress: fc.option(
        fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString("hex")}`),
        { nil: null },
      ),
      expiresAfter: fc.option(fc.integer({ min: 1_600_000_000_000, max: 2 ** 53 - 1 }), { nil: null }),
      isMainnet: fc.boolean(),
    })
    .map(({ action, nonce, vaultAddress, expiresAfter, isMainnet }) => {
      const a = action as Record<string, unknown>;
      if (spec.signing === "userSigned") {
        // The request nonce and the network are part of a user-signed action.
        if ("hyperliquidChain" in a) a.hyperliquidChain = isMainnet ? "Mainnet" : "Testnet";
        for (const k of ["nonce", "time"]) if (k in a) a[k] = nonce;
      }
      const l1Like = spec.signing === "l1" || spec.type === "multiSig";
      return { type: spec.type, action: a, nonce, isMainnet, vaultAddress: l1Like ? vaultAddress : null, expiresAfter: l1Like ? expiresAfter : null };
    });
}

async function nkSign(c: Case, signed: Record<string, unknown>, eip712?: { name: string; type: string }[], primaryType?: string): Promise<Signature> {
  const wallet = privateKeyToAccount(KEY);
  const common = {
    wallet,
    nonce: c.nonce,
    isTestnet: !c.isMainnet,
    ...(c.vaultAddress ? { vaultAddress: c.vaultAddress as `0x${string}` } : {}),
    ...(c.expiresAfter !== null ? { expiresAfter: c.expiresAfter } : {}),
  };
  if (c.type === "multiSig") return (await signMultiSigAction({ ...common, action: signed as never })) as Signature;
  if (eip712 && primaryType) return (await signUserSignedAction({ wallet, action: signed as never, types: { [primaryType]: eip712 } })) as Signature;
  return (await signL1Action({ ...common, action: signed })) as Signature;
}

function same(a: Signature, b: Signature): boolean {
  return BigInt(a.r) === BigInt(b.r) && BigInt(a.s) === BigInt(b.s) && Number(a.v) === Number(b.v);
}

describe("differential signing: ours vs @nktkas/hyperliquid vs the official Python SDK", () => {
  let py: PythonOracle | undefined;
  beforeAll(async () => {
    if (pythonOracleAvailable()) py = await startPythonOracle();
    else if (requirePython) throw new Error("the Python oracle venv (.venv-oracle) is required here: run scripts/setup-python.sh");
    else console.warn("Python oracle not set up (scripts/setup-python.sh): comparing against @nktkas/hyperliquid only");
  });
  afterAll(() => py?.close());

  it("covers every action type in the schema", () => {
    expect(schema.exchange.length).toBeGreaterThanOrEqual(58);
    expect(schema.exchange.length * RUNS_PER_TYPE).toBeGreaterThanOrEqual(500);
  });

  for (const spec of schema.exchange) {
    it(`${spec.type} (${spec.signing})`, async () => {
      const wallet = privateKeyWallet(KEY);
      await fc.assert(
        fc.asyncProperty(caseArb(spec), async (c) => {
          const signed = await signAction({
            wallet,
            action: c.action as never,
            nonce: c.nonce,
            vaultAddress: c.vaultAddress,
            expiresAfter: c.expiresAfter,
            isMainnet: c.isMainnet,
          });
          const action = signed.action as unknown as Record<string, unknown>;
          const userSigned = spec.signing === "userSigned" && spec.type !== "multiSig";
          // Absent optional string fields are signed as "" (approveAgent's agentName).
          const signingView = userSigned ? userSignedMessage(spec.eip712!, action) : action;
          const nk = await nkSign(c, signingView, userSigned ? spec.eip712 : undefined, spec.primaryType);
          expect(same(signed.signature, nk), `nk differs for ${JSON.stringify(c)}`).toBe(true);
          if (py) {
            const req =
              spec.type === "multiSig"
                ? {
                    kind: "multiSig",
                    privateKey: KEY,
                    action,
                    nonce: c.nonce,
                    vaultAddress: c.vaultAddress,
                    expiresAfter: c.expiresAfter,
                    isMainnet: c.isMainnet,
                  }
                : userSigned
                  ? { kind: "userSigned", privateKey: KEY, action: signingView, primaryType: spec.primaryType, types: spec.eip712 }
                  : { kind: "l1", privateKey: KEY, action, nonce: c.nonce, vaultAddress: c.vaultAddress, expiresAfter: c.expiresAfter, isMainnet: c.isMainnet };
            const out = (await py.request(req)) as { signature?: Signature; error?: string };
            expect(out.error, `python oracle error for ${JSON.stringify(req)}`).toBeUndefined();
            expect(same(signed.signature, out.signature!), `python differs for ${JSON.stringify(c)}`).toBe(true);
          }
        }),
        { numRuns: RUNS_PER_TYPE },
      );
    });
  }
});
