/** The Python-SDK-compatible Info, replaying recorded cassettes (the same calls the Python tests made). */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Info } from "../../src/compat/info.js";
import { ValidationError } from "../../src/errors/base.js";
import { ReplayTransport } from "../../src/transport/cassette.js";
import { sharedDir, skipShared } from "../helpers/shared.js";
import type { Transport } from "../../src/transport/types.js";
import { marketFixtures } from "../fixtures/info/market.js";
import { userFixtures } from "../fixtures/info/user.js";

const info = (file: string): Info => new Info({ transport: new ReplayTransport(join(sharedDir, "conformance/recorded-info", file)), validation: "strict" });

describe.skipIf(skipShared)("compat Info (python method names)", () => {
  it("user_state", async () => {
    const s = await info("get_user_state.json").user_state("0x5e9ee1089755c3435139848e47e6635505d5a13a");
    expect(s.assetPositions.length).toBe(12);
  });
  it("open_orders / frontend_open_orders", async () => {
    expect((await info("get_open_orders.json").open_orders("0x5e9ee1089755c3435139848e47e6635505d5a13a")).length).toBe(196);
    expect((await info("get_frontend_open_orders.json").frontend_open_orders("0xCB331197E84f135AB9Ed6FB51Cd9757c0bd29d0D")).length).toBe(3);
  });
  it("all_mids, l2_snapshot, candles_snapshot", async () => {
    expect((await info("get_all_mids.json").all_mids()).BTC).toBe("30135.0");
    expect((await info("get_l2_snapshot.json").l2_snapshot("DYDX")).levels).toHaveLength(2);
    expect(await info("get_candles_snapshot.json").candles_snapshot("kPEPE", "1h", 1684702007000, 1684784807000)).toHaveLength(24);
  });
  it("fills, funding, ledger, role, rate limit", async () => {
    expect(await info("get_user_fills.json").user_fills("0xb7b6f3cea3f66bf525f5d8f965f6dbf6d9b017b2")).toHaveLength(500);
    expect(
      await info("get_user_fills_by_time.json").user_fills_by_time("0xb7b6f3cea3f66bf525f5d8f965f6dbf6d9b017b2", 1683245555699, 1683245884863),
    ).toHaveLength(500);
    expect(await info("get_funding_history-None.json").funding_history("BTC", 1681923833000)).toHaveLength(1038);
    expect(
      await info("user_funding_history_with_end_time.json").user_funding_history("0xb7b6f3cea3f66bf525f5d8f965f6dbf6d9b017b2", 1681923833000, 1682010233000),
    ).toHaveLength(13);
    expect(
      await info("user_non_funding_ledger_updates_with_end_time.json").user_non_funding_ledger_updates(
        "0x2ba553d9f990a3b66b03b2dc0d030dfc1c061036",
        1681923833000,
        1682010233000,
      ),
    ).toEqual([]);
    expect((await info("user_role.json").user_role("0x31ca8395cf837de08b24da3f660e77761dfb974b")).role).toBe("vault");
    expect((await info("user_rate_limit.json").user_rate_limit("0x31ca8395cf837de08b24da3f660e77761dfb974b")).nRequestsCap).toBeGreaterThan(0);
  });
  it("name_to_asset from meta", async () => {
    // As Python's test: Info(skip_ws=True, spot_meta=TEST_SPOT_META) fetches meta only.
    const i = new Info(
      { transport: new ReplayTransport(join(sharedDir, "conformance/recorded-info", "get_l2_snapshot.json")), validation: "strict" },
      undefined,
      { spot_meta: { universe: [], tokens: [] } },
    );
    expect(await i.name_to_asset("BTC")).toBe(0);
    expect(await i.name_to_asset("ETH")).toBe(1);
    await expect(i.name_to_asset("NOPE")).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("compat Info: methods without a cassette (fixtures)", () => {
  const fixtures = [...marketFixtures, ...userFixtures];
  const responseOf = (type: string): unknown => fixtures.find((f) => f.type === type)!.response;
  const fake = (type: string): Transport & { bodies: unknown[] } => {
    const bodies: unknown[] = [];
    return { bodies, request: async (_e, body) => (bodies.push(body), structuredClone(responseOf(type))) };
  };
  const U = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
  // [python method, args, wire body]: argument order as in hyperliquid-python-sdk's info.py.
  const cases: [keyof Info, unknown[], Record<string, unknown>][] = [
    ["perp_dexs", [], { type: "perpDexs" }],
    ["spot_meta_and_asset_ctxs", [], { type: "spotMetaAndAssetCtxs" }],
    ["user_fees", [U], { type: "userFees", user: U }],
    ["user_staking_summary", [U], { type: "delegatorSummary", user: U }],
    ["user_staking_delegations", [U], { type: "delegations", user: U }],
    ["user_staking_rewards", [U], { type: "delegatorRewards", user: U }],
    ["delegator_history", [U], { type: "delegatorHistory", user: U }],
    ["query_referral_state", [U], { type: "referral", user: U }],
    ["query_sub_accounts", [U], { type: "subAccounts", user: U }],
    ["query_user_to_multi_sig_signers", [U], { type: "userToMultiSigSigners", user: U }],
    ["query_perp_deploy_auction_status", [], { type: "perpDeployAuctionStatus" }],
    ["query_spot_deploy_auction_status", [U], { type: "spotDeployState", user: U }],
    ["query_user_dex_abstraction_state", [U], { type: "userDexAbstraction", user: U }],
    ["query_user_abstraction_state", [U], { type: "userAbstraction", user: U }],
    ["portfolio", [U], { type: "portfolio", user: U }],
    ["user_vault_equities", [U], { type: "userVaultEquities", user: U }],
  ];

  it.each(cases)("%s", async (method, args, body) => {
    const t = fake(body.type as string);
    const res = await (new Info({ transport: t, validation: "strict" })[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    expect(t.bodies).toEqual([body]);
    expect(res).toEqual(responseOf(body.type as string));
  });

  it("refuses a malformed address before sending", async () => {
    const t = fake("userFees");
    await expect(new Info({ transport: t, validation: "strict" }).user_fees("0x1234")).rejects.toBeInstanceOf(ValidationError);
    expect(t.bodies).toEqual([]);
  });
});
