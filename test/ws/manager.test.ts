import { deflateRawSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { HyperliquidError, ValidationError } from "../../src/errors/index.js";
import { WebSocketManager, type WebSocketManagerOptions } from "../../src/transport/ws/index.js";
import { sleep, TestServer, waitFor } from "./server.js";

const USER = "0xAbCdEf0123456789abcdef0123456789ABCDEF01";
const user = USER.toLowerCase();

let server: TestServer;
let ws: WebSocketManager;

async function setup(options: WebSocketManagerOptions = {}, serverOptions = {}): Promise<void> {
  server = await TestServer.start(serverOptions);
  ws = new WebSocketManager({ url: server.url, reconnect: { baseMs: 1, capMs: 20 }, connectTimeoutMs: 1000, ...options });
}

afterEach(async () => {
  await ws?.close();
  await server?.close();
});

describe("WebSocketManager subscriptions", () => {
  it("ref-counts identical subscriptions: one server subscription, unsubscribed with the last listener", async () => {
    await setup();
    const got: string[] = [];
    const a = ws.subscribe({ type: "userFills", user: USER }, () => got.push("a"));
    const controller = new AbortController();
    const b = ws.subscribe({ user, type: "userFills", aggregateByTime: undefined }, () => got.push("b"), { signal: controller.signal });
    await waitFor(() => server.subscribes === 1, 2000, "subscribe");
    await sleep(20);
    expect(server.subscribes).toBe(1);
    expect(ws.stats()).toMatchObject({ subscriptions: 1, listeners: 2 });

    server.push({ type: "userFills", user }, "userFills", { user, fills: [], isSnapshot: true });
    await waitFor(() => got.length === 2, 2000, "both listeners");
    expect(got.sort()).toEqual(["a", "b"]);

    a.unsubscribe();
    a.unsubscribe(); // idempotent
    await sleep(20);
    expect(server.unsubscribes).toBe(0);
    expect(a.active).toBe(false);

    controller.abort();
    await waitFor(() => server.unsubscribes === 1, 2000, "unsubscribe");
    expect(b.active).toBe(false);
    expect(server.activeSubscriptions()).toBe(0);
    expect(ws.stats()).toMatchObject({ subscriptions: 0, listeners: 0 });
  });

  it("shards across sockets at the per-connection limit and separates same-route subscriptions", async () => {
    await setup({ maxSubscriptionsPerConnection: 3 });
    const counts = new Map<string, number>();
    const coins = ["A", "B", "C", "D", "E", "F", "G"];
    for (const coin of coins) ws.subscribe({ type: "trades", coin }, () => counts.set(coin, (counts.get(coin) ?? 0) + 1));
    await waitFor(() => server.activeSubscriptions() === 7 && server.clients.size === 3, 3000, "7 subscriptions on 3 sockets");
    for (const client of server.clients) expect(client.subs.size).toBeLessThanOrEqual(3);
    for (const coin of coins) server.push({ type: "trades", coin }, "trades", [{ coin, px: "1", sz: "1" }]);
    await waitFor(() => coins.every((c) => counts.get(c) === 1), 2000, "a frame per coin");

    // Data of orderUpdates carries no user: two users can never share a socket.
    const other = "0x1111111111111111111111111111111111111111";
    const seen: string[] = [];
    ws.subscribe({ type: "orderUpdates", user }, () => seen.push(user));
    ws.subscribe({ type: "orderUpdates", user: other }, () => seen.push(other));
    await waitFor(() => server.activeSubscriptions() === 9, 3000, "orderUpdates subscriptions");
    const holders = [...server.clients].filter((c) => [...c.subs.values()].some((s) => s.type === "orderUpdates"));
    expect(holders.length).toBe(2);
    server.push({ type: "orderUpdates", user: other }, "orderUpdates", [{ order: {}, status: "open", statusTimestamp: 1 }]);
    await waitFor(() => seen.length === 1, 2000, "orderUpdates frame");
    expect(seen).toEqual([other]);
  });

  it("survives malformed frames, unknown channels, error frames and throwing listeners", async () => {
    await setup();
    const errors: HyperliquidError[] = [];
    ws.on("error", (e) => errors.push(e));
    let opens = 0;
    let reconnects = 0;
    ws.on("open", () => opens++);
    ws.on("reconnected", () => reconnects++);
    const books: unknown[] = [];
    ws.subscribe({ type: "l2Book", coin: "BTC" }, () => {
      throw new Error("listener bug");
    });
    ws.subscribe({ type: "l2Book", coin: "BTC", nSigFigs: null }, (b) => books.push(b));
    const trades: unknown[] = [];
    ws.subscribe({ type: "trades", coin: "ETH" }, (t) => trades.push(t));
    await waitFor(() => server.activeSubscriptions() === 3, 2000, "subscriptions");

    server.broadcast("this is not json");
    server.broadcast({ channel: "mysteryChannel", data: { x: 1 } });
    server.broadcast({ channel: "error", data: "Something went wrong" });
    server.broadcast({ data: "no channel" });
    server.broadcast({ channel: "l2Book", data: { time: 1 } }); // no coin: cannot be routed
    server.push({ type: "l2Book", coin: "BTC" }, "l2Book", { coin: "BTC", time: 2, levels: [[], []] });
    server.push({ type: "l2Book", coin: "BTC", nSigFigs: null }, "l2Book", { coin: "BTC", time: 3, levels: [[], []] });
    server.push({ type: "trades", coin: "ETH" }, "trades", [{ coin: "ETH" }]);
    await waitFor(() => books.length === 1 && trades.length === 1 && errors.length >= 6, 2000, "deliveries and errors");
    const messages = errors.map((e) => e.shortMessage).join("\n");
    expect(messages).toMatch(/not JSON/);
    expect(messages).toMatch(/unknown channel "mysteryChannel"/);
    expect(messages).toMatch(/server rejected/);
    expect(messages).toMatch(/without a channel/);
    expect(messages).toMatch(/Cannot route/);
    expect(messages).toMatch(/listener threw/);
    // The two l2Book BTC variants share a route, hence two sockets; neither was dropped.
    expect(opens).toBe(2);
    expect(reconnects).toBe(0);
    expect(server.connections).toBe(2);
  });

  it("ends a subscription the server refuses, with onError", async () => {
    await setup({}, { reject: (sub: { type: string }) => sub.type === "candle" });
    const errors: HyperliquidError[] = [];
    ws.on("error", (e) => errors.push(e));
    let failure: HyperliquidError | undefined;
    const handle = ws.subscribe({ type: "candle", coin: "BTC", interval: "7m" }, () => {}, { onError: (e) => (failure = e) });
    const stream = ws.stream({ type: "candle", coin: "BTC", interval: "7m" });
    await waitFor(() => failure !== undefined, 2000, "onError");
    expect(failure).toMatchObject({ name: "WebSocketRequestError" });
    expect(handle.active).toBe(false);
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: "WebSocketRequestError" });
    expect(ws.stats().subscriptions).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it("close() ends streams, deactivates handles and fails pending posts", async () => {
    await setup({}, { onPost: () => undefined });
    const handle = ws.subscribe({ type: "allMids" }, () => {});
    const stream = ws.stream({ type: "trades", coin: "BTC" });
    const read = (async () => {
      let n = 0;
      for await (const _ of stream) n++;
      return n;
    })();
    await waitFor(() => server.activeSubscriptions() === 2);
    // Observe the rejection at once: close() rejects it before the expectation below runs.
    const post = ws.post({ type: "info", payload: { type: "allMids" } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await ws.close();
    await expect(read).resolves.toBe(0);
    expect(await post).toMatchObject({ name: "WebSocketClosedError" });
    expect(handle.active).toBe(false);
    expect(stream.active).toBe(false);
    expect(() => ws.subscribe({ type: "allMids" }, () => {})).toThrow(/aborted/);
  });

  it("validates payloads with the pluggable validator and drops invalid ones", async () => {
    await setup({
      validate: (channel, data) =>
        channel === "bbo" && !(data as { bbo?: unknown }).bbo ? [{ path: "bbo", value: undefined, expected: "a [bid, ask] tuple" }] : [],
    });
    const errors: HyperliquidError[] = [];
    ws.on("error", (e) => errors.push(e));
    const got: unknown[] = [];
    ws.subscribe({ type: "bbo", coin: "BTC" }, (d) => got.push(d));
    await waitFor(() => server.activeSubscriptions() === 1);
    server.push({ type: "bbo", coin: "BTC" }, "bbo", { coin: "BTC", time: 1 });
    server.push({ type: "bbo", coin: "BTC" }, "bbo", { coin: "BTC", time: 2, bbo: [null, null] });
    await waitFor(() => got.length === 1 && errors.length === 1);
    expect(errors[0]).toBeInstanceOf(ValidationError);
    expect((errors[0] as ValidationError).issues[0]!.path).toBe("bbo");
  });

  it("inflates fastAssetCtxs payloads (base64 raw DEFLATE)", async () => {
    await setup();
    const got: unknown[] = [];
    ws.subscribe({ type: "fastAssetCtxs" }, (d) => got.push(d));
    await waitFor(() => server.activeSubscriptions() === 1);
    const payload = { BTC: { markPx: "100000.5", midPx: "100000" }, ETH: { midPx: null } };
    server.push({ type: "fastAssetCtxs" }, "fastAssetCtxs", deflateRawSync(JSON.stringify(payload)).toString("base64"));
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual(payload);
  });

  it("post resolves info responses and maps server errors to WebSocketRequestError", async () => {
    await setup(
      {},
      {
        onPost: (p: { request: { type: string; payload: { type?: string } } }) =>
          p.request.payload.type === "bad" ? { type: "error", payload: "Invalid request" } : { type: "info", payload: { type: "allMids", data: { BTC: "1" } } },
      },
    );
    await expect(ws.postInfo({ type: "allMids" })).resolves.toEqual({ BTC: "1" });
    await expect(ws.postInfo({ type: "bad" })).rejects.toMatchObject({ name: "WebSocketRequestError", serverMessage: "Invalid request" });
    const controller = new AbortController();
    const aborted = ws.post({ type: "info", payload: { type: "allMids" } }, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortedError" });
  });
});
