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
    const registered = (await deployer.exchange.spotDeploy({ registerToken2: { spec: { name: "TEST0", szDecimals: 2, weiDecimals: 8 }, maxGas: 1e12, fullName: "Test token" } })) as unknown as {
      response: { data: number };
    };
    const token = registered.response.data;
    expect(token).toBe(Math.max(...h.devnet.engine.tokens.filter((t) => t.name !== "TEST0").map((t) => t.index)) + 1);
    await expect(deployer.exchange.spotDeploy({ registerToken2: { spec: { name: "TEST0", szDecimals: 2, weiDecimals: 8 }, maxGas: 1e12 } })).rejects.toThrow(
      "Token name already exists.",
    );
    await deployer.exchange.spotDeploy({
      userGenesis: { token, userAndWei: [[DUMMY, "100000000000000"], [HYPERLIQUIDITY, "100000000000000"]], existingTokenAndWei: [] },
    });
    await deployer.exchange.spotDeploy({ userGenesis: { token, userAndWei: [[deployer.wallet.address, "100000000000000"]], existingTokenAndWei: [] } });
    await expect(deployer.exchange.spotDeploy({ genesis: { token, maxSupply: "1" } })).rejects.toThrow(/does not match the total user genesis 300000000000000/);
    const state = await h.info.spotDeployState({ user: deployer.wallet.address });
    expect(state.states[0]).toMatchObject({ token, spec: { name: "TEST0" }, maxSupply: null, totalGenesisBalanceWei: "300000000000000" });
    await deployer.exchange.spotDeploy({ genesis: { token, maxSupply: "300000000000000", noHyperliquidity: false } });
    const balance = await h.info.spotClearinghouseState({ user: DUMMY });
    expect(balance.balances.find((b) => b.coin === "TEST0")?.total).toBe("1000000.0");
    const pair = (await deployer.exchange.spotDeploy({ registerSpot: { tokens: [token, 0] } })) as unknown as { response: { data: number } };
    const spot = pair.response.data;
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
    const { response } = (await deployer.exchange.spotDeploy({ registerToken2: { spec: { name: "TEST9", szDecimals: 0, weiDecimals: 5 }, maxGas: 1 } })) as unknown as {
      response: { data: number };
    };
    await expect(other.exchange.spotDeploy({ genesis: { token: response.data, maxSupply: "0" } })).rejects.toThrow("Only the deployer can perform this action.");
    await expect(deployer.exchange.spotDeploy({ registerSpot: { tokens: [response.data, 0] } })).rejects.toThrow("Genesis not completed.");
    await expect(deployer.exchange.spotDeploy({ freezeUser: { token: response.data, user: DUMMY, freeze: true } })).rejects.toThrow(/Freeze privilege is not enabled/);
  });
});

describe("staking", () => {
  it("cDeposit → tokenDelegate → undelegate after the lock, with validators registered by CValidatorAction", async () => {
    const validator = h.trader({ fund: 10 });
    const staker = h.trader({ fund: 10 });
    await h.devnet.seed({ accounts: [{ address: validator.wallet.address, staked: "100" }, { address: staker.wallet.address, spot: { HYPE: "20" } }] });
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
      await staker.exchange.tokenDelegate({ validator: validator.wallet.address, wei: 4 * 1e8, isUndelegate: true }, { nonce: Date.now() + h.clock.offset });
    } finally {
      h.clock.offset -= 2 * 86_400_000;
    }
    const history = await h.info.delegatorHistory({ user: staker.wallet.address });
    expect(history.map((e) => Object.keys(e.delta)[0])).toEqual(["delegate", "delegate", "cDeposit"]);
    await expect(staker.exchange.tokenDelegate({ validator: staker.wallet.address, wei: 1, isUndelegate: false })).rejects.toThrow(/Unknown validator/);
  });
});
