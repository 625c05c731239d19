/** WebSocket streams from the devnet through the SDK's SubscriptionClient (strict validation) and WS post. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeClient, SubscriptionClient, WebSocketTransport, InfoClient } from "../../src/index.js";
import { WebSocketManager } from "../../src/transport/ws/index.js";
import { waitFor } from "../ws/server.js";
import { limit, startHarness, statuses, type Harness } from "./harness.js";

let h: Harness;
let subs: SubscriptionClient;
const errors: unknown[] = [];
beforeAll(async () => {
  h = await startHarness({ seed: 9 });
  subs = new SubscriptionClient({ url: h.devnet.wsUrl, validation: "strict", reconnect: { baseMs: 10, capMs: 50 } });
  subs.manager.on("error", (e) => errors.push(e));
});
afterAll(async () => {
  await subs.close();
  await h.close();
});

const mid = async (coin: string) => Number((await h.info.allMids({}))[coin]);

function collect<T>(type: string, params: Record<string, unknown>): { messages: T[]; stop(): void } {
  const messages: T[] = [];
  const handle = subs.listen(type as "trades", params as never, (m) => messages.push(m as T));
  return { messages, stop: () => handle.unsubscribe() };
}

describe("devnet streams", () => {
  it("pushes book, trades, bbo, mids, candles and every user channel as orders trade", async () => {
    const maker = h.trader();
    const taker = h.trader();
    const user = maker.wallet.address;
    const market = ["l2Book", "trades", "bbo", "activeAssetCtx"].map((t) => [t, collect<unknown>(t, { coin: "BTC" })] as const);
    const mids = collect<unknown>("allMids", {});
    const candle = collect<unknown>("candle", { coin: "BTC", interval: "1m" });
    const userStreams = [
      "userFills",
      "orderUpdates",
      "userEvents",
      "clearinghouseState",
      "openOrders",
      "webData2",
      "webData3",
      "userNonFundingLedgerUpdates",
      "spotState",
      "userFundings",
      "userHistoricalOrders",
    ].map((t) => [t, collect<unknown>(t, { user })] as const);
    const active = collect<unknown>("activeAssetData", { user, coin: "BTC" });
    await waitFor(() => market[0]![1].messages.length > 0 && (Object.fromEntries(userStreams).userFills?.messages.length ?? 0) > 0, 3000, "snapshots");

    const book = await h.info.l2Book({ coin: "BTC" });
    const makerPx = String(Number(book.levels[0][0]!.px) + 1);
    statuses(await maker.exchange.order({ orders: [limit(0, true, makerPx, "0.01", "Alo")], grouping: "na" }));
    await taker.exchange.order({ orders: [limit(0, false, makerPx, "0.01", "Ioc")], grouping: "na" });

    const by = Object.fromEntries(userStreams);
    await waitFor(() => (by.userFills!.messages as { fills: unknown[] }[]).some((m) => m.fills.length > 0), 3000, "userFills");
    await waitFor(() => market[1]![1].messages.length > 0 && candle.messages.length > 0, 3000, "trades + candle");
    await waitFor(() => by.orderUpdates!.messages.length >= 2 && by.userEvents!.messages.length >= 1, 3000, "orderUpdates + userEvents");
    await waitFor(
      () =>
        (by.clearinghouseState!.messages as { clearinghouseState: { assetPositions: unknown[] } }[]).some(
          (m) => m.clearinghouseState.assetPositions.length === 1,
        ),
      3000,
      "clearinghouseState",
    );

    const fillsMsgs = by.userFills!.messages as { isSnapshot?: boolean; fills: { px: string }[] }[];
    expect(fillsMsgs[0]?.isSnapshot).toBe(true);
    expect(fillsMsgs.at(-1)?.fills[0]?.px).toBe(`${makerPx}.0`);
    const trades = market[1]![1].messages.flat() as { px: string; users: string[] }[];
    expect(trades.some((t) => t.px === `${makerPx}.0` && t.users.includes(user.toLowerCase()))).toBe(true);
    const updates = (by.orderUpdates!.messages as { status: string }[][]).flat().map((u) => u.status);
    expect(updates).toEqual(expect.arrayContaining(["open", "filled"]));
    for (const [name, s] of [...market, ...userStreams]) if (!["userFundings"].includes(name)) expect(s.messages.length, name).toBeGreaterThan(0);
    expect(mids.messages.length).toBeGreaterThan(0);
    expect(active.messages.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    for (const [, s] of [...market, ...userStreams]) s.stop();
    mids.stop();
    candle.stop();
    active.stop();
  });

  it("resubscribes after the devnet drops every WebSocket and delivers a fresh snapshot", async () => {
    const books: unknown[] = [];
    let reconnected = 0;
    const handle = subs.listen("l2Book", { coin: "ETH" }, (b) => books.push(b), { onReconnected: () => reconnected++ });
    await waitFor(() => books.length >= 1, 3000, "first snapshot");
    const before = books.length;
    await fetch(`${h.devnet.url}/devnet/faults`, { method: "POST", body: JSON.stringify({ dropWebSockets: true }) });
    await waitFor(() => reconnected >= 1 && books.length > before, 5000, "snapshot after reconnect");
    handle.unsubscribe();
  });

  it("answers info and signed actions over WebSocket post", async () => {
    const manager = new WebSocketManager({ url: h.devnet.wsUrl });
    try {
      const transport = new WebSocketTransport(manager);
      const info = new InfoClient({ transport, validation: "strict" });
      const trader = h.trader();
      const exchange = new ExchangeClient({ wallet: trader.wallet, transport, isMainnet: false });
      const m = await mid("SOL");
      const res = await exchange.order({ orders: [limit(2, true, String(Number((m * 0.9).toFixed(2))), "1")], grouping: "na" });
      expect(statuses(res)[0]).toHaveProperty("resting");
      expect(await info.openOrders({ user: trader.wallet.address })).toHaveLength(1);
      expect((await info.l2Book({ coin: "SOL" })).coin).toBe("SOL");
    } finally {
      await manager.close();
    }
  });

  it("rejects a duplicate subscription and bad frames without dropping the connection", async () => {
    const { WebSocket } = await import("ws");
    const ws = new WebSocket(h.devnet.wsUrl);
    const frames: { channel: string; data: unknown }[] = [];
    ws.on("message", (d) => frames.push(JSON.parse(d.toString()) as { channel: string; data: unknown }));
    await new Promise((r) => ws.once("open", r));
    const sub = JSON.stringify({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
    ws.send(sub);
    ws.send(sub);
    ws.send("{not json");
    ws.send(JSON.stringify({ method: "subscribe", subscription: { type: "nope" } }));
    ws.send(JSON.stringify({ method: "ping" }));
    await waitFor(() => frames.some((f) => f.channel === "pong"), 3000, "pong");
    const errs = frames.filter((f) => f.channel === "error").map((f) => String(f.data));
    expect(errs).toHaveLength(3);
    expect(errs[0]).toMatch(/^Already subscribed/);
    ws.close();
  });
});
