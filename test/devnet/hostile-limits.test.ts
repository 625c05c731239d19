/** The devnet's WebSocket limits and memory caps, and the candle stream's cost per trade. */
import { Decimal } from "decimal.js";
import { generatePrivateKey } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { privateKeyWallet, type Wire } from "../../src/index.js";
import { startHarness, limit } from "./harness.js";
import { rawWs } from "./hostile-raw.js";

const sub = (subscription: unknown) => JSON.stringify({ method: "subscribe", subscription });
const errorsOf = (frames: string[]) => frames.filter((f) => f.startsWith('{"channel":"error"')).map((f) => (JSON.parse(f) as { data: string }).data);
const address = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;

async function withDevnet(options: Parameters<typeof startDevnet>[0], run: (d: Devnet) => Promise<void>): Promise<void> {
  const devnet = await startDevnet({ port: 0, seed: 5, ...options });
  try {
    await run(devnet);
  } finally {
    await devnet.close();
  }
}

describe("devnet WebSocket limits", () => {
  it("regression: no limits per connection — subscriptions, unique users and in-flight posts are capped with an error frame", async () => {
    await withDevnet({ ws: { maxSubscriptions: 30 } }, async (devnet) => {
      const ws = await rawWs(devnet.wsUrl);
      // 11 users: the 11th is refused (10 unique users), a second channel of a tracked user is not.
      ws.send(...Array.from({ length: 11 }, (_, i) => sub({ type: "userFills", user: address(i + 1) })), sub({ type: "orderUpdates", user: address(1) }));
      await ws.waitFor((f) => errorsOf(f).length === 1 && f.filter((x) => x.includes('"subscriptionResponse"')).length === 11);
      expect(errorsOf(ws.frames)).toEqual(["Cannot track more than 10 total users."]);
      // Market subscriptions up to the cap of 30 per connection (11 taken).
      const coins = ["BTC", "ETH", "SOL", "PURR/USDC"];
      const intervals = ["1m", "3m", "5m", "15m", "30m", "1h"];
      const many = coins.flatMap((coin) => intervals.map((interval) => sub({ type: "candle", coin, interval })));
      ws.send(...many.slice(0, 20));
      await ws.waitFor((f) => errorsOf(f).length === 2);
      expect(errorsOf(ws.frames)[1]).toBe("Cannot track more than 30 total subscriptions.");
      ws.send(JSON.stringify({ method: "unsubscribe", subscription: { type: "userFills", user: address(2) } }), many[20]!);
      await ws.waitFor(
        (f) => f.filter((x) => x.includes('"method":"unsubscribe"')).length === 1 && f.filter((x) => x.includes('"subscriptionResponse"')).length === 32,
      );
      // 150 posts in one TCP write: at most 100 are in flight, the rest get the limit error.
      ws.send(
        ...Array.from({ length: 150 }, (_, id) =>
          JSON.stringify({
            method: "post",
            id,
            request: { type: "action", payload: { action: { type: "noop" }, nonce: Date.now(), signature: { r: `0x${"1".repeat(64)}`, s: "0x01", v: 27 } } },
          }),
        ),
      );
      await ws.waitFor((f) => f.filter((x) => x.startsWith('{"channel":"post"')).length + errorsOf(f).length - 2 === 150);
      const limited = errorsOf(ws.frames).slice(2);
      expect(limited.length).toBeGreaterThan(0);
      expect(new Set(limited)).toEqual(new Set(["Too many in-flight post requests: at most 100 per connection"]));
      expect(ws.frames.filter((x) => x.startsWith('{"channel":"post"')).length).toBeLessThanOrEqual(150 - limited.length);
      ws.send('{"method":"ping"}');
      await ws.waitFor((f) => f.includes('{"channel":"pong"}'));
      ws.socket.destroy();
    });
  });

  it("caps connections per IP at 100 (the API's limit) and frees a slot when one closes", async () => {
    await withDevnet({ ws: { maxConnectionsPerIp: 3 } }, async (devnet) => {
      const open = await Promise.all([1, 2, 3].map(() => rawWs(devnet.wsUrl)));
      await expect(rawWs(devnet.wsUrl)).rejects.toThrow(/429/);
      open[0]!.socket.destroy();
      await new Promise((r) => setTimeout(r, 100));
      const again = await rawWs(devnet.wsUrl);
      for (const c of [...open, again]) c.socket.destroy();
    });
  });

  it("regression: slow consumers — one is dropped past the per-connection cap, and the slowest first past the total cap", async () => {
    await withDevnet({ ws: { maxBufferedPerConnection: 8 * 1024 * 1024, maxBufferedTotal: 1024 * 1024 * 1024 } }, async (devnet) => {
      const user = privateKeyWallet(generatePrivateKey()).address;
      for (let i = 0; i < 2000; i++) devnet.engine.deposit(user, new Decimal(1));
      const resubscribe = (n: number) =>
        Array.from({ length: n }, () => [
          sub({ type: "userNonFundingLedgerUpdates", user }),
          JSON.stringify({ method: "unsubscribe", subscription: { type: "userNonFundingLedgerUpdates", user } }),
        ]).flat();
      const slow = await rawWs(devnet.wsUrl, { read: false });
      slow.send(...resubscribe(200)); // ~50 MB of snapshots it never reads
      await Promise.race([slow.closed, new Promise((_, reject) => setTimeout(() => reject(new Error("slow consumer not dropped")), 10_000))]);
      expect(devnet.ws.connectionCount).toBe(0);
    });
    await withDevnet({ ws: { maxBufferedPerConnection: 1024 * 1024 * 1024, maxBufferedTotal: 16 * 1024 * 1024 } }, async (devnet) => {
      const user = privateKeyWallet(generatePrivateKey()).address;
      for (let i = 0; i < 2000; i++) devnet.engine.deposit(user, new Decimal(1));
      const resubscribe = (n: number) =>
        Array.from({ length: n }, () => [
          sub({ type: "userNonFundingLedgerUpdates", user }),
          JSON.stringify({ method: "unsubscribe", subscription: { type: "userNonFundingLedgerUpdates", user } }),
        ]).flat();
      const modest = await rawWs(devnet.wsUrl, { read: false });
      modest.send(...resubscribe(10));
      const slowest = await rawWs(devnet.wsUrl, { read: false });
      slowest.send(...resubscribe(200));
      await Promise.race([slowest.closed, new Promise((_, reject) => setTimeout(() => reject(new Error("slowest consumer not dropped")), 10_000))]);
      await new Promise((r) => setTimeout(r, 200));
      expect(modest.isClosed()).toBe(false);
      expect(devnet.ws.connectionCount).toBe(1);
      modest.socket.resume();
      modest.send('{"method":"ping"}');
      await modest.waitFor((f) => f.includes('{"channel":"pong"}'), 10_000);
      modest.socket.destroy();
    });
  });

  it("regression: 70 candle subscriptions no longer rescan the trade history on every trade", async () => {
    const h = await startHarness({ seed: 8 });
    try {
      const coins = ["BTC", "ETH", "SOL", "PURR/USDC", "HYPE/USDC"];
      const intervals = ["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "1d", "3d", "1w", "1M"];
      const ws = await rawWs(h.devnet.wsUrl);
      ws.send(...coins.flatMap((coin) => intervals.map((interval) => sub({ type: "candle", coin, interval }))));
      await ws.waitFor((f) => f.filter((x) => x.includes('"subscriptionResponse"')).length === 70);
      // From here on, count every pass over BTC's trade history.
      let scans = 0;
      class Counted<T> extends Array<T> {
        override [Symbol.iterator](): ArrayIterator<T> {
          scans++;
          return super[Symbol.iterator]();
        }
      }
      const history = new Counted<Wire.WsTrade>();
      history.push(...h.devnet.engine.trades.get("BTC")!);
      h.devnet.engine.trades.set("BTC", history);
      // Trade just after an hour starts, so the ten orders below cannot straddle a minute or
      // hour boundary (that would reset the 1m or 1h candle and the counts would never meet).
      h.clock.offset = Math.ceil(Date.now() / 3_600_000) * 3_600_000 - Date.now() + 50;
      const maker = h.trader();
      const taker = h.trader();
      const px = Number((await h.info.allMids({})).BTC);
      for (let i = 0; i < 5; i++) {
        await maker.exchange.order({ orders: [limit(0, false, String(Math.round(px * 1.02) + i), "0.01")], grouping: "na" });
        await taker.exchange.order({ orders: [limit(0, true, String(Math.round(px * 1.03)), "0.01", "Ioc")], grouping: "na" });
      }
      const candleFrames = (interval: string) =>
        ws.frames
          .filter((x) => x.startsWith('{"channel":"candle"') && x.includes('"s":"BTC"') && x.includes(`"i":"${interval}"`))
          .map((x) => (JSON.parse(x) as { data: Record<string, unknown> }).data);
      await ws.waitFor(
        () => candleFrames("1h").at(-1)?.n === candleFrames("1m").at(-1)?.n && candleFrames("1h").length > 0 && Number(candleFrames("1h").at(-1)!.v) >= 0.05,
      );
      expect(scans).toBe(0);
      // The incremental candle equals the one candleSnapshot computes from the full history.
      const snap = (await h.info.candleSnapshot({ req: { coin: "BTC", interval: "1h", startTime: h.devnet.engine.now() - 7_200_000 } })).at(-1)!;
      expect(candleFrames("1h").at(-1)).toMatchObject({ o: snap.o, c: snap.c, h: snap.h, l: snap.l, v: snap.v, n: snap.n });
      ws.socket.destroy();
    } finally {
      await h.close();
    }
  });
});
