/**
 * One or more calls of every Exchange method of the Python SDK 0.24.0, as JSON arguments both
 * sides understand. `vault`: Python signs it with self.vault_address (checked with a vault too);
 * `l1`: an L1 action (checked with expires_after too).
 */
import { ADDR_A, ADDR_B, TIMESTAMP } from "./fixtures.js";

export interface Case {
  method: string;
  args: unknown[];
  vault?: boolean;
  l1?: boolean;
}

const cloid = (n: number): { $cloid: string } => ({ $cloid: `0x${n.toString(16).padStart(32, "0")}` });
const GTC = { limit: { tif: "Gtc" } };
const order = (coin: string, is_buy: boolean, sz: number, limit_px: number, order_type: unknown = GTC, reduce_only = false, c?: unknown) => ({
  coin,
  is_buy,
  sz,
  limit_px,
  order_type,
  reduce_only,
  ...(c ? { cloid: c } : {}),
});
const trading = { vault: true, l1: true };
const l1 = { l1: true };

export const CASES: Case[] = [
  { method: "order", args: ["BTC", true, 0.001, 67000, GTC], ...trading },
  { method: "order", args: ["ETH", false, 1.5, 3500.5, { limit: { tif: "Alo" } }, true, cloid(1), { b: ADDR_B, f: 10 }], ...trading },
  { method: "order", args: ["SOL", true, 2, 150, { trigger: { triggerPx: 149.5, isMarket: true, tpsl: "sl" } }], ...trading },
  { method: "order", args: ["PURR/USDC", true, 100, 0.1234, { limit: { tif: "Ioc" } }], ...trading },
  { method: "order", args: ["@107", false, 1.25, 23.45, GTC, false, cloid(0xabcdef)], ...trading },
  { method: "order", args: ["kPEPE", true, 1000, 0.012345, GTC], ...trading },
  {
    method: "bulk_orders",
    args: [
      [order("BTC", true, 0.01, 60000), order("BTC", false, 0.01, 70000, { trigger: { triggerPx: 70000, isMarket: false, tpsl: "tp" } }, true)],
      null,
      "normalTpsl",
    ],
    ...trading,
  },
  { method: "bulk_orders", args: [[order("ETH", true, 0.1, 3000, GTC, false, cloid(2))], { b: ADDR_A, f: 1 }], ...trading },
  { method: "modify_order", args: [12345, "BTC", true, 0.002, 66000, GTC], ...trading },
  { method: "modify_order", args: [cloid(3), "ETH", false, 0.5, 3600.1, { limit: { tif: "Alo" } }, true, cloid(4)], ...trading },
  {
    method: "bulk_modify_orders_new",
    args: [
      [
        { oid: 1, order: { ...order("SOL", true, 1, 140), cloid: null } },
        { oid: cloid(5), order: order("@107", false, 2, 24) },
      ],
    ],
    ...trading,
  },
  { method: "market_open", args: ["BTC", true, 0.01], ...trading },
  { method: "market_open", args: ["ETH", false, 0.5, null, 0.01], ...trading },
  { method: "market_open", args: ["@107", true, 3], ...trading },
  { method: "market_open", args: ["PURR/USDC", false, 1000, 0.12345, 0.03, cloid(6)], ...trading },
  { method: "market_open", args: ["kPEPE", true, 100, null, 0.05, null, { b: ADDR_B, f: 5 }], ...trading },
  { method: "market_close", args: ["ETH"], ...trading },
  { method: "market_close", args: ["BTC", 0.001, null, 0.02, cloid(7)], ...trading },
  { method: "cancel", args: ["BTC", 42], ...trading },
  { method: "cancel_by_cloid", args: ["ETH", cloid(8)], ...trading },
  {
    method: "bulk_cancel",
    args: [
      [
        { coin: "BTC", oid: 1 },
        { coin: "@107", oid: 2 },
      ],
    ],
    ...trading,
  },
  {
    method: "bulk_cancel_by_cloid",
    args: [
      [
        { coin: "SOL", cloid: cloid(9) },
        { coin: "PURR/USDC", cloid: cloid(10) },
      ],
    ],
    ...trading,
  },
  { method: "schedule_cancel", args: [TIMESTAMP + 60_000], ...trading },
  { method: "schedule_cancel", args: [null], ...trading },
  { method: "update_leverage", args: [10, "BTC"], ...trading },
  { method: "update_leverage", args: [5, "ETH", false], ...trading },
  { method: "update_isolated_margin", args: [12.5, "ETH"], ...trading },
  { method: "update_isolated_margin", args: [-3.25, "SOL"], ...trading },
  { method: "set_referrer", args: ["ABC"], ...l1 },
  { method: "create_sub_account", args: ["sub1"], ...l1 },
  { method: "usd_class_transfer", args: [12.5, true], vault: true },
  { method: "usd_class_transfer", args: [100, false] },
  { method: "send_asset", args: [ADDR_A, "", "spot", "USDC", 1.5], vault: true },
  { method: "sub_account_transfer", args: [ADDR_A, true, 1_000_000], ...l1 },
  { method: "sub_account_spot_transfer", args: [ADDR_A, false, "PURR:0xc1fb593aeffbeb02f85e0308e9956a90", 10.5], ...l1 },
  { method: "vault_usd_transfer", args: [ADDR_A, true, 5_000_000], ...l1 },
  { method: "usd_transfer", args: [10.25, ADDR_A] },
  { method: "spot_transfer", args: [1.5, ADDR_A, "PURR:0xc1fb593aeffbeb02f85e0308e9956a90"] },
  { method: "token_delegate", args: [ADDR_A, 100_000_000, false] },
  { method: "withdraw_from_bridge", args: [5.5, ADDR_A] },
  { method: "approve_agent", args: [] },
  { method: "approve_agent", args: ["bot1"] },
  { method: "approve_builder_fee", args: [ADDR_B, "0.001%"] },
  { method: "convert_to_multi_sig_user", args: [[ADDR_B.toLowerCase(), ADDR_A], 2] },
  {
    method: "multi_sig",
    args: [
      ADDR_B,
      { type: "usdSend", signatureChainId: "0x66eee", hyperliquidChain: "Testnet", destination: ADDR_A, amount: "1", time: TIMESTAMP },
      [{ r: `0x${"1".repeat(64)}`, s: `0x${"2".repeat(64)}`, v: 27 }],
      TIMESTAMP,
    ],
    l1: true,
  },
  {
    method: "multi_sig",
    args: [
      ADDR_B,
      { type: "order", orders: [{ a: 0, b: true, p: "60000", s: "0.01", r: false, t: GTC }], grouping: "na" },
      [{ r: `0x${"3".repeat(64)}`, s: `0x${"4".repeat(64)}`, v: 28 }],
      TIMESTAMP + 5,
    ],
    l1: true,
  },
  { method: "spot_deploy_register_token", args: ["TEST", 2, 8, 1_000_000, "Test token"], ...l1 },
  { method: "spot_deploy_user_genesis", args: [1, [[ADDR_B, "1000"]], [[0, "500"]]], ...l1 },
  { method: "spot_deploy_enable_freeze_privilege", args: [1], ...l1 },
  { method: "spot_deploy_freeze_user", args: [1, ADDR_B, true], ...l1 },
  { method: "spot_deploy_revoke_freeze_privilege", args: [1], ...l1 },
  { method: "spot_deploy_enable_quote_token", args: [1], ...l1 },
  { method: "spot_deploy_token_action_inner", args: ["enableFreezePrivilege", 2], ...l1 },
  { method: "spot_deploy_genesis", args: [1, "1000000", true], ...l1 },
  { method: "spot_deploy_genesis", args: [1, "1000", false], ...l1 },
  { method: "spot_deploy_register_spot", args: [1, 0], ...l1 },
  { method: "spot_deploy_register_hyperliquidity", args: [0, 1.5, 100, 10, 2], ...l1 },
  { method: "spot_deploy_register_hyperliquidity", args: [0, 2, 50.5, 5, null], ...l1 },
  { method: "spot_deploy_set_deployer_trading_fee_share", args: [1, "50%"], ...l1 },
  {
    method: "perp_deploy_register_asset",
    args: ["dex", 1_000_000, "dex:COIN", 2, "10.5", 1, false, { fullName: "Dex", collateralToken: 0, oracleUpdater: ADDR_B }],
    ...l1,
  },
  { method: "perp_deploy_register_asset", args: ["dex", null, "dex:COIN2", 3, "1", 2, true, null], ...l1 },
  { method: "perp_deploy_set_oracle", args: ["dex", { "dex:B": "1.5", "dex:A": "2" }, [{ "dex:B": "1.4", "dex:A": "2.1" }], { "dex:A": "2.05" }], ...l1 },
  { method: "c_signer_unjail_self", args: [], ...l1 },
  { method: "c_signer_jail_self", args: [], ...l1 },
  { method: "c_signer_inner", args: ["unjailSelf"], ...l1 },
  { method: "c_validator_register", args: ["1.2.3.4", "val", "desc", false, 100, ADDR_A, true, 1_000_000_000], ...l1 },
  { method: "c_validator_change_profile", args: [null, "new", null, true, null, 200, null], ...l1 },
  { method: "c_validator_change_profile", args: ["5.6.7.8", "n", "d", false, true, 10, ADDR_A], ...l1 },
  { method: "c_validator_unregister", args: [], ...l1 },
  { method: "use_big_blocks", args: [true], ...l1 },
  { method: "agent_enable_dex_abstraction", args: [], ...trading },
  { method: "agent_set_abstraction", args: ["u"], ...trading },
  { method: "user_dex_abstraction", args: [ADDR_B, true] },
  { method: "user_set_abstraction", args: [ADDR_B, "unifiedAccount"] },
  { method: "noop", args: [TIMESTAMP + 7], ...trading },
  { method: "gossip_priority_bid", args: [0, "1.2.3.4", 1000], ...trading },
];
