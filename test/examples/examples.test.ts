/**
 * examples/: every official Python SDK example has a port and a runner entry, and the helpers
 * the examples use to decide "the exchange refused this" do so. The examples themselves run
 * against devnets in `npm run examples` (CI).
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExchangeRefusedError, ok, refusedOrder, restingOid } from "../../examples/_config.js";
import { EXAMPLES } from "../../scripts/examples-list.js";

/** examples/ of hyperliquid-dex/hyperliquid-python-sdk (0.24), minus the two without an offline equivalent. */
const OFFICIAL = [
  "basic_adding",
  "basic_agent",
  "basic_builder_fee",
  "basic_convert_to_multi_sig_user",
  "basic_evm_use_big_blocks",
  "basic_leverage_adjustment",
  "basic_market_order",
  "basic_order",
  "basic_order_modify",
  "basic_order_with_builder_deployed_dex",
  "basic_order_with_cloid",
  "basic_recover_user",
  "basic_schedule_cancel",
  "basic_send_asset",
  "basic_set_referrer",
  "basic_spot_order",
  "basic_spot_to_builder_deployed_perp_dex",
  "basic_spot_to_perp",
  "basic_spot_transfer",
  "basic_staking",
  "basic_sub_account",
  "basic_tpsl",
  "basic_transfer",
  "basic_vault",
  "basic_vault_transfer",
  "basic_withdraw",
  "basic_ws",
  "c_signer",
  "c_validator",
  "cancel_open_orders",
  "dex_abstraction",
  "multi_sig_convert_to_normal_user",
  "multi_sig_order",
  "multi_sig_register_token",
  "multi_sig_usd_send",
  "perp_deploy",
  "priority_fees",
  "rounding",
  "spot_deploy",
  "user_abstraction",
  "parse_token_delegate_from_replica_cmds",
];

describe("examples/", () => {
  it.each(OFFICIAL)("%s is ported and run by npm run examples", (name) => {
    expect(existsSync(`examples/${name}.ts`)).toBe(true);
    expect(EXAMPLES.some((e) => e.name === name)).toBe(true);
  });

  it("every runner entry names a file that exists, and labels are unique", () => {
    for (const e of EXAMPLES) expect(existsSync(e.file ?? `examples/${e.name}.ts`), e.name).toBe(true);
    const labels = EXAMPLES.map((e) => e.label ?? e.name);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("ok() passes an accepted answer and throws on a refusal, whole or per order", () => {
    const accepted = { status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 7 } }] } } };
    expect(ok("order", accepted)).toBe(accepted);
    expect(restingOid(accepted)).toBe(7);
    expect(() => ok("order", { status: "err", response: "Insufficient margin to place order." })).toThrow(ExchangeRefusedError);
    const oneRefused = { status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 1 } }, { error: "Order has invalid size." }] } } };
    expect(() => ok("order", oneRefused)).toThrow(/Order has invalid size/);
    expect(() => ok("market close", undefined)).toThrow(ExchangeRefusedError);
  });

  it("refusedOrder() accepts only an action whose every order was refused", () => {
    const refused = { status: "ok", response: { type: "order", data: { statuses: [{ error: "Order could not immediately match." }] } } };
    expect(refusedOrder("ioc", refused)).toEqual(["Order could not immediately match."]);
    expect(() => refusedOrder("ioc", { status: "ok", response: { type: "order", data: { statuses: [{ filled: { oid: 1 } }] } } })).toThrow();
    expect(() => refusedOrder("ioc", { status: "err", response: "User or API Wallet 0x… does not exist." })).toThrow(/whole action/);
  });
});
