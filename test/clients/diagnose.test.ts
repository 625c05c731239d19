/** recoverActionSigner: the one signer recovery behind diagnoseSignatureMismatch and the devnet's auth. */
import { describe, expect, it } from "vitest";
import {
  privateKeyWallet,
  recoverActionSigner,
  signL1ActionRaw,
  signMultiSigL1Payload,
  signMultiSigUserSignedPayload,
  signUserSignedActionRaw,
} from "../../src/signing/index.js";
import { diagnoseSignatureMismatch } from "../../src/clients/diagnose.js";

const wallet = privateKeyWallet("0x0123456789012345678901234567890123456789012345678901234567890123");
const other = privateKeyWallet("0x1123456789012345678901234567890123456789012345678901234567890123");
const order = { type: "order", orders: [{ a: 0, b: true, p: "30000", s: "0.01", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" };
const vault = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";

describe("recoverActionSigner", () => {
  it("recovers an L1 action's signer only for the network and vault it was signed for", async () => {
    const { signature } = await signL1ActionRaw({ wallet, action: order, nonce: 1, vaultAddress: vault, expiresAfter: null, isMainnet: false });
    const payload = { action: order, nonce: 1, signature, vaultAddress: vault };
    expect(recoverActionSigner(payload, { isMainnet: false })).toBe(wallet.address);
    expect(recoverActionSigner(payload, { isMainnet: true })).not.toBe(wallet.address);
    expect(recoverActionSigner({ ...payload, vaultAddress: null }, { isMainnet: false })).not.toBe(wallet.address);
    expect(recoverActionSigner({ ...payload, nonce: 2 }, { isMainnet: false })).not.toBe(wallet.address);
  });

  it("recovers a user-signed action's signer, hashing hyperliquidChain from isMainnet", async () => {
    const action = {
      type: "usdSend",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Testnet",
      destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
      amount: "1",
      time: 5,
    };
    const signature = await signUserSignedActionRaw({ wallet, action });
    expect(recoverActionSigner({ action, nonce: 5, signature }, { isMainnet: false })).toBe(wallet.address);
    expect(recoverActionSigner({ action, nonce: 5, signature }, { isMainnet: true })).not.toBe(wallet.address);
    const { signatureChainId: _omit, ...unhashable } = action;
    expect(recoverActionSigner({ action: unhashable, nonce: 5, signature }, { isMainnet: false })).toBeNull();
  });

  it("recovers the signers inside a multiSig action (L1 and user-signed inner actions)", async () => {
    const parties = { multiSigUser: vault, outerSigner: other.address };
    const l1 = await signMultiSigL1Payload({ ...parties, wallet, action: order, nonce: 7, isMainnet: false });
    expect(recoverActionSigner({ action: order, nonce: 7, signature: l1, multiSig: parties }, { isMainnet: false })).toBe(wallet.address);
    expect(recoverActionSigner({ action: order, nonce: 7, signature: l1 }, { isMainnet: false })).not.toBe(wallet.address);
    const send = {
      type: "usdSend",
      signatureChainId: "0x66eee",
      hyperliquidChain: "Testnet",
      destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
      amount: "1",
      time: 7,
    };
    const us = await signMultiSigUserSignedPayload({ ...parties, wallet, action: send });
    expect(recoverActionSigner({ action: send, nonce: 7, signature: us, multiSig: parties }, { isMainnet: false })).toBe(wallet.address);
  });

  it("runs the ECDSA step through a supplied recover function", async () => {
    const { signature } = await signL1ActionRaw({ wallet, action: order, nonce: 3, vaultAddress: null, expiresAfter: null, isMainnet: true });
    const seen: Uint8Array[] = [];
    const out = await recoverActionSigner(
      { action: order, nonce: 3, signature },
      { isMainnet: true, recover: async (digest: Uint8Array) => (seen.push(digest), "0xabc" as const) },
    );
    expect(out).toBe("0xabc");
    expect(seen[0]).toHaveLength(32);
  });

  it("diagnoseSignatureMismatch uses it: a wrong-network signature is explained as such", async () => {
    const { signature } = await signL1ActionRaw({ wallet, action: order, nonce: 9, vaultAddress: null, expiresAfter: null, isMainnet: true });
    const exchangeSaw = recoverActionSigner({ action: order, nonce: 9, signature }, { isMainnet: false });
    const err = diagnoseSignatureMismatch(
      `User or API Wallet ${exchangeSaw} does not exist.`,
      { action: order, nonce: 9, signature },
      { isMainnet: true, walletAddress: wallet.address },
    );
    expect(err?.message).toMatch(/hashed the action as testnet/);
  });
});
