/** Accounts on the devnet: transfers, agents, sub-accounts, vaults, builders, multi-sig, auth errors. */
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeClient, HttpTransport, SignatureMismatchError, privateKeyWallet, signMultiSigL1Payload } from "../../src/index.js";
import { limit, startHarness, statuses, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: 5 });
});
afterAll(() => h.close());

const mid = async (coin: string) => Number((await h.info.allMids({}))[coin]);
const withdrawable = async (user: string) => Number((await h.info.clearinghouseState({ user })).withdrawable);

describe("devnet accounts", () => {
  it("usdSend, usdClassTransfer, spotSend and withdraw3 move balances and write ledger updates", async () => {
    const a = h.trader({ fund: 1000 });
    const b = h.trader({ fund: 0 });
    await a.exchange.usdSend({ destination: b.wallet.address, amount: "100" });
    expect(await withdrawable(b.wallet.address)).toBe(100);
    await a.exchange.usdClassTransfer({ amount: "50", toPerp: false });
    const spot = await h.info.spotClearinghouseState({ user: a.wallet.address });
    expect(spot.balances.find((x) => x.coin === "USDC")?.total).toBe("50.0");
    const usdc = h.devnet.engine.tokens[0]!;
    await a.exchange.spotSend({ destination: b.wallet.address, token: `USDC:${usdc.tokenId}`, amount: "20" });
    expect((await h.info.spotClearinghouseState({ user: b.wallet.address })).balances[0]).toMatchObject({ coin: "USDC", total: "20.0" });
    await a.exchange.withdraw3({ destination: a.wallet.address, amount: "10" });
    expect(await withdrawable(a.wallet.address)).toBe(1000 - 100 - 50 - 10 - 1);
    const ledger = await h.info.userNonFundingLedgerUpdates({ user: a.wallet.address, startTime: 0 });
    expect(ledger.map((l) => l.delta.type)).toEqual(["deposit", "send", "accountClassTransfer", "spotTransfer", "withdraw"]);
    await expect(b.exchange.usdSend({ destination: a.wallet.address, amount: "1000" })).rejects.toThrow(/Insufficient balance/);
  });

  it("an unapproved agent is told its address does not exist; after approveAgent it trades for the user", async () => {
    const user = h.trader();
    const agentWallet = privateKeyWallet(generatePrivateKey());
    const agent = h.trader({ fund: 0, wallet: agentWallet, accountAddress: user.wallet.address });
    const order = () => agent.exchange.order({ orders: [limit(0, true, "50000", "0.01")], grouping: "na" });
    const err = await order().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureMismatchError);
    expect((err as SignatureMismatchError).exchangeRecovered.toLowerCase()).toBe(agentWallet.address.toLowerCase());
    await user.exchange.approveAgent({ agentAddress: agentWallet.address, agentName: "bot" });
    expect(statuses(await order())[0]).toHaveProperty("resting");
    expect(await h.info.openOrders({ user: user.wallet.address })).toHaveLength(1);
    expect(await h.info.extraAgents({ user: user.wallet.address })).toMatchObject([{ address: agentWallet.address.toLowerCase(), name: "bot" }]);
    expect(await h.info.userRole({ user: agentWallet.address })).toMatchObject({ role: "agent" });
  });

  it("signing for the wrong network recovers another address", async () => {
    const { wallet } = h.trader();
    const mainnet = new ExchangeClient({ wallet, transport: new HttpTransport({ url: h.devnet.url }), isMainnet: true });
    const err = await mainnet.order({ orders: [limit(0, true, "50000", "0.01")], grouping: "na" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignatureMismatchError);
    expect((err as SignatureMismatchError).likelyCause).toMatch(/network|mainnet|testnet/i);
  });

  it("a reused nonce is refused", async () => {
    const { exchange } = h.trader();
    const nonce = Date.now() + 5;
    await exchange.noop({ nonce });
    await expect(exchange.noop({ nonce })).rejects.toThrow(`Invalid nonce: duplicate nonce ${nonce}`);
  });

  it("sub-accounts: create, fund, trade through vaultAddress", async () => {
    const master = h.trader();
    // The exchange lets only users with $100,000 of traded volume create sub-accounts.
    await h.devnet.seed({ accounts: [{ address: master.wallet.address, volume: "100000" }] });
    const created = (await master.exchange.createSubAccount({ name: "alpha" })) as { response: { data: string } };
    const sub = created.response.data;
    expect(sub).toMatch(/^0x[0-9a-f]{40}$/);
    await master.exchange.subAccountTransfer({ subAccountUser: sub, isDeposit: true, usd: 5_000_000_000 });
    expect(await withdrawable(sub)).toBe(5000);
    const m = await mid("BTC");
    const res = await master.exchange.order({ orders: [limit(0, true, String(Math.round(m * 1.05)), "0.01", "Ioc")], grouping: "na" }, { vaultAddress: sub });
    expect(statuses(res)[0]).toHaveProperty("filled");
    expect((await h.info.clearinghouseState({ user: sub })).assetPositions[0]?.position.coin).toBe("BTC");
    expect(await h.info.clearinghouseState({ user: master.wallet.address })).toMatchObject({ assetPositions: [] });
    const stranger = h.trader();
    await expect(stranger.exchange.noop({ vaultAddress: sub })).rejects.toThrow(/not managed by/);
  });

  it("vaults: create with a deposit, trade as the leader, withdraw", async () => {
    const leader = h.trader();
    const created = (await leader.exchange.createVault({ name: "devnet vault", description: "test", initialUsd: 200_000_000, nonce: Date.now() })) as {
      response: { data: string };
    };
    const vault = created.response.data;
    expect(await withdrawable(vault)).toBe(200);
    const res = await leader.exchange.order(
      {
        orders: [limit(1, true, String(Number((await mid("ETH")).toFixed(1)) * 0.9 > 0 ? Number(((await mid("ETH")) * 0.9).toFixed(1)) : 1), "0.01")],
        grouping: "na",
      },
      { vaultAddress: vault },
    );
    expect(statuses(res)[0]).toHaveProperty("resting");
    expect(await h.info.openOrders({ user: vault })).toHaveLength(1);
    await leader.exchange.vaultTransfer({ vaultAddress: vault, isDeposit: false, usd: 50_000_000 });
    expect(await h.info.userRole({ user: vault })).toEqual({ role: "vault" });
  });

  it("builder fees need approval and are charged on fills", async () => {
    const trader = h.trader();
    const builder = privateKeyWallet(generatePrivateKey()).address;
    const m = await mid("BTC");
    const order = () =>
      trader.exchange.order({
        orders: [limit(0, true, String(Math.round(m * 1.05)), "0.01", "Ioc")],
        grouping: "na",
        builder: { b: builder.toLowerCase(), f: 10 },
      });
    expect(statuses(await order())[0]).toEqual({ error: "Builder fee has not been approved." });
    await trader.exchange.approveBuilderFee({ maxFeeRate: "0.01%", builder });
    expect(await h.info.maxBuilderFee({ user: trader.wallet.address, builder })).toBe(10);
    expect(statuses(await order())[0]).toHaveProperty("filled");
    const [fill] = await h.info.userFills({ user: trader.wallet.address });
    expect(Number(fill!.builderFee)).toBeGreaterThan(0);
  });

  it("multi-sig: convert, then an order needs threshold signatures of authorized users", async () => {
    const owner = h.trader();
    const s1 = h.trader({ fund: 10 });
    const s2 = h.trader({ fund: 10 });
    const users = [s1.wallet.address, s2.wallet.address].map((a) => a.toLowerCase()).sort();
    await owner.exchange.convertToMultiSigUser({ signers: JSON.stringify({ authorizedUsers: users, threshold: 2 }) });
    const multiSigUser = owner.wallet.address.toLowerCase();
    const outerSigner = s1.wallet.address.toLowerCase();
    const inner = { type: "order", orders: [limit(0, true, "50000", "0.01")], grouping: "na" };
    const nonce = Date.now() + 7;
    const sign = (w: typeof s1.wallet) => signMultiSigL1Payload({ wallet: w, action: inner, nonce, multiSigUser, outerSigner, isMainnet: false });
    const one = [await sign(s1.wallet)];
    await expect(s1.exchange.multiSig({ signatures: one, payload: { multiSigUser, outerSigner, action: inner } }, { nonce })).rejects.toThrow(
      /Multi-sig threshold not met: 1 valid signatures, threshold 2/,
    );
    const both = [await sign(s1.wallet), await sign(s2.wallet)];
    const res = await s1.exchange
      .multiSig({ signatures: both, payload: { multiSigUser, outerSigner, action: inner } }, { nonce: nonce + 1 })
      .catch((e: unknown) => e);
    // The inner signatures were made for `nonce`, so with nonce + 1 they recover other addresses.
    expect(String(res)).toMatch(/Multi-sig threshold not met: 0 valid signatures, threshold 2/);
    const nonce2 = Date.now() + 20;
    const sign2 = (w: typeof s1.wallet) => signMultiSigL1Payload({ wallet: w, action: inner, nonce: nonce2, multiSigUser, outerSigner, isMainnet: false });
    const ok = await s1.exchange.multiSig(
      { signatures: [await sign2(s1.wallet), await sign2(s2.wallet)], payload: { multiSigUser, outerSigner, action: inner } },
      { nonce: nonce2 },
    );
    expect(statuses(ok)[0]).toHaveProperty("resting");
    expect(await h.info.openOrders({ user: multiSigUser })).toHaveLength(1);
  });
});
