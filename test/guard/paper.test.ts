/**
 * Paper mode: a devnet plays the live market; the PaperExchange copies its books from the l2Book
 * stream. A paper order fills exactly as the same order does on the devnet with the same book,
 * nothing is sent, fills and positions are in the store and survive a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePrivateKey } from "viem/accounts";
import { PaperExchange } from "../../devnet/index.js";
import { ExchangeClient, HttpTransport, privateKeyWallet, SubscriptionClient } from "../../src/index.js";
import { parseGuardConfig } from "../../src/guard/config.js";
import { GuardRails } from "../../src/guard/pipeline.js";
import { openGuardStore, type GuardStore } from "../../src/guard/store.js";
import { counting, startGuardSetup, wireOrder, type GuardSetup } from "./setup.js";

let env: GuardSetup;
let subs: SubscriptionClient;
beforeAll(async () => {
  env = await startGuardSetup();
  subs = new SubscriptionClient({ url: env.devnet.wsUrl });
});
afterAll(async () => {
  await subs.close();
  await env.close();
});

type Filled = { filled: { totalSz: string; avgPx: string; oid: number } };

async function paperTrader(store: GuardStore, wallet = privateKeyWallet(generatePrivateKey())) {
  const paper = new PaperExchange({ meta: await env.info.meta(), mids: await env.info.allMids(), store, user: wallet.address, equity: 50_000 });
  const stop = paper.follow(subs, ["BTC", "ETH"]);
  const liveMid = Number((await env.info.allMids()).BTC);
  await expect.poll(() => paper.mid("BTC"), { timeout: 3000, interval: 10 }).toBe(liveMid);
  const guard = new GuardRails({
    mode: "paper",
    config: parseGuardConfig("[risk]\nmax_order_notional = 20000"),
    store,
    account: paper,
    paper,
    network: "local",
    env: {},
  });
  const transport = counting(new HttpTransport({ url: env.devnet.url, retry: { attempts: 1 } }));
  const exchange = new ExchangeClient({ wallet, transport, isMainnet: false, guard });
  return { paper, stop, guard, exchange, transport, wallet };
}

describe("paper mode", () => {
  it("fills like the devnet's engine with the same book, sends nothing, and survives a restart", async () => {
    const path = `${env.dir}/paper.db`;
    const store = openGuardStore(path);
    const t = await paperTrader(store);
    const mid = t.paper.mid("BTC")!;
    // Large enough to take several levels of the maker's ladder.
    const order = wireOrder(0, true, String(Math.round(mid * 1.01)), "0.09", { tif: "Ioc" });
    const paperRes = await t.exchange.order({ orders: [order], grouping: "na" });
    expect(t.transport.exchangeRequests).toBe(0);
    const paperFill = (paperRes.response.data.statuses[0] as Filled).filled;
    expect(store.paperFills().length).toBeGreaterThan(1);

    // The same order on the "live" devnet, same book: the same fill.
    const live = await env.trader({ toml: "" });
    const liveRes = await live.exchange.order({ orders: [order], grouping: "na" });
    const liveFill = (liveRes.response.data.statuses[0] as Filled).filled;
    expect({ totalSz: paperFill.totalSz, avgPx: paperFill.avgPx }).toEqual({ totalSz: liveFill.totalSz, avgPx: liveFill.avgPx });
    expect(t.paper.position("BTC")).toBe(0.09);

    const rows = store.auditRows().filter((r) => r.operation === "order");
    expect(rows.map((r) => [r.mode, r.phase, r.status])).toEqual([
      ["paper", "before", "pending"],
      ["paper", "after", "ok"],
    ]);
    await expect(t.exchange.order({ orders: [wireOrder(0, true, String(Math.round(mid * 0.99)), "1")], grouping: "na" })).rejects.toMatchObject({
      rule: "max_order_notional",
      mode: "paper",
    });
    const before = t.paper.summary();
    const fillsBefore = store.paperFills().length;
    t.stop();
    store.close();

    // Restart: positions, collateral and fees come back from the store.
    const reopened = openGuardStore(path);
    const again = await paperTrader(reopened, t.wallet);
    expect(again.paper.position("BTC")).toBe(0.09);
    expect(again.paper.summary()).toMatchObject({
      usdc: before.usdc,
      fees: before.fees,
      positions: [{ coin: "BTC", size: "0.09", entryPx: before.positions[0]!.entryPx }],
    });
    const close = await again.exchange.order({
      orders: [wireOrder(0, false, String(Math.round(mid * 0.99)), "0.09", { r: true, tif: "Ioc" })],
      grouping: "na",
    });
    expect((close.response.data.statuses[0] as Filled).filled.totalSz).toBe("0.09");
    expect(again.paper.position("BTC")).toBe(0);
    expect(again.paper.summary().positions).toEqual([]);
    expect(reopened.paperFills().length).toBeGreaterThan(fillsBefore);
    expect(Number(again.paper.summary().realizedPnl)).not.toBe(0);
    expect(again.transport.exchangeRequests).toBe(0);
    again.stop();
    reopened.close();
  });

  it("a resting paper order fills when the live book moves through it; cancels work; other actions are refused", async () => {
    const store = openGuardStore(":memory:");
    const t = await paperTrader(store);
    t.stop();
    const mid = t.paper.mid("ETH")!;
    const px = String(Math.round(mid * 0.98));
    const res = await t.exchange.order({ orders: [wireOrder(1, true, px, "0.1")], grouping: "na" });
    expect(res.response.data.statuses[0]).toMatchObject({ resting: { oid: expect.any(Number) } });
    expect(t.paper.openOrders()).toBe(1);
    t.paper.applyBook({ coin: "ETH", levels: [[{ px: String(Math.round(mid * 0.97)), sz: "5" }], [{ px, sz: "5" }]] });
    expect(t.paper.position("ETH")).toBe(0.1);
    const fill = store.paperFills().at(-1)!;
    expect(fill).toMatchObject({ coin: "ETH", side: "B", sz: "0.1" });
    expect(Number(fill.px)).toBe(Number(px));
    const resting = await t.exchange.order({ orders: [wireOrder(1, true, String(Math.round(mid * 0.9)), "0.1")], grouping: "na" });
    const oid = (resting.response.data.statuses[0] as { resting: { oid: number } }).resting.oid;
    expect((await t.exchange.cancel({ cancels: [{ a: 1, o: oid }] })).response.data.statuses).toEqual(["success"]);
    await expect(t.exchange.usdSend({ destination: "0x0000000000000000000000000000000000000001", amount: "1" })).rejects.toMatchObject({
      name: "PaperModeError",
    });
    store.close();
  });

  it("resting paper orders survive a restart with their oids; a cancel after it works; new oids go on from there", async () => {
    const path = `${env.dir}/paper-resting.db`;
    const store = openGuardStore(path);
    const t = await paperTrader(store);
    const mid = t.paper.mid("BTC")!;
    const placed = await t.exchange.order({
      orders: [wireOrder(0, true, String(Math.round(mid * 0.9)), "0.01"), wireOrder(0, false, String(Math.round(mid * 1.1)), "0.02")],
      grouping: "na",
    });
    const oids = placed.response.data.statuses.map((st) => (st as { resting: { oid: number } }).resting.oid);
    t.stop();
    store.close();

    const reopened = openGuardStore(path);
    const again = await paperTrader(reopened, t.wallet);
    expect(again.paper.openOrders()).toBe(2);
    const sells = again.paper.orderStatus({ user: t.wallet.address, oid: oids[1]! });
    expect(sells).toMatchObject({ status: "order", order: { status: "open", order: { oid: oids[1], sz: "0.02", side: "A" } } });
    expect((await again.exchange.cancel({ cancels: [{ a: 0, o: oids[0]! }] })).response.data.statuses).toEqual(["success"]);
    const next = await again.exchange.order({ orders: [wireOrder(0, true, String(Math.round(mid * 0.8)), "0.01")], grouping: "na" });
    expect((next.response.data.statuses[0] as { resting: { oid: number } }).resting.oid).toBeGreaterThan(Math.max(...oids));
    expect(again.transport.exchangeRequests).toBe(0);
    again.stop();
    reopened.close();

    // The cancel and the new order are remembered too: the sell and the new buy come back.
    const third = openGuardStore(path);
    const once = await paperTrader(third, t.wallet);
    expect(once.paper.openOrders()).toBe(2);
    once.stop();
    third.close();
  });

  it("the drawdown rule watches the paper equity: a book moving against a paper position trips the kill switch", async () => {
    const store = openGuardStore(":memory:");
    const wallet = privateKeyWallet(generatePrivateKey());
    const paper = new PaperExchange({ meta: await env.info.meta(), mids: await env.info.allMids(), store, user: wallet.address, equity: 50_000 });
    const guard = new GuardRails({
      mode: "paper",
      config: parseGuardConfig("[risk]\nmax_drawdown = 0.01"),
      store,
      account: paper,
      paper,
      network: "local",
      env: {},
    });
    const mid = Number((await env.info.allMids()).BTC);
    const book = (px: number) => ({
      coin: "BTC",
      levels: [[{ px: String(Math.round(px * 0.999)), sz: "10" }], [{ px: String(Math.round(px * 1.001)), sz: "10" }]],
    });
    paper.applyBook(book(mid));
    const size = (20_000 / mid).toFixed(4);
    const exchange = new ExchangeClient({ wallet, transport: counting(new HttpTransport({ url: env.devnet.url })), isMainnet: false, guard });
    await exchange.order({ orders: [wireOrder(0, true, String(Math.round(mid * 1.01)), size, { tif: "Ioc" })], grouping: "na" });
    expect(paper.position("BTC")).toBe(Number(size));
    paper.applyBook(book(mid * 0.999)); // -0.1% on $20k: $20 of $50k, inside 1%
    await new Promise((r) => setTimeout(r, 10));
    expect(guard.killState.tripped).toBe(false);
    paper.applyBook(book(mid * 0.95)); // -5% on $20k: $1000, 2% of the equity
    await expect.poll(() => guard.killState.tripped, { timeout: 1000, interval: 5 }).toBe(true);
    expect(guard.killState.reason).toMatch(/max_drawdown/);
    store.close();
  });
});
