/** spotDeploy end to end (register → genesis → pair → hyperliquidity) and staking on the devnet. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limit, startHarness, statuses, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: 3 });
});
afterAll(() => h.close());

const DUMMY = "0x0000000000000000000000000000000000000001";
const HYPERLIQUIDITY = "0xffffffffffffffffffffffffffffffffffffffff";

describe("spotDeploy", () => {
  it("registerToken2 → userGenesis → genesis → registerSpot → registerHyperliquidity lists a tradable pair", async () => {
    const deployer = h.trader({ fund: 1000 });
    const registered = await deployer.exchange.spotDeploy({
      registerToken2: { spec: { name: "TEST0", szDecimals: 2, weiDecimals: 8 }, maxGas: 1e12, fullName: "Test token" },
    });
    const token = registered.response.data!;
    expect(token).toBe(Math.max(...h.devnet.engine.tokens.filter((t) => t.name !== "TEST0").map((t) => t.index)) + 1);
    await expect(deployer.exchange.spotDeploy({ registerToken2: { spec: { name: "TEST0", szDecimals: 2, weiDecimals: 8 }, maxGas: 1e12 } })).rejects.toThrow(
      "Token name already exists.",
    );
    await deployer.exchange.spotDeploy({
      userGenesis: {
        token,
        userAndWei: [
          [DUMMY, "100000000000000"],
          [HYPERLIQUIDITY, "100000000000000"],
        ],
        existingTokenAndWei: [],
      },
    });
    await deployer.exchange.spotDeploy({ userGenesis: { token, userAndWei: [[deployer.wallet.address, "100000000000000"]], existingTokenAndWei: [] } });
    await expect(deployer.exchange.spotDeploy({ genesis: { token, maxSupply: "1" } })).rejects.toThrow(/does not match the total user genesis 300000000000000/);
    const state = await h.info.spotDeployState({ user: deployer.wallet.address });
    expect(state.states[0]).toMatchObject({ token, spec: { name: "TEST0" }, maxSupply: null, totalGenesisBalanceWei: "300000000000000" });
    await deployer.exchange.spotDeploy({ genesis: { token, maxSupply: "300000000000000", noHyperliquidity: false } });
    const balance = await h.info.spotClearinghouseState({ user: DUMMY });
    expect(balance.balances.find((b) => b.coin === "TEST0")?.total).toBe("1000000.0");
    const pair = await deployer.exchange.spotDeploy({ registerSpot: { tokens: [token, 0] } });
    const spot = pair.response.data!;
    await deployer.exchange.spotDeploy({ registerHyperliquidity: { spot, startPx: "2", orderSz: "4", nOrders: 100 } });
    const meta = await h.info.spotMeta();
    expect(meta.tokens.find((t) => t.index === token)).toMatchObject({ name: "TEST0", fullName: "Test token" });
    expect(meta.universe.find((u) => u.index === spot)).toMatchObject({ name: `@${spot}`, tokens: [token, 0] });
    // The deployer holds 1,000,000 TEST0 and sells some on the new pair.
    const sold = await deployer.exchange.order({ orders: [limit(10000 + spot, false, "1.9", "10", "Ioc")], grouping: "na" });
    expect(statuses(sold)[0]).toHaveProperty("filled");
  });

  it("only the deployer may continue a deploy; steps out of order are refused", async () => {
    const deployer = h.trader({ fund: 10 });
    const other = h.trader({ fund: 10 });
    const { response } = await deployer.exchange.spotDeploy({ registerToken2: { spec: { name: "TEST9", szDecimals: 0, weiDecimals: 5 }, maxGas: 1 } });
    const token = response.data!;
    await expect(other.exchange.spotDeploy({ genesis: { token, maxSupply: "0" } })).rejects.toThrow("Only the deployer can perform this action.");
    await expect(deployer.exchange.spotDeploy({ registerSpot: { tokens: [token, 0] } })).rejects.toThrow("Genesis not completed.");
    await expect(deployer.exchange.spotDeploy({ freezeUser: { token, user: DUMMY, freeze: true } })).rejects.toThrow(/Freeze privilege is not enabled/);
  });
});

describe("coverage: annotations, deployer labels and fees, batch states, long TWAPs", () => {
  it("setTokenAnnotation is served by tokenAnnotation and tokenConciseAnnotations; lengths are checked", async () => {
    const deployer = h.trader({ fund: 10 });
    const token = (await deployer.exchange.spotDeploy({ registerToken2: { spec: { name: "ANNO", szDecimals: 0, weiDecimals: 5 }, maxGas: 1 } })).response.data!;
    expect(await h.info.tokenAnnotation({ token })).toBeNull();
    await deployer.exchange.spotDeploy({
      setTokenAnnotation: { token, category: "meme", description: "A devnet token.", displayName: "Anno", keywords: ["cat"] },
    });
    expect(await h.info.tokenAnnotation({ token })).toEqual({ category: "meme", description: "A devnet token.", displayName: "Anno", keywords: ["cat"] });
    expect(await h.info.tokenConciseAnnotations()).toEqual([[token, { category: "meme", displayName: "Anno", keywords: ["cat"] }]]);
    await expect(
      deployer.exchange.spotDeploy({ setTokenAnnotation: { token, category: "a-category-too-long", description: "", displayName: null, keywords: [] } }),
    ).rejects.toThrow(/at most 15 characters/);
    await expect(
      h.trader({ fund: 10 }).exchange.spotDeploy({ setTokenAnnotation: { token, category: "x", description: "", displayName: null, keywords: [] } }),
    ).rejects.toThrow("Only the deployer can perform this action.");
    await deployer.exchange.spotDeploy({ setDeployerLabel: "anno" });
    expect(h.devnet.engine.deployerLabels.get(deployer.wallet.address.toLowerCase())).toBe("anno");
  });

  it("perpDeploy setDeployerFees records per-coin scales and refuses a scale over 3 outside growth mode", async () => {
    const owner = h.trader({ fund: 10 });
    await h.devnet.seed({ dexes: [{ name: "fee", deployer: owner.wallet.address, assets: [{ coin: "A", szDecimals: 1, maxLeverage: 5, px: "10" }] }] });
    await owner.exchange.perpDeploy({ setDeployerFees: [["fee:A", { scale: "2.5", growthMode: false }]] });
    expect(h.devnet.engine.dex("fee")?.deployerFees.get("fee:A")).toEqual({ scale: "2.5", growthMode: false });
    await expect(owner.exchange.perpDeploy({ setDeployerFees: [["fee:A", { scale: "4", growthMode: false }]] })).rejects.toThrow(/at most 3/);
    await owner.exchange.perpDeploy({ setDeployerFees: [["fee:A", { scale: "9", growthMode: true }]] });
  });

  it("batchClearinghouseStates answers one state per user in order, null for unknown users", async () => {
    const a = h.trader({ fund: 123 });
    const unknown = "0x00000000000000000000000000000000000000c3";
    const states = await h.info.batchClearinghouseStates({ users: [a.wallet.address, unknown] });
    expect(states).toHaveLength(2);
    expect(states[0]?.withdrawable).toBe("123.0");
    expect(states[1]).toBeNull();
  });

  it("twapOrder accepts durations up to 10080 minutes (7 days) and refuses longer", async () => {
    const t = h.trader({ fund: 10_000 });
    const week = await t.exchange.twapOrder({ twap: { a: 0, b: true, s: "0.01", r: false, m: 10080, t: false } });
    expect(week.response.data.status).toHaveProperty("running");
    const raw = await fetch(`${h.devnet.url}/info`, { method: "POST", body: JSON.stringify({ type: "twapHistory", user: t.wallet.address }) });
    expect(((await raw.json()) as { state: { minutes: number } }[])[0]?.state.minutes).toBe(10080);
  });
});

describe("staking", () => {
  it("cDeposit → tokenDelegate → undelegate after the lock, with validators registered by CValidatorAction", async () => {
    const validator = h.trader({ fund: 10 });
    const staker = h.trader({ fund: 10 });
    await h.devnet.seed({
      accounts: [
        { address: validator.wallet.address, staked: "100" },
        { address: staker.wallet.address, spot: { HYPE: "20" } },
      ],
    });
    await validator.exchange.cValidatorAction({
      register: {
        profile: {
          node_ip: { Ip: "1.2.3.4" },
          name: "v1",
          description: "devnet",
          delegations_disabled: false,
          commission_bps: 5,
          signer: "0x0000000000000000000000000000000000000001",
        },
        unjailed: false,
        initial_wei: 100 * 1e8,
      },
    });
    await staker.exchange.cDeposit({ wei: 10 * 1e8 });
    await expect(staker.exchange.tokenDelegate({ validator: validator.wallet.address, wei: 11 * 1e8, isUndelegate: false })).rejects.toThrow(
      "Insufficient staking balance to delegate.",
    );
    await staker.exchange.tokenDelegate({ validator: validator.wallet.address, wei: 4 * 1e8, isUndelegate: false });
    expect(await h.info.delegatorSummary({ user: staker.wallet.address })).toMatchObject({ delegated: "4.0", undelegated: "6.0" });
    await expect(staker.exchange.tokenDelegate({ validator: validator.wallet.address, wei: 4 * 1e8, isUndelegate: true })).rejects.toThrow(/locked/);
    h.clock.offset += 2 * 86_400_000;
    try {
      await staker.exchange.tokenDelegate({ validator: validator.wallet.address, wei: 4 * 1e8, isUndelegate: true }, { nonce: h.devnet.engine.now() });
    } finally {
      h.clock.offset -= 2 * 86_400_000;
    }
    const history = await h.info.delegatorHistory({ user: staker.wallet.address });
    expect(history.map((e) => Object.keys(e.delta)[0])).toEqual(["delegate", "delegate", "cDeposit"]);
    await expect(staker.exchange.tokenDelegate({ validator: staker.wallet.address, wei: 1, isUndelegate: false })).rejects.toThrow(/Unknown validator/);
  });
});
