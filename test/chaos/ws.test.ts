/** Chaos, WebSocket side: silent feeds are caught, every close code is an event, backoff stays bounded. */
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketClosedError, type HyperliquidError } from "../../src/errors/index.js";
import { WebSocketManager, type WebSocketEvents } from "../../src/transport/ws/index.js";
import { receiveRawFrame } from "../../src/transport/ws/manager.js";
import { HostileWsServer } from "./hostile-server.js";

let server: HostileWsServer | undefined;
let ws: WebSocketManager | undefined;
afterEach(async () => {
  await ws?.close();
  await server?.close();
  ws = server = undefined;
});

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("chaos: silent sockets", () => {
  it("regression: a silent feed is detected within ~10 s with the default ping and idle limits", { timeout: 20_000 }, async () => {
    server = await HostileWsServer.start({ silent: true });
    ws = new WebSocketManager({ url: server.url });
    const stale: WebSocketEvents["stale"][] = [];
    ws.on("stale", (e) => stale.push(e));
    const opened = Date.now();
    ws.subscribe({ type: "allMids" }, () => {});
    await until(() => stale.length > 0, 15_000, "a stale event");
    const detectedAfter = Date.now() - opened;
    expect(detectedAfter).toBeGreaterThanOrEqual(10_000);
    expect(detectedAfter).toBeLessThan(12_500);
    expect(stale[0]!.silentMs).toBeGreaterThan(10_000);
    // The SDK pinged (every 5 s) and then replaced the socket.
    expect(server.messages.filter((m) => m.includes('"ping"')).length).toBeGreaterThanOrEqual(1);
    await until(() => server!.connections === 2, 3000, "the replacement socket");
    console.log(`[chaos] silent feed detected after ${detectedAfter} ms`);
  });
});

describe("chaos: close-code loops", () => {
  it.each([
    [1009, "frame too big"],
    [1011, "internal error"],
    [4000, "go away"],
  ])("regression: a server closing every socket with %i is reported each time, and the backoff climbs to its cap", async (code, reason) => {
    server = await HostileWsServer.start({ closeWith: { code, reason } });
    ws = new WebSocketManager({ url: server.url, reconnect: { baseMs: 20, capMs: 160 } });
    const closes: WebSocketEvents["close"][] = [];
    const errors: HyperliquidError[] = [];
    const attempts: number[] = [];
    const delays: number[] = [];
    ws.on("close", (e) => closes.push(e));
    ws.on("error", (e) => errors.push(e));
    ws.on("reconnecting", (e) => (attempts.push(e.attempt), delays.push(e.delayMs)));
    ws.subscribe({ type: "allMids" }, () => {});
    await new Promise((r) => setTimeout(r, 1200));
    expect(closes.length).toBeGreaterThanOrEqual(3);
    for (const c of closes) expect(c).toMatchObject({ code, reason, willReconnect: true });
    const closeErrors = errors.filter((e): e is WebSocketClosedError => e instanceof WebSocketClosedError);
    expect(closeErrors.length).toBe(closes.length);
    expect(closeErrors[0]!.code).toBe(code);
    expect(closeErrors[0]!.shortMessage).toContain(String(code));
    // Sockets that die young do not reset the backoff: attempts keep counting up...
    expect(attempts).toEqual(attempts.map((_, i) => i + 1));
    expect(Math.max(...delays)).toBeLessThanOrEqual(160);
    // ...so 1.2 s holds a handful of reconnects, not a tight loop of hundreds.
    expect(server.connections).toBeLessThan(25);
  });

  it("a socket that delivered data starts the backoff over after it drops", async () => {
    server = await HostileWsServer.start({ closeWith: { code: 1011 } });
    ws = new WebSocketManager({ url: server.url, reconnect: { baseMs: 5, capMs: 20 } });
    const attempts: number[] = [];
    let reconnected = 0;
    ws.on("reconnecting", (e) => attempts.push(e.attempt));
    ws.on("reconnected", () => reconnected++);
    ws.subscribe({ type: "allMids" }, () => {});
    await until(() => attempts.length >= 3, 3000, "three young deaths");
    server.behaviour = {};
    const connections = server.connections;
    await until(() => server!.connections > connections && ws!.stats().openConnections === 1 && reconnected > 0, 3000, "a socket that stays up");
    const before = attempts.length;
    expect(attempts[before - 1]).toBeGreaterThanOrEqual(3);
    // One data frame through the socket's own receive path proves it healthy.
    receiveRawFrame(ws, '{"channel":"allMids","data":{"mids":{"BTC":"1"}}}');
    server.killAll();
    await until(() => attempts.length > before, 3000, "the next reconnect");
    expect(attempts[before]).toBe(1);
  });
});
