/**
 * The Python-compatible layers end to end against the devnet: the compat `Exchange` and
 * `Info` with the official Python SDK's method names, pointed at a local URL (so they sign for
 * testnet, as Python would), every Info answer validated strictly against the schema.
 */
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloid, Exchange, type OrderRequest, type PyResponse } from "../../src/compat/exchange.js";
import { Info } from "../../src/compat/info.js";
import { HttpTransport, NonceManager } from "../../src/index.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
let info: Info;
/** One nonce sequence per key across every Exchange built here (a user and its vault share a key). */
const nonces = new NonceManager();

beforeAll(async () => {
  h = await startHarness({ seed: 11 });
  info = new Info({ transport: new HttpTransport({ url: h.devnet.url, retry: { attempts: 1 } }), validation: "strict" });
});
afterAll(() => h.close());

interface Account {
  key: string;
  address: string;
  ex: Exchange;
}

/** A funded account with a compat Exchange on the devnet URL (isMainnet derived from it: testnet). */
function account(fund = 100_000, extra: { vault?: string; accountAddress?: string; key?: string } = {}): Account {
  const key = extra.key ?? generatePrivateKey();
  const address = privateKeyToAccount(key as `0x${string}`).address;
  if (fund > 0) h.devnet.fund(address, fund);
  const ex = new Exchange(key, h.devnet.url, null, extra.vault ?? null, extra.accountAddress ?? null, null, null, null, { nonces });
  return { key, address, ex };
}

type Status = { resting?: { oid: number; cloid?: string }; filled?: { oid: number; totalSz: string; avgPx: string; cloid?: string }; error?: string };
/** The statuses of an ok order / cancel answer (`response.type` is "order" or "cancel", as on the wire). */
function statusesOf(res: PyResponse | undefined, type: "order" | "cancel" = "order"): Status[] {
  expect(res).toMatchObject({ status: "ok", response: { type } });
  return (res as { response: { data: { statuses: Status[] } } }).response.data.statuses;
}
const restingOid = (s: Status | undefined): number => {
  expect(s).toHaveProperty("resting");
  return s!.resting!.oid;
};
const OK_DEFAULT = { status: "ok", response: { type: "default" } };
const mid = async (coin: string): Promise<number> => Number((await info.all_mids())[coin]);
const gtc = { limit: { tif: "Gtc" as const } };
const lower = (a: string): string => a.toLowerCase();

describe("compat Exchange + Info on the devnet", () => {
  it("signs for testnet from a local URL", () => {
    expect(account(0).ex.isMainnet).toBe(false);
    expect(h.devnet.isMainnet).toBe(false);
  });

  it("order (Gtc, resting) → query_order_by_oid → modify_order → cancel", async () => {
    const a = account();
    const px = Math.round((await mid("BTC")) * 0.9);
    const oid = restingOid(statusesOf(await a.ex.order("BTC", true, 0.01, px, gtc))[0]);

    const q = await info.query_order_by_oid(a.address, oid);
    expect(q).toMatchObject({
      status: "order",
      order: {
        status: "open",
        order: { coin: "BTC", side: "B", limitPx: `${px}.0`, sz: "0.01", oid, origSz: "0.01", orderType: "Limit", tif: "Gtc", reduceOnly: false },
      },
    });
    expect(await info.open_orders(a.address)).toEqual([expect.objectContaining({ coin: "BTC", oid, side: "B", limitPx: `${px}.0`, sz: "0.01" })]);

    const px2 = Math.round(px * 1.01);
    const modified = statusesOf(await a.ex.modify_order(oid, "BTC", true, 0.02, px2, gtc));
    const newOid = restingOid(modified[0]);
    const open = await info.frontend_open_orders(a.address);
    expect(open).toEqual([
      expect.objectContaining({ coin: "BTC", oid: newOid, limitPx: `${px2}.0`, sz: "0.02", origSz: "0.02", isTrigger: false, orderType: "Limit", tif: "Gtc" }),
    ]);
    expect(await info.query_order_by_oid(a.address, oid)).toMatchObject({ status: "order", order: { status: "canceled" } });

    expect(statusesOf(await a.ex.cancel("BTC", newOid), "cancel")).toEqual(["success"]);
    expect(await info.open_orders(a.address)).toEqual([]);
    // Canceling again: Python returns the exchange's answer unchanged ({"status":"ok"} with an error status).
    expect(statusesOf(await a.ex.cancel("BTC", newOid), "cancel")).toEqual([{ error: "Order was never placed, already canceled, or filled. asset=0" }]);
    const history = await info.historical_orders(a.address);
    expect(history.map((o) => [o.order.oid, o.status])).toEqual(expect.arrayContaining([[newOid, "canceled"]]));
    // Unknown oid: {"status":"unknownOid"}.
    expect(await info.query_order_by_oid(a.address, 999_999_999)).toEqual({ status: "unknownOid" });
  });

  it("bulk_orders + bulk_cancel", async () => {
    const a = account();
    const btc = Math.round((await mid("BTC")) * 0.9);
    const eth = Math.round((await mid("ETH")) * 0.9);
    const orders: OrderRequest[] = [
      { coin: "BTC", is_buy: true, sz: 0.01, limit_px: btc, order_type: gtc, reduce_only: false },
      { coin: "ETH", is_buy: true, sz: 0.1, limit_px: eth, order_type: gtc, reduce_only: false },
      { coin: "ETH", is_buy: true, sz: 0.1, limit_px: eth - 1, order_type: gtc, reduce_only: false },
    ];
    const oids = statusesOf(await a.ex.bulk_orders(orders)).map(restingOid);
    expect(new Set(oids).size).toBe(3);
    expect((await info.open_orders(a.address)).map((o) => o.oid).sort()).toEqual([...oids].sort());
    const res = await a.ex.bulk_cancel([
      { coin: "BTC", oid: oids[0]! },
      { coin: "ETH", oid: oids[1]! },
      { coin: "ETH", oid: oids[2]! },
    ]);
    expect(statusesOf(res, "cancel")).toEqual(["success", "success", "success"]);
    expect(await info.open_orders(a.address)).toEqual([]);
  });

  it("cancel_by_cloid with a Cloid; query_order_by_cloid", async () => {
    const a = account();
    const cloid = Cloid.from_int(0xc0ffee);
    const px = Math.round((await mid("BTC")) * 0.9);
    const placed = statusesOf(await a.ex.order("BTC", true, 0.01, px, gtc, false, cloid))[0];
    expect(placed).toEqual({ resting: { oid: expect.any(Number), cloid: cloid.to_raw() } });
    expect(await info.query_order_by_cloid(a.address, cloid.to_raw())).toMatchObject({
      status: "order",
      order: { status: "open", order: { cloid: cloid.to_raw(), oid: placed!.resting!.oid } },
    });
    expect(statusesOf(await a.ex.cancel_by_cloid("BTC", cloid), "cancel")).toEqual(["success"]);
    expect(await info.query_order_by_cloid(a.address, cloid.to_raw())).toMatchObject({ status: "order", order: { status: "canceled" } });
    expect(await info.open_orders(a.address)).toEqual([]);
  });

  it("market_open then market_close (default 5% slippage): a position is opened, then flattened", async () => {
    const a = account();
    const opened = statusesOf(await a.ex.market_open("ETH", true, 0.5))[0];
    expect(opened).toMatchObject({ filled: { totalSz: "0.5" } });
    const m = await mid("ETH");
    // The IoC limit is mid·1.05: the fill is at the book, well inside it.
    expect(Number(opened!.filled!.avgPx)).toBeLessThan(m * 1.05);
    let state = await info.user_state(a.address);
    expect(state.assetPositions).toHaveLength(1);
    expect(state.assetPositions[0]).toMatchObject({ type: "oneWay", position: { coin: "ETH", szi: "0.5", leverage: { type: "cross" } } });
    expect(Number(state.marginSummary.totalNtlPos)).toBeGreaterThan(0);

    const closed = statusesOf(await a.ex.market_close("ETH"))[0];
    expect(closed).toMatchObject({ filled: { totalSz: "0.5" } });
    state = await info.user_state(a.address);
    expect(state.assetPositions).toEqual([]);
    expect(Number(state.marginSummary.totalNtlPos)).toBe(0);
    const fills = await info.user_fills(a.address);
    expect(fills.map((f) => [f.coin, f.side, f.dir, f.sz])).toEqual([
      ["ETH", "A", "Close Long", "0.5"],
      ["ETH", "B", "Open Long", "0.5"],
    ]);
    // No position: Python returns None.
    expect(await a.ex.market_close("ETH")).toBeUndefined();
  });

  it("TP/SL trigger orders via order(..., {trigger}) rest as triggers and can be canceled", async () => {
    const a = account();
    statusesOf(await a.ex.market_open("SOL", true, 1));
    const m = await mid("SOL");
    const tpPx = Number((m * 1.2).toFixed(2));
    const slPx = Number((m * 0.8).toFixed(2));
    const tp = restingOid(statusesOf(await a.ex.order("SOL", false, 1, tpPx, { trigger: { triggerPx: tpPx, isMarket: true, tpsl: "tp" } }, true))[0]);
    const sl = restingOid(statusesOf(await a.ex.order("SOL", false, 1, slPx, { trigger: { triggerPx: slPx, isMarket: false, tpsl: "sl" } }, true))[0]);
    const open = await info.frontend_open_orders(a.address);
    const byOid = new Map(open.map((o) => [o.oid, o]));
    expect(byOid.get(tp)).toMatchObject({
      coin: "SOL",
      side: "A",
      isTrigger: true,
      triggerPx: String(tpPx),
      orderType: "Take Profit Market",
      reduceOnly: true,
      triggerCondition: expect.stringMatching(/above/i),
    });
    expect(byOid.get(sl)).toMatchObject({
      coin: "SOL",
      side: "A",
      isTrigger: true,
      triggerPx: String(slPx),
      orderType: "Stop Limit",
      reduceOnly: true,
      triggerCondition: expect.stringMatching(/below/i),
    });
    expect(
      statusesOf(
        await a.ex.bulk_cancel([
          { coin: "SOL", oid: tp },
          { coin: "SOL", oid: sl },
        ]),
        "cancel",
      ),
    ).toEqual(["success", "success"]);
    expect(await info.frontend_open_orders(a.address)).toEqual([]);
  });

  it("update_leverage (isolated) and update_isolated_margin", async () => {
    const a = account();
    expect(await a.ex.update_leverage(5, "SOL", false)).toEqual(OK_DEFAULT);
    statusesOf(await a.ex.market_open("SOL", true, 2));
    let pos = (await info.user_state(a.address)).assetPositions[0]!.position;
    expect(pos.leverage).toMatchObject({ type: "isolated", value: 5 });
    const before = Number(pos.marginUsed);
    expect(await a.ex.update_isolated_margin(10, "SOL")).toEqual(OK_DEFAULT);
    pos = (await info.user_state(a.address)).assetPositions[0]!.position;
    expect(Number(pos.marginUsed)).toBeCloseTo(before + 10, 1);
    expect(await a.ex.update_isolated_margin(-5, "SOL")).toEqual(OK_DEFAULT);
    pos = (await info.user_state(a.address)).assetPositions[0]!.position;
    expect(Number(pos.marginUsed)).toBeCloseTo(before + 5, 1);
    // Beyond the coin's max leverage (SOL: 20x): the exchange's error, returned as Python does.
    expect(await a.ex.update_leverage(50, "SOL")).toEqual({ status: "err", response: "Invalid leverage value. asset=2" });
  });

  it("usd_transfer, usd_class_transfer, spot_transfer, withdraw_from_bridge", async () => {
    const a = account(1000);
    const b = account(0);
    expect(await a.ex.usd_transfer(100, b.address)).toEqual(OK_DEFAULT);
    expect(Number((await info.user_state(b.address)).withdrawable)).toBe(100);
    expect(await a.ex.usd_class_transfer(50.5, false)).toEqual(OK_DEFAULT);
    expect((await info.spot_user_state(a.address)).balances).toEqual([expect.objectContaining({ coin: "USDC", token: 0, total: "50.5" })]);
    const usdc = (await info.spot_meta()).tokens.find((t) => t.name === "USDC")!;
    expect(await a.ex.spot_transfer(20, b.address, `USDC:${usdc.tokenId}`)).toEqual(OK_DEFAULT);
    expect((await info.spot_user_state(b.address)).balances).toEqual([expect.objectContaining({ coin: "USDC", total: "20.0" })]);
    expect(await a.ex.withdraw_from_bridge(10, a.address)).toEqual(OK_DEFAULT);
    // 1000 − 100 − 50.5 − 10 − the $1 withdrawal fee.
    expect(Number((await info.user_state(a.address)).withdrawable)).toBe(838.5);
    const ledger = await info.user_non_funding_ledger_updates(a.address, 0);
    expect(ledger.map((l) => l.delta.type)).toEqual(["deposit", "send", "accountClassTransfer", "spotTransfer", "withdraw"]);
    // More than the balance: {"status":"err"} as Python returns it.
    expect(await b.ex.usd_transfer(1000, a.address)).toMatchObject({ status: "err", response: expect.stringMatching(/Insufficient balance/) });
  });

  it("create_sub_account + sub_account_transfer, then trading with vault_address = the sub-account", async () => {
    const master = account(10_000);
    await h.devnet.seed({ accounts: [{ address: master.address, volume: "100000" }] });
    const created = await master.ex.create_sub_account("compat-sub");
    expect(created).toMatchObject({ status: "ok", response: { type: "createSubAccount", data: expect.stringMatching(/^0x[0-9a-f]{40}$/) } });
    const sub = (created as { response: { data: string } }).response.data;
    expect(await master.ex.sub_account_transfer(sub, true, 1_000_000_000)).toEqual(OK_DEFAULT); // 1000 USDC in micro-USD, as Python
    const subs = await info.query_sub_accounts(master.address);
    expect(subs).toEqual([expect.objectContaining({ name: "compat-sub", subAccountUser: sub, master: lower(master.address) })]);
    expect(Number(subs![0]!.clearinghouseState.withdrawable)).toBe(1000);

    const asSub = account(0, { key: master.key, vault: sub });
    const px = Math.round((await mid("BTC")) * 0.9);
    const oid = restingOid(statusesOf(await asSub.ex.order("BTC", true, 0.01, px, gtc))[0]);
    expect((await info.open_orders(sub)).map((o) => o.oid)).toEqual([oid]);
    expect(await info.open_orders(master.address)).toEqual([]);
    expect(statusesOf(await asSub.ex.cancel("BTC", oid), "cancel")).toEqual(["success"]);
    // market_open / market_close on the sub-account: market_close reads the vault's position.
    statusesOf(await asSub.ex.market_open("ETH", false, 0.2));
    expect((await info.user_state(sub)).assetPositions[0]!.position).toMatchObject({ coin: "ETH", szi: "-0.2" });
    statusesOf(await asSub.ex.market_close("ETH"));
    expect((await info.user_state(sub)).assetPositions).toEqual([]);
    expect(await master.ex.sub_account_transfer(sub, false, 500_000_000)).toEqual(OK_DEFAULT);
    expect(Number((await info.user_state(master.address)).withdrawable)).toBe(9500);
  });

  it("approve_agent returns the new agent key; an Exchange with it and account_address = user trades for the user", async () => {
    const user = account();
    const [res, agentKey] = await user.ex.approve_agent("compat-bot");
    expect(res).toEqual(OK_DEFAULT);
    expect(agentKey).toMatch(/^0x[0-9a-f]{64}$/);
    const agentAddress = privateKeyToAccount(agentKey as `0x${string}`).address;
    expect(await info.extra_agents(user.address)).toEqual([expect.objectContaining({ address: lower(agentAddress), name: "compat-bot" })]);
    expect(await info.user_role(agentAddress)).toEqual({ role: "agent", data: { user: lower(user.address) } });

    const agent = account(0, { key: agentKey, accountAddress: user.address });
    const px = Math.round((await mid("BTC")) * 0.9);
    const oid = restingOid(statusesOf(await agent.ex.order("BTC", true, 0.01, px, gtc))[0]);
    expect((await info.open_orders(user.address)).map((o) => o.oid)).toEqual([oid]);
    statusesOf(await agent.ex.market_open("ETH", true, 0.1));
    // market_close looks up account_address's position (the agent itself has none).
    expect(statusesOf(await agent.ex.market_close("ETH"))[0]).toMatchObject({ filled: { totalSz: "0.1" } });
    expect(statusesOf(await agent.ex.cancel("BTC", oid), "cancel")).toEqual(["success"]);
    // An unnamed agent (Python: signed with agentName "", sent without it).
    const [unnamed] = await user.ex.approve_agent();
    expect(unnamed).toEqual(OK_DEFAULT);
  });

  it("approve_builder_fee, then orders with a builder pay the builder fee", async () => {
    const user = account();
    const builder = account(0);
    expect(await user.ex.approve_builder_fee(builder.address, "0.01%")).toEqual(OK_DEFAULT);
    expect(await info.client.maxBuilderFee({ user: user.address, builder: builder.address })).toBe(10);
    const filled = statusesOf(await user.ex.market_open("ETH", true, 0.5, null, 0.05, null, { b: builder.address, f: 10 }))[0];
    expect(filled).toHaveProperty("filled");
    const [fill] = await info.user_fills(user.address);
    const ntl = Number(fill!.px) * Number(fill!.sz);
    expect(Number(fill!.builderFee)).toBeCloseTo(ntl * 0.0001, 4);
    // Above the approved rate: refused.
    const over = statusesOf(await user.ex.market_open("ETH", true, 0.5, null, 0.05, null, { b: builder.address, f: 20 }));
    expect(over[0]!.error).toMatch(/builder fee/i);
  });

  it("schedule_cancel: too early is refused; a scheduled time cancels every open order", async () => {
    const a = account();
    const px = Math.round((await mid("BTC")) * 0.9);
    restingOid(statusesOf(await a.ex.order("BTC", true, 0.01, px, gtc))[0]);
    expect(await a.ex.schedule_cancel(Date.now() + 1000)).toEqual({
      status: "err",
      response: "Scheduled cancel time too early, must be at least 5 seconds after current time.",
    });
    expect(await a.ex.schedule_cancel(h.devnet.engine.now() + 6000)).toEqual(OK_DEFAULT);
    expect(await a.ex.schedule_cancel(null)).toEqual(OK_DEFAULT); // unset
    expect(await a.ex.schedule_cancel(h.devnet.engine.now() + 6000)).toEqual(OK_DEFAULT);
    h.clock.offset += 7000;
    try {
      expect((await fetch(`${h.devnet.url}/devnet/tick`, { method: "POST", body: "{}" })).ok).toBe(true);
    } finally {
      h.clock.offset -= 7000;
    }
    expect(await info.open_orders(a.address)).toEqual([]);
    expect((await info.historical_orders(a.address))[0]).toMatchObject({ status: "scheduledCancel" });
  });

  it("set_referrer", async () => {
    const a = account();
    expect(await a.ex.set_referrer("COMPAT")).toEqual({ status: "err", response: "Referral code does not exist." });
    const referrer = h.trader();
    await referrer.exchange.registerReferrer({ code: "COMPAT" });
    expect(await a.ex.set_referrer("COMPAT")).toEqual(OK_DEFAULT);
    expect((await info.query_referral_state(a.address)).referredBy).toEqual({ referrer: referrer.wallet.address.toLowerCase(), code: "COMPAT" });
  });

  it("spot order on PURR/USDC (spot USDC from POST /devnet/fund)", async () => {
    const a = account(0);
    const funded = await fetch(`${h.devnet.url}/devnet/fund`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: a.address, spot: { USDC: "1000" } }),
    });
    expect(funded.ok).toBe(true);
    expect((await info.spot_user_state(a.address)).balances).toEqual([expect.objectContaining({ coin: "USDC", total: "1000.0" })]);
    expect(await info.name_to_asset("PURR/USDC")).toBe(10000);
    const opened = statusesOf(await a.ex.market_open("PURR/USDC", true, 100))[0];
    expect(opened).toMatchObject({ filled: { totalSz: "100.0" } });
    const balances = (await info.spot_user_state(a.address)).balances;
    // A spot buy pays its taker fee in the bought token.
    const [fill] = await info.user_fills(a.address);
    expect(fill).toMatchObject({ coin: "PURR/USDC", side: "B", sz: "100.0", feeToken: "PURR", crossed: true });
    expect(Number(balances.find((b) => b.coin === "PURR")!.total)).toBeCloseTo(100 - Number(fill!.fee), 8);
    expect(Number(fill!.fee)).toBeCloseTo(100 * 0.0007, 8);
    expect(Number(balances.find((b) => b.coin === "USDC")!.total)).toBeLessThan(1000);
    const px = Number(((await mid("PURR/USDC")) * 0.8).toPrecision(4));
    const oid = restingOid(statusesOf(await a.ex.order("PURR/USDC", true, 100, px, gtc))[0]);
    expect(await info.open_orders(a.address)).toEqual([expect.objectContaining({ coin: "PURR/USDC", oid })]);
    expect(statusesOf(await a.ex.cancel("PURR/USDC", oid), "cancel")).toEqual(["success"]);
  });
});
