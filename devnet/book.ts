/**
 * A price-time priority order book for one market. Levels are kept sorted (bids high → low,
 * asks low → high); each level is a FIFO queue. Prices compare as numbers, which is exact for
 * the exchange's ≤ 5-significant-figure prices; sizes are decimals.
 */
import { Decimal } from "decimal.js";
import { num } from "./format.js";

export type Side = "B" | "A";
export type Tif = "Gtc" | "Ioc" | "Alo" | "FrontendMarket" | "LiquidationMarket";

export interface RestingOrder {
  oid: number;
  user: string;
  coin: string;
  asset: number;
  side: Side;
  limitPx: string;
  pxNum: number;
  sz: Decimal;
  origSz: Decimal;
  timestamp: number;
  cloid?: string;
  reduceOnly: boolean;
  tif: Tif;
}

export interface Level<O extends RestingOrder = RestingOrder> {
  px: string;
  pxNum: number;
  orders: O[];
}

export interface Match<O extends RestingOrder = RestingOrder> {
  maker: O;
  px: string;
  sz: Decimal;
}

/** `O` is the engine's own order record, handed back as is in matches. */
export class OrderBook<O extends RestingOrder = RestingOrder> {
  readonly bids: Level<O>[] = [];
  readonly asks: Level<O>[] = [];
  /** Bumped on every change so pushes can be coalesced. */
  version = 0;

  constructor(readonly coin: string) {}

  private sideOf(side: Side): Level<O>[] {
    return side === "B" ? this.bids : this.asks;
  }

  best(side: Side): Level<O> | undefined {
    return this.sideOf(side)[0];
  }

  /** Whether a `side` order at `pxNum` would trade against the opposite side. */
  crosses(side: Side, pxNum: number): boolean {
    const top = this.best(side === "B" ? "A" : "B");
    return top !== undefined && (side === "B" ? pxNum >= top.pxNum : pxNum <= top.pxNum);
  }

  add(order: O): void {
    const levels = this.sideOf(order.side);
    const better = order.side === "B" ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(levels[mid]!.pxNum, order.pxNum) || levels[mid]!.pxNum === order.pxNum) lo = mid + 1;
      else hi = mid;
    }
    const prev = levels[lo - 1];
    if (prev && prev.pxNum === order.pxNum) prev.orders.push(order);
    else levels.splice(lo, 0, { px: order.limitPx, pxNum: order.pxNum, orders: [order] });
    this.version++;
  }

  remove(order: O): boolean {
    const levels = this.sideOf(order.side);
    const i = levels.findIndex((l) => l.pxNum === order.pxNum);
    if (i < 0) return false;
    const level = levels[i]!;
    const j = level.orders.indexOf(order);
    if (j < 0) return false;
    level.orders.splice(j, 1);
    if (!level.orders.length) levels.splice(i, 1);
    this.version++;
    return true;
  }

  /**
   * Takes liquidity for an incoming `side` order up to `sz` at prices no worse than `pxNum`.
   * `canTrade(maker)` lets the engine skip makers (self-trade prevention cancels them).
   */
  match(side: Side, pxNum: number, sz: Decimal, canTrade: (maker: O) => boolean): Match<O>[] {
    const levels = this.sideOf(side === "B" ? "A" : "B");
    const out: Match<O>[] = [];
    let left = sz;
    while (left.gt(0) && levels.length) {
      const level = levels[0]!;
      if (side === "B" ? level.pxNum > pxNum : level.pxNum < pxNum) break;
      while (left.gt(0) && level.orders.length) {
        const maker = level.orders[0]!;
        if (!canTrade(maker)) {
          level.orders.shift();
          continue;
        }
        const take = Decimal.min(left, maker.sz);
        maker.sz = maker.sz.minus(take);
        left = left.minus(take);
        out.push({ maker, px: level.px, sz: take });
        if (maker.sz.isZero()) level.orders.shift();
      }
      if (!level.orders.length) levels.shift();
    }
    if (out.length) this.version++;
    return out;
  }

  /**
   * Levels, best first, at most `depth` per side. With `nSigFigs` (2–5) prices are bucketed
   * to that many significant figures (bids down, asks up), times `mantissa` (1, 2 or 5) when
   * nSigFigs is 5, as the real l2Book aggregation does.
   */
  snapshot(depth = 20, nSigFigs?: number | null, mantissa?: number | null): [{ px: string; sz: string; n: number }[], { px: string; sz: string; n: number }[]] {
    const agg = (levels: Level<O>[], up: boolean) => {
      const out: { px: string; sz: Decimal; n: number }[] = [];
      for (const l of levels) {
        const px = nSigFigs ? bucket(l.pxNum, nSigFigs, mantissa ?? 1, up) : l.px;
        const size = l.orders.reduce((s, o) => s.plus(o.sz), new Decimal(0));
        const last = out[out.length - 1];
        if (last && last.px === px) {
          last.sz = last.sz.plus(size);
          last.n += l.orders.length;
        } else {
          if (out.length === depth) break;
          out.push({ px, sz: size, n: l.orders.length });
        }
      }
      return out.map((l) => ({ px: num(l.px), sz: num(l.sz.toFixed()), n: l.n }));
    };
    return [agg(this.bids, false), agg(this.asks, true)];
  }

  mid(): number | undefined {
    const b = this.bids[0];
    const a = this.asks[0];
    return b && a ? (b.pxNum + a.pxNum) / 2 : undefined;
  }
}

/** `px` rounded to `sigFigs` significant figures (× mantissa), down for bids, up for asks. */
export function bucket(px: number, sigFigs: number, mantissa: number, up: boolean): string {
  const exponent = Math.floor(Math.log10(px)) - (sigFigs - 1);
  const step = new Decimal(10).pow(exponent).times(mantissa);
  const units = new Decimal(px).div(step);
  return (up ? units.ceil() : units.floor()).times(step).toFixed();
}
