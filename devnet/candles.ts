/**
 * Open candles kept incrementally for the candle stream: each trade updates the open candle
 * of every subscribed (coin, interval) in O(1), instead of rebuilding it from the trade
 * history per trade and per subscription.
 */
import { Decimal } from "decimal.js";
import type { Wire } from "../src/index.js";
import { wire } from "./accounts.js";
import type { Engine } from "./engine.js";
import * as view from "./views.js";

type Interval = Wire.CandleMessage["i"];

interface OpenCandle {
  coin: string;
  interval: Interval;
  ms: number;
  t: number;
  o: string;
  c: string;
  h: Decimal;
  l: Decimal;
  v: Decimal;
  n: number;
}

export class CandleStreams {
  /** Subscription key → its open candle (undefined until the first trade of a bucket). */
  private readonly open = new Map<string, OpenCandle | undefined>();
  private readonly keysByCoin = new Map<string, Set<string>>();
  private readonly meta = new Map<string, { coin: string; interval: Interval; ms: number }>();

  constructor(private readonly engine: Engine) {}

  /** Starts keeping the candle of `key` (first subscriber), seeded from the trades of the current bucket. */
  track(key: string, coin: string, interval: Interval): void {
    if (this.meta.has(key)) return;
    const ms = view.INTERVALS[interval] ?? 60_000;
    this.meta.set(key, { coin, interval, ms });
    let keys = this.keysByCoin.get(coin);
    if (!keys) this.keysByCoin.set(coin, (keys = new Set()));
    keys.add(key);
    const start = Math.floor(this.engine.now() / ms) * ms;
    const last = view.candles(this.engine, coin, interval, start, Number.MAX_SAFE_INTEGER).at(-1);
    this.open.set(
      key,
      last
        ? { coin, interval, ms, t: last.t, o: last.o, c: last.c, h: new Decimal(last.h), l: new Decimal(last.l), v: new Decimal(last.v), n: last.n }
        : undefined,
    );
  }

  /** Stops keeping it (last subscriber left). */
  untrack(key: string): void {
    const m = this.meta.get(key);
    if (!m) return;
    this.meta.delete(key);
    this.open.delete(key);
    this.keysByCoin.get(m.coin)?.delete(key);
  }

  /** Folds new trades into the open candles of `coin`; returns the keys that changed. */
  onTrades(coin: string, trades: readonly Wire.WsTrade[]): Iterable<string> {
    const keys = this.keysByCoin.get(coin);
    if (!keys?.size) return [];
    for (const key of keys) {
      const m = this.meta.get(key)!;
      let c = this.open.get(key);
      for (const trade of trades) {
        const time = trade.time;
        const pxText = trade.px;
        const px = new Decimal(pxText);
        const bucket = Math.floor(time / m.ms) * m.ms;
        if (!c || bucket > c.t) {
          c = { ...m, t: bucket, o: pxText, c: pxText, h: px, l: px, v: new Decimal(trade.sz), n: 1 };
        } else {
          c.c = pxText;
          if (px.gt(c.h)) c.h = px;
          if (px.lt(c.l)) c.l = px;
          c.v = c.v.plus(trade.sz);
          c.n++;
        }
      }
      this.open.set(key, c);
    }
    return keys;
  }

  /** The frame of `key`'s open candle, as the candle channel pushes it. */
  frame(key: string): unknown {
    const c = this.open.get(key);
    if (!c) return undefined;
    return {
      channel: "candle",
      data: { t: c.t, T: c.t + c.ms - 1, s: c.coin, i: c.interval, o: c.o, c: c.c, h: wire(c.h), l: wire(c.l), v: wire(c.v), n: c.n },
    };
  }
}
