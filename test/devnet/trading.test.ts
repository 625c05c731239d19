/** The SDK end to end against the devnet: orders, fills, triggers, modify, cancel, TWAP. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limit, oidOf, startHarness, statuses, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: 3 });
});
afterAll(() => h.close());

const BTC = 0;
const ETH = 1;
const mid = async (coin: string) => Number((await h.info.allMids({}))[coin]);
/**
 * Moves the devnet clock just past its own next funding time (read from predictedFundings),
 * ticks, and moves it back; returns that funding time. "now + 1 h" is not enough: an earlier
 * clock jump, or the once-a-second tick near an hour boundary, may already have advanced it.
 */
const payNextFunding = async () => {
  const venues = (await h.info.predictedFundings({})).find(([coin]) => coin === "BTC")?.[1] ?? [];
  const next = venues.find(([venue]) => venue === "HlPerp")?.[1]?.nextFundingTime;
  if (next === undefined) throw new Error("predictedFundings has no HlPerp entry for BTC");
  const shift = next - h.devnet.engine.now() + 1000;
  h.clock.offset += shift;
  try {
    await fetch(`${h.devnet.url}/devnet/tick`, { method: "POST", body: "{}" });
  } finally {
    h.clock.offset -= shift;
  }
  return next;
};
const px = (x: number) => String(Math.round(x));
/** A canonical decimal with at most `d` decimals. */
const dp = (x: number, d: number) => String(Number(x.toFixed(d)));
/** How the API prints a number: whole numbers with ".0". */
const api = (s: string) => (s.includes(".") ? s : `${s}.0`);

describe("devnet trading", () => {
  it("rests, modifies and cancels an order; history and status follow", async () => {
    const { wallet, exchange } = h.trader();
    const m = await mid("BTC");
    const placed = statuses(await exchange.order({ orders: [limit(BTC, true, px(m * 0.9), "0.01")], grouping: "na" }));
    const oid = oidOf(placed[0]);
    expect(placed[0]).toEqual({ resting: { oid } });
    expect((await h.info.openOrders({ user: wallet.address })).map((o) => o.oid)).toEqual([oid]);

    await exchange.modify({ oid, order: limit(BTC, true, px(m * 0.91), "0.02") });
    const open = await h.info.openOrders({ user: wallet.address });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ limitPx: api(px(m * 0.91)), sz: "0.02" });
    expect(await h.info.orderStatus({ user: wallet.address, oid })).toMatchObject({ status: "order", order: { status: "canceled" } });

    const cancel = await exchange.cancel({ cancels: [{ a: BTC, o: open[0]!.oid }] });
    expect(statuses(cancel)).toEqual(["success"]);
    expect(await h.info.openOrders({ user: wallet.address })).toEqual([]);
    const again = await exchange.cancel({ cancels: [{ a: BTC, o: open[0]!.oid }] });
    expect(statuses(again)[0]).toEqual({ error: `Order was never placed, already canceled, or filled. asset=${BTC}` });
    const history = await h.info.historicalOrders({ user: wallet.address });
    expect(history.map((x) => x.status)).toContain("canceled");
  });

  it("matches a taker against a user maker: fills, positions and fees on both sides", async () => {
    const maker = h.trader();
    const taker = h.trader();
    const book = await h.info.l2Book({ coin: "ETH" });
    const bestBid = Number(book.levels[0][0]!.px);
    const makerPx = dp(bestBid + 0.1, 1);
    const rest = statuses(await maker.exchange.order({ orders: [limit(ETH, true, makerPx, "1", "Alo")], grouping: "na" }));
    expect(rest[0]).toHaveProperty("resting");
    const fill = statuses(await taker.exchange.order({ orders: [limit(ETH, false, makerPx, "1", "Ioc")], grouping: "na" }));
    expect(fill[0]).toMatchObject({ filled: { totalSz: "1.0", avgPx: api(makerPx) } });
    const [makerFill] = await h.info.userFills({ user: maker.wallet.address });
    const [takerFill] = await h.info.userFills({ user: taker.wallet.address });
    expect(makerFill).toMatchObject({ coin: "ETH", side: "B", dir: "Open Long", crossed: false, sz: "1.0" });
    expect(takerFill).toMatchObject({ coin: "ETH", side: "A", dir: "Open Short", crossed: true, sz: "1.0" });
    expect(Number(takerFill!.fee)).toBeGreaterThan(Number(makerFill!.fee));
    const state = await h.info.clearinghouseState({ user: taker.wallet.address });
    expect(state.assetPositions[0]?.position).toMatchObject({ coin: "ETH", szi: "-1.0" });
  });

  it("post-only orders that would cross are rejected with the bbo; IOC without liquidity fails", async () => {
    const { exchange } = h.trader();
    const m = await mid("BTC");
    const alo = statuses(await exchange.order({ orders: [limit(BTC, true, px(m * 1.01), "0.01", "Alo")], grouping: "na" }));
    expect((alo[0] as { error: string }).error).toMatch(/^Post only order would have immediately matched, bbo was \d+\.\d+@\d+\.\d+\. asset=0$/);
    const ioc = statuses(await exchange.order({ orders: [limit(BTC, true, px(m * 0.5), "0.01", "Ioc")], grouping: "na" }));
    expect(ioc[0]).toEqual({ error: "Order could not immediately match against any resting orders. asset=0" });
  });

  it("refuses bad ticks, sizes, tiny orders and missing margin", async () => {
    const { exchange } = h.trader({ fund: 50 });
    const bad = statuses(
      await exchange.order({
        orders: [
          limit(BTC, true, "90000.5", "0.01"),
          limit(BTC, true, "90000", "0.000001"),
          limit(BTC, true, "90000", "0.0001"),
          limit(BTC, true, "90000", "0.5"),
        ],
        grouping: "na",
      }),
    );
    expect(bad).toEqual([
      { error: "Price must be divisible by tick size. asset=0" },
      { error: "Order has invalid size. asset=0" },
      { error: "Order must have minimum value of $10. asset=0" },
      { error: "Insufficient margin to place order. asset=0" },
    ]);
  });

  it("market open and reduce-only close realise PnL and flatten the position", async () => {
    const { wallet, exchange } = h.trader();
    const m = await mid("BTC");
    const open = statuses(await exchange.order({ orders: [limit(BTC, true, px(m * 1.05), "0.1", "Ioc")], grouping: "na" }));
    expect(open[0]).toHaveProperty("filled");
    const close = statuses(await exchange.order({ orders: [{ ...limit(BTC, false, px(m * 0.95), "0.2", "Ioc"), r: true }], grouping: "na" }));
    expect((close[0] as { filled: { totalSz: string } }).filled.totalSz).toBe("0.1");
    const state = await h.info.clearinghouseState({ user: wallet.address });
    expect(state.assetPositions).toEqual([]);
    const fills = await h.info.userFills({ user: wallet.address });
    expect(fills.some((f) => f.dir === "Close Long" && f.closedPnl !== "0")).toBe(true);
    const ro = statuses(await exchange.order({ orders: [{ ...limit(BTC, false, px(m * 0.95), "0.1", "Ioc"), r: true }], grouping: "na" }));
    expect(ro[0]).toEqual({ error: "Reduce only order would increase position. asset=0" });
  });

  it("take-profit and stop-loss triggers fire on the mark; normalTpsl children wait for the parent", async () => {
    const { wallet, exchange } = h.trader();
    const m = await mid("ETH");
    await exchange.order({ orders: [limit(ETH, true, dp(m * 1.05, 1), "1", "Ioc")], grouping: "na" });
    const trig = (tpsl: "tp" | "sl", triggerPx: string) => ({
      a: ETH,
      b: false,
      p: dp(m * 0.9, 1),
      s: "1",
      r: true,
      t: { trigger: { isMarket: true, triggerPx, tpsl } },
    });
    // A stop far below the mark waits; a take-profit below the mark fires at once.
    const sl = statuses(await exchange.order({ orders: [trig("sl", dp(m * 0.5, 1))], grouping: "na" }));
    expect(sl[0]).toHaveProperty("resting");
    const front = await h.info.frontendOpenOrders({ user: wallet.address });
    expect(front[0]).toMatchObject({ isTrigger: true, orderType: "Stop Market", reduceOnly: true });
    await exchange.order({ orders: [trig("tp", dp(m * 0.8, 1))], grouping: "na" });
    const state = await h.info.clearinghouseState({ user: wallet.address });
    expect(state.assetPositions).toEqual([]);
    expect((await h.info.historicalOrders({ user: wallet.address })).map((x) => x.status)).toContain("triggered");

    const group = statuses(
      await exchange.order({ orders: [limit(ETH, true, dp(m * 0.8, 1), "1"), trig("tp", dp(m * 1.2, 1)), trig("sl", dp(m * 0.7, 1))], grouping: "normalTpsl" }),
    );
    expect(group.slice(1)).toEqual(["waitingForFill", "waitingForFill"]);
  });

  it("batchModify, cancelByCloid and scheduleCancel", async () => {
    const { wallet, exchange } = h.trader();
    const m = await mid("SOL");
    const cloid = `0x${"ab".repeat(16)}`;
    const placed = statuses(
      await exchange.order({ orders: [limit(2, true, dp(m * 0.9, 2), "1", "Gtc", { c: cloid }), limit(2, true, dp(m * 0.8, 2), "1")], grouping: "na" }),
    );
    expect(placed[0]).toEqual({ resting: { oid: oidOf(placed[0]), cloid } });
    const modified = statuses(await exchange.batchModify({ modifies: [{ oid: oidOf(placed[1]), order: limit(2, true, dp(m * 0.85, 2), "2") }] }));
    expect(modified[0]).toHaveProperty("resting");
    expect(statuses(await exchange.cancelByCloid({ cancels: [{ asset: 2, cloid }] }))).toEqual(["success"]);
    await expect(exchange.scheduleCancel({ time: h.devnet.engine.now() + 1000 })).rejects.toThrow(/too early/);
    await exchange.scheduleCancel({ time: h.devnet.engine.now() + 10_000 }, { nonce: h.devnet.engine.now() });
    h.clock.offset += 11_000;
    await fetch(`${h.devnet.url}/devnet/tick`, { method: "POST", body: "{}" });
    h.clock.offset -= 11_000;
    expect(await h.info.openOrders({ user: wallet.address })).toEqual([]);
    expect((await h.info.historicalOrders({ user: wallet.address }))[0]?.status).toBe("scheduledCancel");
  });

  it("TWAP slices fill with their twapId; twapCancel stops it", async () => {
    const { wallet, exchange } = h.trader();
    const res = (await exchange.twapOrder({ twap: { a: BTC, b: true, s: "0.1", r: false, m: 5, t: false } })) as {
      response: { data: { status: { running: { twapId: number } } } };
    };
    const twapId = res.response.data.status.running.twapId;
    const fills = await h.info.userTwapSliceFills({ user: wallet.address });
    expect(fills[0]).toMatchObject({ twapId, fill: { coin: "BTC", twapId } });
    const cancel = (await exchange.twapCancel({ a: BTC, t: twapId })) as { response: { data: { status: unknown } } };
    expect(cancel.response.data.status).toBe("success");
  });

  it("aggregates l2Book levels to nSigFigs (bids down, asks up) without losing size", async () => {
    const full = await h.info.l2Book({ coin: "BTC" });
    const agg = await h.info.l2Book({ coin: "BTC", nSigFigs: 3 });
    const total = (levels: { sz: string }[]) => levels.reduce((s, l) => s + Number(l.sz), 0);
    for (const side of [0, 1] as const) {
      for (const l of agg.levels[side]) expect(Number(l.px)).toBe(Number(Number(l.px).toPrecision(3)));
      expect(total(agg.levels[side])).toBeCloseTo(total(full.levels[side]), 8);
    }
    expect(Number(agg.levels[0][0]!.px)).toBeLessThanOrEqual(Number(full.levels[0][0]!.px));
    expect(Number(agg.levels[1][0]!.px)).toBeGreaterThanOrEqual(Number(full.levels[1][0]!.px));
    const five = await h.info.l2Book({ coin: "BTC", nSigFigs: 5, mantissa: 5 });
    for (const l of five.levels[0]) expect(Number(l.px) % 5).toBe(0);
  });

  it("pays funding on the hour, and again on the next one", async () => {
    const { wallet, exchange } = h.trader();
    const m = await mid("BTC");
    const filled = statuses(await exchange.order({ orders: [limit(BTC, true, px(m * 1.05), "0.05", "Ioc")], grouping: "na" }));
    expect(filled[0]).toMatchObject({ filled: { totalSz: "0.05" } });
    const first = await payNextFunding();
    const second = await payNextFunding();
    expect(second - first).toBe(3_600_000);
    const funding = await h.info.userFunding({ user: wallet.address, startTime: 0 });
    // At least two: real time crossing an hour boundary mid-test would add one more.
    expect(funding.length).toBeGreaterThanOrEqual(2);
    for (const f of funding) expect(f.delta).toMatchObject({ type: "funding", coin: "BTC", szi: "0.05" });
    const history = await h.info.fundingHistory({ coin: "BTC", startTime: 0 });
    expect(history.length).toBeGreaterThan(1);
  });
});
