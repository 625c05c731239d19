/**
 * Multi-sig workflow: each signer's signature equals the Python SDK's
 * sign_multi_sig_{l1_action,user_signed_action}_payload; a full round trip recovers every
 * signer and the outer signer from the exact payload sent; conversion to / from multi-sig.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import {
  buildMultiSigAction,
  collectMultiSigSignatures,
  convertMultiSigToNormalUser,
  convertToMultiSigUser,
  multiSigSigners,
  prepareMultiSigInner,
  recoverMultiSigSigners,
  submitMultiSig,
  type MultiSigContext,
} from "../../src/clients/multisig.js";
import { ValidationError } from "../../src/errors/base.js";
import { NonceManager, privateKeyWallet, SEND_MULTI_SIG, multiSigActionHash, recoverUserSignedSigner, type Signature } from "../../src/signing/index.js";
import { CapturingTransport } from "../compat/fixtures.js";
import { pythonOracleAvailable, pythonRequired, startPythonExchangeOracle } from "../compat/py-exchange.js";
import type { PythonOracle } from "../oracle/oracle.js";

const keys = ["0x" + "a1".repeat(32), "0x" + "b2".repeat(32), "0x" + "c3".repeat(32)];
const signers = keys.map(privateKeyWallet);
const outer = privateKeyWallet("0x" + "d4".repeat(32));
const MULTI = "0x0000000000000000000000000000000000000005";
const NONCE = 1_700_000_000_000;

function ctx(over: Partial<MultiSigContext> = {}): MultiSigContext {
  return { multiSigUser: MULTI, outerSigner: outer.address, isMainnet: false, nonce: NONCE, ...over };
}

const INNERS: (Record<string, unknown> & { type: string })[] = [
  { type: "usdSend", destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a", amount: "100" },
  {
    type: "sendAsset",
    destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
    sourceDex: "",
    destinationDex: "spot",
    token: "USDC",
    amount: "1.5",
    fromSubAccount: "",
  },
  { type: "convertToMultiSigUser", signers: "null" },
  { type: "order", orders: [{ a: 0, b: true, p: "60000", s: "0.01", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" },
  { type: "cancel", cancels: [{ a: 1, o: 42 }] },
];

const same = (a: Signature, b: Signature): boolean => BigInt(a.r) === BigInt(b.r) && BigInt(a.s) === BigInt(b.s) && Number(a.v) === Number(b.v);

describe("multi-sig workflow", () => {
  it("round trip: every signer and the outer signer recover from the payload sent", async () => {
    for (const inner0 of INNERS) {
      for (const extra of [{}, { isMainnet: true }, { vaultAddress: "0x1719884eb866cb12b2287399b15f7db5e7d775ea", expiresAfter: NONCE + 60_000 }]) {
        const c = ctx(extra);
        const inner = prepareMultiSigInner(inner0, c);
        const sigs = await collectMultiSigSignatures(signers, inner, c);
        expect(recoverMultiSigSigners(inner, sigs, c)).toEqual(signers.map((s) => s.address));
        const transport = new CapturingTransport();
        const client = new ExchangeClient({ wallet: outer, transport, isMainnet: c.isMainnet, nonces: new NonceManager(() => 1) });
        await submitMultiSig(client, inner, sigs, c);
        const sent = transport.sent[0]! as {
          action: Record<string, unknown>;
          nonce: number;
          signature: Signature;
          vaultAddress?: string;
          expiresAfter?: number;
        };
        expect(sent.nonce).toBe(NONCE);
        expect(sent.action).toEqual(buildMultiSigAction(inner, sigs, c));
        const envelope = {
          signatureChainId: "0x66eee",
          hyperliquidChain: c.isMainnet ? "Mainnet" : "Testnet",
          multiSigActionHash: multiSigActionHash(sent.action, sent.nonce, sent.vaultAddress, sent.expiresAfter),
          nonce: sent.nonce,
        };
        expect(recoverUserSignedSigner(envelope, sent.signature, SEND_MULTI_SIG)).toBe(outer.address);
        // A signature over another multi-sig user does not recover a signer of this one.
        const other = ctx({ ...extra, multiSigUser: "0x0000000000000000000000000000000000000006" });
        expect(recoverMultiSigSigners(inner, sigs, other)).not.toContain(signers[0]!.address);
      }
    }
  });

  it("refuses a submission from a client that is not the outer signer, and bad contexts", async () => {
    const c = ctx();
    const inner = prepareMultiSigInner(INNERS[0]!, c);
    const client = new ExchangeClient({ wallet: signers[0]!, transport: new CapturingTransport(), isMainnet: false });
    expect(() => submitMultiSig(client, inner, [], c)).toThrow(ValidationError);
    expect(() => prepareMultiSigInner(INNERS[0]!, ctx({ multiSigUser: "0x12" }))).toThrow(/multiSigUser/);
    expect(() => prepareMultiSigInner({ type: "multiSig" }, c)).toThrow(ValidationError);
  });

  it("converts to a multi-sig user (sorted lowercase signers) and back (signers null)", async () => {
    expect(multiSigSigners([signers[2]!.address.toUpperCase().replace("0X", "0x"), signers[0]!.address], 2)).toBe(
      JSON.stringify({ authorizedUsers: [signers[2]!.address, signers[0]!.address].sort(), threshold: 2 }),
    );
    expect(multiSigSigners(null)).toBe("null");
    expect(() => multiSigSigners([signers[0]!.address], 2)).toThrow(/threshold/);
    expect(() => multiSigSigners([signers[0]!.address, signers[0]!.address], 1)).toThrow(/distinct/);
    const transport = new CapturingTransport();
    const client = new ExchangeClient({ wallet: outer, transport, isMainnet: false });
    await convertToMultiSigUser(
      client,
      signers.map((s) => s.address),
      2,
    );
    expect((transport.sent[0]!.action as { signers: string }).signers).toBe(
      multiSigSigners(
        signers.map((s) => s.address),
        2,
      ),
    );
    await convertMultiSigToNormalUser(client, signers.slice(0, 2), { multiSigUser: MULTI, nonce: NONCE });
    const back = transport.sent[1]!.action as { payload: { action: { type: string; signers: string } } };
    expect(back.payload.action).toMatchObject({ type: "convertToMultiSigUser", signers: "null", nonce: NONCE });
  });
});

describe.skipIf(!pythonOracleAvailable() && !pythonRequired)("multi-sig signatures vs the Python SDK", () => {
  let py: PythonOracle;
  beforeAll(() => {
    py = startPythonExchangeOracle();
  });
  afterAll(() => py?.close());

  it("each signer signs like sign_multi_sig_l1_action_payload / sign_multi_sig_user_signed_action_payload", async () => {
    const PRIMARY: Record<string, string> = {
      usdSend: "HyperliquidTransaction:UsdSend",
      sendAsset: "HyperliquidTransaction:SendAsset",
      convertToMultiSigUser: "HyperliquidTransaction:ConvertToMultiSigUser",
    };
    for (const inner0 of INNERS) {
      for (const extra of [{}, { isMainnet: true }, { vaultAddress: "0x1719884eb866cb12b2287399b15f7db5e7d775ea", expiresAfter: NONCE + 60_000 }]) {
        const c = ctx(extra);
        const inner = prepareMultiSigInner(inner0, c);
        const sigs = await collectMultiSigSignatures(signers, inner, c);
        for (const [i, key] of keys.entries()) {
          const common = { privateKey: key, action: inner, isMainnet: c.isMainnet, multiSigUser: MULTI, outerSigner: outer.address };
          const req = PRIMARY[inner.type]
            ? { kind: "multiSigUserSignedPayload", ...common, primaryType: PRIMARY[inner.type] }
            : { kind: "multiSigL1Payload", ...common, nonce: NONCE, vaultAddress: c.vaultAddress ?? null, expiresAfter: c.expiresAfter ?? null };
          const out = (await py.request(req)) as { signature?: Signature; error?: string };
          expect(out.error).toBeUndefined();
          expect(same(sigs[i]!, out.signature!), `${inner.type} ${JSON.stringify(extra)}`).toBe(true);
        }
      }
    }
  });
});
