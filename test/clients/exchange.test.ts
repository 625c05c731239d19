/** ExchangeClient: fills, signs, sends; typed errors for rejections, mismatches and lost answers. */
import { describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { ActionOutcomeUnknownError, ExchangeError, SignatureMismatchError } from "../../src/errors/exchange.js";
import { TimeoutError } from "../../src/errors/transport.js";
import { privateKeyWallet, recoverL1Signer, recoverUserSignedSigner, type Signature } from "../../src/signing/index.js";
import { userSignedMessage } from "../../src/signing/envelope.js";
import type { Transport } from "../../src/transport/types.js";

const wallet = privateKeyWallet("0x0123456789012345678901234567890123456789012345678901234567890123");
type Sent = { action: Record<string, unknown> & { type: string }; nonce: number; signature: Signature; vaultAddress?: string };

function fake(answer: (sent: Sent) => unknown): Transport & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    async request(endpoint, body) {
      expect(endpoint).toBe("exchange");
      sent.push(body as Sent);
      const a = answer(body as Sent);
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

const order = { orders: [{ a: 0, b: true, p: "30000", s: "0.01", r: false, t: { limit: { tif: "Gtc" as const } } }], grouping: "na" as const };

describe("ExchangeClient", () => {
  it("signs an order the exchange can recover, with a fresh nonce per call", async () => {
    const t = fake(() => ({ status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 1 } }] } } }));
    const ex = new ExchangeClient({ wallet, transport: t, isMainnet: false });
    const res = await ex.order(order);
    await ex.order(order, { vaultAddress: "0x1719884eb866cb12b2287399b15f7db5e7d775ea" });
    expect(res).toMatchObject({ status: "ok" });
    const [a, b] = t.sent;
    expect(b!.nonce).toBeGreaterThan(a!.nonce);
    expect(recoverL1Signer({ ...a!, isMainnet: false })).toBe(wallet.address);
    expect(recoverL1Signer({ ...b!, isMainnet: false })).toBe(wallet.address);
    expect(b!.vaultAddress).toBe("0x1719884eb866cb12b2287399b15f7db5e7d775ea");
  });

  it("fills chain fields and time for user-signed actions", async () => {
    const t = fake(() => ({ status: "ok", response: { type: "default" } }));
    await new ExchangeClient({ wallet, transport: t, isMainnet: true }).usdSend({ destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a", amount: "1" });
    const sent = t.sent[0]!;
    expect(sent.action).toMatchObject({ type: "usdSend", signatureChainId: "0x66eee", hyperliquidChain: "Mainnet", time: sent.nonce });
    expect(recoverUserSignedSigner(userSignedMessage(sent.action), sent.signature)).toBe(wallet.address);
  });

  it("explains 'User or API Wallet does not exist' for a network mismatch", async () => {
    // The exchange (testnet here) recovers the address the payload gives on the other network.
    const t = fake((sent) => ({ status: "err", response: `User or API Wallet ${recoverL1Signer({ ...sent, isMainnet: false })} does not exist.` }));
    const err = await new ExchangeClient({ wallet, transport: t, isMainnet: true }).order(order).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureMismatchError);
    expect((err as SignatureMismatchError).localSigner).toBe(wallet.address);
    expect((err as SignatureMismatchError).hint).toMatch(/testnet/);
  });

  it("explains an unknown wallet / unapproved agent", async () => {
    const t = fake(() => ({ status: "err", response: `User or API Wallet ${wallet.address} does not exist.` }));
    const err = await new ExchangeClient({ wallet, transport: t, isMainnet: false, accountAddress: "0x5e9ee1089755c3435139848e47e6635505d5a13a" })
      .order(order)
      .catch((e: unknown) => e);
    expect((err as SignatureMismatchError).hint).toMatch(/approveAgent/);
  });

  it("other rejections are ExchangeErrors", async () => {
    const t = fake(() => ({ status: "err", response: "Insufficient margin to place order." }));
    const err = await new ExchangeClient({ wallet, transport: t, isMainnet: false }).order(order).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).hint).toMatch(/balance/);
  });

  it("a lost answer is never re-signed: the same payload can be resent", async () => {
    let calls = 0;
    const t = fake(() =>
      ++calls === 1 ? new TimeoutError("POST /exchange", 10) : { status: "ok", response: { type: "order", data: { statuses: ["success"] } } },
    );
    const ex = new ExchangeClient({ wallet, transport: t, isMainnet: false });
    const err = await ex.order(order).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionOutcomeUnknownError);
    await ex.resend((err as ActionOutcomeUnknownError).payload);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]).toEqual(t.sent[0]);
  });

  it("10,000 concurrent calls get 10,000 distinct nonces", async () => {
    const t = fake(() => ({ status: "ok", response: { type: "default" } }));
    const ex = new ExchangeClient({ wallet, transport: t, isMainnet: false });
    await Promise.all(Array.from({ length: 10_000 }, () => ex.noop()));
    expect(new Set(t.sent.map((s) => s.nonce)).size).toBe(10_000);
  });
});
