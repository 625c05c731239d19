/** Gaps of issue #6 not covered elsewhere: unlimited reconnects by default, malformed fast-path frames. */
import { afterEach, describe, expect, it } from "vitest";
import { SubscriptionClient } from "../../src/clients/subscription.js";
import type { HyperliquidError } from "../../src/errors/index.js";
import { WebSocketManager } from "../../src/transport/ws/index.js";
import { TestServer, waitFor } from "./server.js";

let server: TestServer | undefined;
let ws: WebSocketManager | undefined;
let unhandled = 0;
const onUnhandled = (): void => void unhandled++;
process.on("unhandledRejection", onUnhandled);

afterEach(async () => {
  await ws?.close();
  await server?.close();
  ws = undefined;
  server = undefined;
  expect(unhandled).toBe(0);
});

describe("reconnect without a limit", () => {
  it("keeps retrying by default while the server is down, then restores every subscription", { timeout: 10_000 }, async () => {
    server = await TestServer.start();
    const port = Number(new URL(server.url).port);
    // Default maxAttempts (unlimited); tiny delays so many attempts fit in the test.
    ws = new WebSocketManager({ url: server.url, reconnect: { baseMs: 1, capMs: 5 }, connectTimeoutMs: 500 });
    const attempts: number[] = [];
    const delays: number[] = [];
    ws.on("reconnecting", (e) => {
      attempts.push(e.attempt);
      delays.push(e.delayMs);
    });
    let reconnected = 0;
    ws.on("reconnected", () => void reconnected++);
    let failures = 0;
    const got: number[] = [];
    ws.subscribe({ type: "trades", coin: "BTC" }, (t: { tid: number }[]) => got.push(t[0]!.tid), { onError: () => void failures++ });
    await waitFor(() => server!.activeSubscriptions() === 1, 2000, "subscribed");
    await server.close();
    await waitFor(() => attempts.length >= 30, 5000, "30 refused reconnect attempts");
    expect(failures).toBe(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5);
    expect(attempts.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    server = await TestServer.start({ port });
    await waitFor(() => server!.activeSubscriptions() === 1, 3000, "resubscribed on the new server");
    server.push({ type: "trades", coin: "BTC" }, "trades", [{ coin: "BTC", tid: 7 }]);
    await waitFor(() => got.includes(7), 2000, "data after the outage");
    expect(reconnected).toBe(1);
    expect(ws.stats()).toMatchObject({ subscriptions: 1, openConnections: 1 });
  });
});

describe("malformed frames on the fast-path channels", () => {
  it("turn into error events; the connection and the other subscriptions carry on", async () => {
    server = await TestServer.start();
    const client = new SubscriptionClient({ url: server.url, validation: "strict" });
    ws = client.manager;
    const errors: HyperliquidError[] = [];
    ws.on("error", (e) => errors.push(e));
    let reconnects = 0;
    ws.on("reconnecting", () => void reconnects++);
    const books: unknown[] = [];
    const mids: unknown[] = [];
    client.listen("l2Book", { coin: "BTC" }, (b) => void books.push(b));
    client.listen("allMids", {}, (m) => void mids.push(m));
    await waitFor(() => server!.activeSubscriptions() === 2);
    const good = '{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"1","sz":"2","n":3}],[]]}}';
    server.broadcast(good.slice(0, 60)); // truncated: not JSON
    server.broadcast(good.replace('"sz":"2"', '"sz":"2e5"')); // parses, fails the schema
    server.broadcast(good.replace('"coin":"BTC"', '"coin":7')); // cannot be routed
    server.broadcast('{"channel":"allMids","data":{"mids":{"BTC":1}}}'); // number, not a decimal string
    server.broadcast({ channel: "error", data: "Websocket error: internal" });
    server.broadcast(good);
    server.broadcast('{"channel":"allMids","data":{"mids":{"BTC":"100.5"}}}');
    await waitFor(() => books.length === 1 && mids.length === 1 && errors.length >= 5, 3000, "good frames and errors");
    const text = errors.map((e) => `${e.name}: ${e.shortMessage}`).join("\n");
    expect(text).toMatch(/not JSON/);
    expect(text).toMatch(/ValidationError: .*l2Book/);
    expect(text).toMatch(/ValidationError: .*allMids/);
    expect(text).toMatch(/Cannot route/);
    expect(text).toMatch(/WebSocketRequestError/);
    expect(reconnects).toBe(0);
    expect(server.connections).toBe(1);
  });
});
