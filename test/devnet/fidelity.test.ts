/** Devnet fidelity: HIP-3 dexes, canonical token ids, vaults, the chain's refusals (issue #16). */
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { privateKeyWallet } from "../../src/index.js";
import { limit, startHarness, statuses, type Harness } from "./harness.js";

let h: Harness;
const deployer = privateKeyWallet(generatePrivateKey());
beforeAll(async () => {
  h = await startHarness({ seed: 9 });
  await h.devnet.seed({
    dexes: [{ name: "test", fullName: "test dex", deployer: deployer.address, assets: [{ coin: "ABC", szDecimals: 2, maxLeverage: 10, px: "20" }] }],
  });
});
afterAll(() => h.close());

const post = async (path: string, body: unknown): Promise<{ status: number; text: string }> => {
  const res = await fetch(`${h.devnet.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
};

describe("HIP-3 builder-deployed perp dexes", () => {
  it("perpDexs lists [null, {name, fullName, deployer, …}] and meta/allMids/metaAndAssetCtxs honour dex", async () => {
    const dexs = await h.info.perpDexs();
    expect(dexs[0]).toBeNull();
    expect(dexs[1]).toMatchObject({ name: "test", fullName: "test dex", deployer: deployer.address.toLowerCase(), oracleUpdater: null });
    const meta = await h.info.meta({ dex: "test" });
    expect(meta.universe.map((u) => u.name)).toEqual(["test:ABC"]);
    expect((await h.info.meta({})).universe.map((u) => u.name)).not.toContain("test:ABC");
    const [m, ctxs] = await h.info.metaAndAssetCtxs({ dex: "test" });
    expect(m.universe).toHaveLength(1);
    expect(ctxs).toHaveLength(1);
    const mids = await h.info.allMids({ dex: "test" });
    expect(Object.keys(mids)).toEqual(["test:ABC"]);
    expect(Number(mids["test:ABC"])).toBeCloseTo(20, 0);
    expect(Object.keys(await h.info.allMids({}))).not.toContain("test:ABC");
    const book = await h.info.l2Book({ coin: "test:ABC" });
    expect(book.levels[0].length).toBeGreaterThan(0);
  });

  it("meta, clearinghouseState and openOrders with a dex that does not exist are errors, not the first dex", async () => {
    const res = await post("/info", { type: "meta", dex: "nope" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('"nope"');
    expect((await post("/info", { type: "clearinghouseState", user: deployer.address, dex: "nope" })).status).toBe(422);
    expect((await post("/info", { type: "openOrders", user: deployer.address, dex: "nope" })).status).toBe(422);
  });

  it("WebSocket subscriptions honour dex: allMids of dex test, an error frame for a dex that does not exist", async () => {
    const ws = new WebSocket(h.devnet.wsUrl);
    const frames: { channel: string; data: unknown }[] = [];
    ws.on("message", (d: Buffer) => frames.push(JSON.parse(d.toString("utf8")) as { channel: string; data: unknown }));
    await new Promise((resolve) => ws.once("open", resolve));
    try {
      ws.send(JSON.stringify({ method: "subscribe", subscription: { type: "allMids", dex: "test" } }));
      ws.send(JSON.stringify({ method: "subscribe", subscription: { type: "clearinghouseState", user: deployer.address, dex: "nope" } }));
      for (let i = 0; i < 100 && frames.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
      const mids = frames.find((f) => f.channel === "allMids")?.data as { dex: string; mids: Record<string, string> };
      expect(mids.dex).toBe("test");
      expect(Object.keys(mids.mids)).toEqual(["test:ABC"]);
      expect(frames.find((f) => f.channel === "error")?.data).toBe('Unknown perp dex "nope".');
    } finally {
      ws.close();
    }
  });

  it("asset 110000 trades test:ABC; the order and position show on dex test only", async () => {
    const t = h.trader({ fund: 10_000 });
    const rest = await t.exchange.order({ orders: [limit(110000, true, "15", "1")], grouping: "na" });
    expect(statuses(rest)[0]).toHaveProperty("resting");
    const user = t.wallet.address;
    expect((await h.info.openOrders({ user, dex: "test" })).map((o) => o.coin)).toEqual(["test:ABC"]);
    expect(await h.info.openOrders({ user })).toEqual([]);
    const fill = await t.exchange.order({ orders: [limit(110000, true, "22", "1", "Ioc")], grouping: "na" });
    expect(statuses(fill)[0]).toHaveProperty("filled");
    const onTest = await h.info.clearinghouseState({ user, dex: "test" });
    expect(onTest.assetPositions.map((p) => p.position.coin)).toEqual(["test:ABC"]);
    expect((await h.info.clearinghouseState({ user })).assetPositions).toEqual([]);
  });

  it("perpDeploy registerAsset with a schema creates a dex; setOracle moves its oracle; others are refused", async () => {
    const owner = h.trader({ fund: 1000 });
    const stranger = h.trader({ fund: 1000 });
    const register = (coin: string, schema: { fullName: string; collateralToken: number; oracleUpdater: string | null } | null) =>
      owner.exchange.perpDeploy({
        registerAsset: { maxGas: null, assetRequest: { coin, szDecimals: 2, oraclePx: "10", marginTableId: 10, onlyIsolated: false }, dex: "xyz", schema },
      });
    await expect(register("xyz:TEST0", null)).rejects.toThrow(/Perp dex xyz does not exist/);
    await register("xyz:TEST0", { fullName: "xyz dex", collateralToken: 0, oracleUpdater: null });
    await register("xyz:TEST1", null);
    await expect(register("xyz:TEST1", null)).rejects.toThrow("Asset already exists.");
    await expect(
      stranger.exchange.perpDeploy({
        registerAsset: {
          maxGas: null,
          assetRequest: { coin: "xyz:TEST2", szDecimals: 2, oraclePx: "1", marginTableId: 10, onlyIsolated: false },
          dex: "xyz",
          schema: null,
        },
      }),
    ).rejects.toThrow(/Only the deployer/);
    const dexs = await h.info.perpDexs();
    const index = dexs.findIndex((d) => d?.name === "xyz");
    expect(index).toBe(2);
    expect((await h.info.meta({ dex: "xyz" })).universe.map((u) => u.name)).toEqual(["xyz:TEST0", "xyz:TEST1"]);
    expect(h.devnet.engine.market("xyz:TEST1")?.asset).toBe(100000 + 10000 * index + 1);
    await owner.exchange.perpDeploy({
      setOracle: { dex: "xyz", oraclePxs: [["xyz:TEST0", "12"]], markPxs: [[["xyz:TEST0", "14"]]], externalPerpPxs: [["xyz:TEST0", "12.1"]] },
    });
    expect(h.devnet.engine.oracle.get("xyz:TEST0")?.toFixed()).toBe("12");
    await expect(owner.exchange.perpDeploy({ setOracle: { dex: "xyz", oraclePxs: [["xyz:NOPE", "1"]], markPxs: [], externalPerpPxs: [] } })).rejects.toThrow(
      /Unknown asset xyz:NOPE/,
    );
  });

  it("sendAsset moves USDC spot ↔ a dex and refuses a dex that does not exist", async () => {
    const t = h.trader({ fund: 100 });
    await t.exchange.usdClassTransfer({ amount: "10", toPerp: false });
    const me = t.wallet.address;
    await t.exchange.sendAsset({ destination: me, sourceDex: "spot", destinationDex: "test", token: "USDC", amount: "1.23", fromSubAccount: "" });
    await t.exchange.sendAsset({ destination: me, sourceDex: "test", destinationDex: "spot", token: "USDC", amount: "1.23", fromSubAccount: "" });
    const spot = await h.info.spotClearinghouseState({ user: me });
    expect(spot.balances.find((b) => b.coin === "USDC")?.total).toBe("10.0");
    await expect(
      t.exchange.sendAsset({ destination: me, sourceDex: "spot", destinationDex: "nope", token: "USDC", amount: "1", fromSubAccount: "" }),
    ).rejects.toThrow('Perp dex "nope" does not exist.');
  });
});

describe("canonical token ids per network", () => {
  it("testnet names PURR and USDC as the testnet does, and a spotSend naming PURR:0xc4bf… works", async () => {
    const meta = await h.info.spotMeta();
    const purr = meta.tokens.find((t) => t.name === "PURR");
    expect(purr?.tokenId).toBe("0xc4bf3f870c0e9465323c0b6ed28096c2");
    expect(meta.tokens.find((t) => t.name === "USDC")?.tokenId).toBe("0xeb62eee3685fc4c43992febcd9e75443");
    expect(meta.tokens.find((t) => t.name === "HYPE")).toMatchObject({ index: 1105, tokenId: "0x7317beb7cceed72ef0b346074cc8e7ab" });
    const t = h.trader({ fund: 0 });
    await h.devnet.seed({ accounts: [{ address: t.wallet.address, spot: { PURR: "5" } }] });
    await t.exchange.spotSend({ destination: "0x0000000000000000000000000000000000000000", token: "PURR:0xc4bf3f870c0e9465323c0b6ed28096c2", amount: "1" });
    await expect(
      t.exchange.spotSend({ destination: "0x0000000000000000000000000000000000000000", token: "PURR:0x00000000000000000000000000000002", amount: "1" }),
    ).rejects.toThrow(/Unknown token/);
  });

  it("mainnet uses the mainnet listing (USDC 0x6d1e…, HYPE index 150, HYPE/USDC @107) and the mainnet HLP", async () => {
    const m = await startHarness({ network: "mainnet" });
    try {
      const meta = await m.info.spotMeta();
      expect(meta.tokens.find((t) => t.name === "USDC")?.tokenId).toBe("0x6d1e7cde53ba9467b783cb7c530ce054");
      expect(meta.tokens.find((t) => t.name === "HYPE")?.index).toBe(150);
      expect(meta.universe.find((p) => p.tokens[0] === 150)?.name).toBe("@107");
      expect(await m.info.vaultDetails({ vaultAddress: "0xdfc24b077bc1425ad1dea75bcb6f8158e10df303" })).toMatchObject({
        name: "Hyperliquidity Provider (HLP)",
      });
    } finally {
      await m.close();
    }
  });
});

describe("vaults", () => {
  const HLP = "0xa15099a30bbf2e68942d6f4c43d70d04faeab0a0";

  it("deposits into the testnet HLP, shows the equity, refuses a withdrawal while locked, then allows it", async () => {
    const t = h.trader({ fund: 100 });
    await t.exchange.vaultTransfer({ vaultAddress: HLP, isDeposit: true, usd: 5_000_000 });
    const equities = await h.info.userVaultEquities({ user: t.wallet.address });
    expect(equities).toHaveLength(1);
    expect(Number(equities[0]!.equity)).toBeCloseTo(5, 6);
    const details = await h.info.vaultDetails({ vaultAddress: HLP, user: t.wallet.address });
    expect(details?.followerState).toMatchObject({ user: t.wallet.address.toLowerCase(), vaultEquity: "5.0" });
    await expect(t.exchange.vaultTransfer({ vaultAddress: HLP, isDeposit: false, usd: 1_000_000 })).rejects.toThrow(/locked/);
    h.clock.offset += 5 * 86_400_000;
    try {
      await t.exchange.vaultTransfer({ vaultAddress: HLP, isDeposit: false, usd: 5_000_000 }, { nonce: h.devnet.engine.now() });
    } finally {
      h.clock.offset -= 5 * 86_400_000;
    }
    expect(await h.info.userVaultEquities({ user: t.wallet.address })).toEqual([]);
    expect(Number((await h.info.clearinghouseState({ user: t.wallet.address })).withdrawable)).toBeCloseTo(100, 6);
    await expect(t.exchange.vaultTransfer({ vaultAddress: "0x1719884eb866cb12b2287399b15f7db5e7d775ea", isDeposit: true, usd: 1 })).rejects.toThrow(
      "Vault does not exist.",
    );
  });

  it("a seeded vault at a given address is led by its leader, who trades for it", async () => {
    const leader = h.trader({ fund: 10 });
    const vault = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";
    await h.devnet.seed({ vaults: [{ address: vault, name: "example vault", leader: leader.wallet.address, equity: "10000" }] });
    const details = await h.info.vaultDetails({ vaultAddress: vault });
    expect(details).toMatchObject({ leader: leader.wallet.address.toLowerCase(), leaderFraction: 1 });
    expect(details?.followers[0]).toMatchObject({ user: "Leader", vaultEquity: "10000.0" });
    const asVault = h.trader({ fund: 0, wallet: leader.wallet, vaultAddress: vault });
    const res = await asVault.exchange.order({ orders: [limit(1, true, "1100", "0.2")], grouping: "na" });
    expect(statuses(res)[0]).toHaveProperty("resting");
    expect(await h.info.openOrders({ user: vault })).toHaveLength(1);
  });
});

describe("refusals the chain makes, in its words", () => {
  it("createSubAccount without $100,000 of traded volume", async () => {
    const t = h.trader({ fund: 1000 });
    await expect(t.exchange.createSubAccount({ name: "sub" })).rejects.toThrow(
      "Cannot create sub-accounts until enough volume traded. Required: $100000. Traded: $0.",
    );
    await h.devnet.seed({ accounts: [{ address: t.wallet.address, volume: "100000" }] });
    const created = await t.exchange.createSubAccount({ name: "sub" });
    expect(created.response.data).toMatch(/^0x[0-9a-f]{40}$/);
  });

  it("switching cross → isolated with a position open", async () => {
    const t = h.trader({ fund: 10_000 });
    await t.exchange.updateLeverage({ asset: 1, isCross: false, leverage: 5 });
    await t.exchange.updateLeverage({ asset: 1, isCross: true, leverage: 5 });
    await t.exchange.order({ orders: [limit(1, true, String(Math.round(Number((await h.info.allMids({})).ETH) * 1.05)), "0.01", "Ioc")], grouping: "na" });
    await expect(t.exchange.updateLeverage({ asset: 1, isCross: false, leverage: 5 })).rejects.toThrow("Cannot switch leverage type with open position.");
    await t.exchange.updateLeverage({ asset: 1, isCross: true, leverage: 3 });
  });

  it("convertToMultiSigUser naming signers that are not users", async () => {
    const t = h.trader({ fund: 100 });
    const signers = (users: string[], threshold: number) => JSON.stringify({ authorizedUsers: users, threshold });
    const ghost = "0x00000000000000000000000000000000000000a1";
    await expect(t.exchange.convertToMultiSigUser({ signers: signers([ghost], 1) })).rejects.toThrow("Multi-sig authorized user must exist on L1");
    await expect(t.exchange.convertToMultiSigUser({ signers: signers([t.wallet.address.toLowerCase()], 1) })).rejects.toThrow(
      "Cannot register self as multi-sig authorized user",
    );
    await expect(t.exchange.convertToMultiSigUser({ signers: signers([], 0) })).rejects.toThrow("Invalid multi-sig threshold");
    await h.devnet.seed({ accounts: [{ address: ghost, usdc: "1" }] });
    await t.exchange.convertToMultiSigUser({ signers: signers([ghost, ghost], 1) });
    expect(await h.info.userToMultiSigSigners({ user: t.wallet.address })).toEqual({ authorizedUsers: [ghost], threshold: 1 });
  });
});
