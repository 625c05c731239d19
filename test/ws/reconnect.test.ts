import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TimeoutError, WebSocketClosedError, type HyperliquidError } from "../../src/errors/index.js";
import { WebSocketManager, type WebSocketManagerOptions } from "../../src/transport/ws/index.js";
import { sleep, TestServer, waitFor, type TestServerOptions } from "./server.js";

const user = "0x00000000000000000000000000000000000000aa";

let server: TestServer;
let ws: WebSocketManager;
let unhandled = 0;
const onUnhandled = (): void => void unhandled++;

async function setup(options: WebSocketManagerOptions = {}, serverOptions: TestServerOptions = {}): Promise<void> {
  server = await TestServer.start(serverOptions);
  ws = new WebSocketManager({ url: server.url, reconnect: { baseMs: 1, capMs: 10 }, connectTimeoutMs: 1000, ...options });
}

beforeEach(() => {
  unhandled = 0;
  process.on("unhandledRejection", onUnhandled);
});

afterEach(async () => {
  await ws?.close();
  await server?.close();
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toBe(0);
});

describe("reconnect", () => {
  it("restores every subscription after the server kills the socket 100 times", { timeout: 30_000 }, async () => {
    await setup();
    const subs = {
      book: { type: "l2Book", coin: "BTC" },
      trades: { type: "trades", coin: "ETH" },
      fills: { type: "userFills", user },
      candle: { type: "candle", coin: "BTC", interval: "1m" },
    };
    const books = [0, 0];
    const resets = [0, 0];
    for (const i of [0, 1]) ws.subscribe(subs.book, () => books[i]!++, { onReconnected: () => resets[i]!++ });
    let fills = 0;
    ws.subscribe(subs.fills, () => fills++);
    let candles = 0;
    ws.subscribe(subs.candle, () => candles++);
    let streamed = 0;
    let streamResets = 0;
    const stream = ws.stream<unknown[]>(subs.trades, { onReconnected: () => streamResets++ });
    const consumer = (async () => {
      for await (const batch of stream) streamed += batch.length;
    })();
    let reconnected = 0;
    ws.on("reconnected", () => reconnected++);

    const rounds = 100;
    for (let round = 1; round <= rounds; round++) {
      await waitFor(() => server.clients.size === 1 && server.activeSubscriptions() === 4, 5000, `resubscribe in round ${round}`);
      server.push(subs.book, "l2Book", { coin: "BTC", time: round, levels: [[], []] });
      server.push(subs.trades, "trades", [{ coin: "ETH", tid: round }]);
      server.push(subs.fills, "userFills", { user, fills: [] });
      server.push(subs.candle, "candle", { s: "BTC", i: "1m", t: round });
      await waitFor(
        () => books[0] === round && books[1] === round && fills === round && candles === round && streamed === round,
        5000,
        `frames of round ${round}`,
      );
      server.killAll();
    }
    await waitFor(() => reconnected === rounds, 5000, "last reconnect");
    expect(server.duplicates).toBe(0);
    expect(server.strayUnsubscribes).toBe(0);
    expect(server.connections).toBe(rounds + 1);
    expect(resets).toEqual([rounds, rounds]);
    stream.unsubscribe();
    await consumer;
    // The stream learns about each reconnect in order, before the next round's message.
    expect(streamResets).toBe(rounds);
  });

  it("detects a dead connection by silence and replaces it", async () => {
    await setup({ pingIntervalMs: 20, idleTimeoutMs: 80 }, { autoPong: false, welcome: false });
    const events: string[] = [];
    ws.on("close", () => events.push("close"));
    ws.on("reconnecting", () => events.push("reconnecting"));
    ws.on("reconnected", () => events.push("reconnected"));
    const errors: HyperliquidError[] = [];
    ws.on("error", (e) => errors.push(e));
    ws.subscribe({ type: "allMids" }, () => {});
    await waitFor(() => events.includes("reconnected"), 2000, "reconnect after silence");
    expect(events.slice(0, 3)).toEqual(["close", "reconnecting", "reconnected"]);
    expect(errors.some((e) => /connection is dead/.test(e.shortMessage))).toBe(true);
    expect(server.pings).toBeGreaterThan(0);
    await waitFor(() => server.activeSubscriptions() === 1, 2000, "resubscribed");
  });

  it("keeps a quiet but answering connection alive with pings", async () => {
    // Idle limit well above the ping period so a busy CI machine cannot fake a dead socket.
    await setup({ pingIntervalMs: 20, idleTimeoutMs: 250 });
    let reconnects = 0;
    ws.on("reconnecting", () => reconnects++);
    ws.subscribe({ type: "allMids" }, () => {});
    await sleep(500);
    expect(reconnects).toBe(0);
    expect(server.connections).toBe(1);
    expect(server.pings).toBeGreaterThanOrEqual(10);
  });
});

describe("posts across reconnects", () => {
  it("each post resolves or fails with a typed error within its timeout", async () => {
    await setup(
      {},
      {
        onPost: (post, client) => {
          const mode = (post.request.payload as { mode: string }).mode;
          const body = { type: "info", payload: { type: "echo", data: post.id } };
          if (mode === "fast") return body;
          if (mode === "slow") setTimeout(() => server.send(client, { channel: "post", data: { id: post.id, response: body } }), 30);
          return undefined; // "slow" answers later, "never" not at all
        },
      },
    );
    ws.subscribe({ type: "allMids" }, () => {});
    await waitFor(() => server.activeSubscriptions() === 1);
    const timeout = 300;
    const modes = ["fast", "slow", "never"];
    const run = (i: number) => {
      const started = Date.now();
      return ws.postInfo({ type: "echo", mode: modes[i % 3] }, { timeout }).then(
        () => ({ ok: true as const, ms: Date.now() - started }),
        (error: unknown) => ({ ok: false as const, error, ms: Date.now() - started }),
      );
    };
    const results: Array<Promise<{ ok: boolean; error?: unknown; ms: number }>> = [];
    for (let i = 0; i < 30; i++) results.push(run(i));
    await sleep(10);
    server.killAll();
    for (let i = 30; i < 60; i++) results.push(run(i)); // issued during the outage
    await sleep(5);
    server.killAll();
    for (let i = 60; i < 90; i++) results.push(run(i));
    // And once the socket is back: "never" posts must time out, the others resolve.
    await waitFor(() => server.clients.size === 1 && server.activeSubscriptions() === 1, 2000, "reconnect");
    for (let i = 90; i < 120; i++) results.push(run(i));
    const settled = await Promise.all(results);
    for (const r of settled) {
      expect(r.ms).toBeLessThan(timeout + 200);
      if (!r.ok) expect(r.error instanceof WebSocketClosedError || r.error instanceof TimeoutError, String(r.error)).toBe(true);
    }
    expect(settled.some((r) => r.ok)).toBe(true);
    expect(settled.some((r) => r.error instanceof TimeoutError)).toBe(true);
    expect(settled.some((r) => r.error instanceof WebSocketClosedError)).toBe(true);
  });

  it("gives up after maxAttempts: streams end and posts fail with WebSocketClosedError", async () => {
    await setup({ reconnect: { baseMs: 1, capMs: 5, maxAttempts: 3 } });
    const stream = ws.stream({ type: "trades", coin: "BTC" });
    await waitFor(() => server.activeSubscriptions() === 1);
    let attempts = 0;
    ws.on("reconnecting", () => attempts++);
    const errors: HyperliquidError[] = [];
    ws.on("error", (e) => errors.push(e));
    await server.close(); // nothing listens any more: every reconnect is refused
    const read = (async () => {
      for await (const _ of stream) void _;
    })();
    await expect(read).rejects.toBeInstanceOf(WebSocketClosedError);
    expect(attempts).toBe(3);
    expect(errors.some((e) => e instanceof WebSocketClosedError)).toBe(true);
    expect(stream.active).toBe(false);
    expect(ws.stats().subscriptions).toBe(0);
  });
});

describe("backpressure", () => {
  it("a consumer that never reads holds at most bufferSize messages and counts the overflow", async () => {
    await setup();
    const trades = ws.stream({ type: "trades", coin: "BTC" }, { bufferSize: 16 });
    const book = ws.stream({ type: "l2Book", coin: "BTC" });
    await waitFor(() => server.activeSubscriptions() === 2);
    const n = 5000;
    const filler = "x".repeat(1000);
    for (let i = 0; i < n; i++) {
      server.push({ type: "trades", coin: "BTC" }, "trades", [{ coin: "BTC", tid: i, filler }]);
      server.push({ type: "l2Book", coin: "BTC" }, "l2Book", { coin: "BTC", time: i, levels: [[], []], filler });
    }
    await waitFor(() => trades.overflow + trades.size === n && book.overflow + book.size === n, 10_000, "all frames");
    expect(trades.policy).toBe("dropOldest");
    expect(trades.size).toBe(16);
    expect(trades.overflow).toBe(n - 16);
    expect(book.policy).toBe("conflate");
    expect(book.size).toBe(1);
    // The newest messages survive.
    const first = await trades[Symbol.asyncIterator]().next();
    expect((first.value as Array<{ tid: number }>)[0]!.tid).toBe(n - 16);
    const latest = await book[Symbol.asyncIterator]().next();
    expect((latest.value as { time: number }).time).toBe(n - 1);
  });
});
