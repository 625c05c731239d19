/**
 * TWAP orders: a slice every 30 s (as on the real exchange) of size total / slices, sent as
 * an IOC at up to 3% slippage from the mark. `tickTwaps` runs from the devnet's clock.
 */
import { Decimal } from "decimal.js";
import { wire, type Account } from "./accounts.js";
import type { TwapState, Venue } from "./venue.js";
import { roundPx } from "./markets.js";
import { placeOne } from "./orders.js";
import type { Wire } from "../src/index.js";

export const TWAP_SLICE_MS = 30_000;
export type { TwapState };

export function startTwap(engine: Venue, account: Account, twap: Wire.TwapWire): Wire.TwapOrderResponse {
  const market = engine.byAsset.get(twap.a);
  if (!market) return { status: "ok", response: { type: "twapOrder", data: { status: { error: `Invalid asset ${twap.a}.` } } } };
  if (twap.m < 5 || twap.m > 10_080)
    return { status: "ok", response: { type: "twapOrder", data: { status: { error: "TWAP duration must be between 5 minutes and 7 days." } } } };
  const id = engine.nextTwapId++;
  const now = engine.now();
  engine.twaps.set(id, {
    id,
    user: account.address,
    asset: market.asset,
    coin: market.coin,
    isBuy: twap.b,
    sz: new Decimal(twap.s),
    executed: new Decimal(0),
    executedNtl: new Decimal(0),
    reduceOnly: twap.r,
    minutes: twap.m,
    randomize: twap.t,
    startTime: now,
    nextSlice: now,
    slicesLeft: Math.max(1, Math.round((twap.m * 60_000) / TWAP_SLICE_MS)),
    status: "activated",
  });
  tickTwaps(engine);
  return { status: "ok", response: { type: "twapOrder", data: { status: { running: { twapId: id } } } } };
}

export function cancelTwap(engine: Venue, account: Account, id: number): Wire.TwapCancelResponse {
  const twap = engine.twaps.get(id);
  if (!twap || twap.user !== account.address || twap.status !== "activated")
    return { status: "ok", response: { type: "twapCancel", data: { status: { error: "TWAP was never placed, already canceled, or filled." } } } };
  twap.status = "terminated";
  return { status: "ok", response: { type: "twapCancel", data: { status: "success" } } };
}

/** Executes the slices that are due. */
export function tickTwaps(engine: Venue): void {
  const now = engine.now();
  for (const twap of engine.twaps.values()) {
    if (twap.status !== "activated" || twap.nextSlice > now) continue;
    const market = engine.byAsset.get(twap.asset)!;
    const left = twap.sz.minus(twap.executed);
    const slice = twap.slicesLeft <= 1 ? left : left.div(twap.slicesLeft).toDecimalPlaces(market.szDecimals, Decimal.ROUND_DOWN);
    twap.slicesLeft--;
    twap.nextSlice = now + TWAP_SLICE_MS;
    if (slice.gt(0)) {
      const mark = engine.markPx(market.coin).toNumber();
      const px = roundPx(mark * (twap.isBuy ? 1.03 : 0.97), market);
      const account = engine.account(twap.user);
      const status = placeOne(
        engine,
        account,
        { a: twap.asset, b: twap.isBuy, p: px, s: slice.toFixed(), r: twap.reduceOnly, t: { limit: { tif: "Ioc" } } },
        { twapId: twap.id },
      );
      if (status.filled) {
        twap.executed = twap.executed.plus(status.filled.totalSz);
        twap.executedNtl = twap.executedNtl.plus(new Decimal(status.filled.totalSz).times(status.filled.avgPx));
      }
    }
    if (twap.slicesLeft <= 0 || twap.executed.gte(twap.sz)) twap.status = "finished";
  }
  engine.afterAction();
}

/** The twapStates / twapHistory view of one TWAP. */
export function twapView(t: TwapState): Wire.WsTwapState {
  return {
    coin: t.coin,
    user: t.user,
    side: t.isBuy ? "B" : "A",
    sz: wire(t.sz),
    executedSz: wire(t.executed),
    executedNtl: wire(t.executedNtl, 6),
    minutes: t.minutes,
    reduceOnly: t.reduceOnly,
    randomize: t.randomize,
    timestamp: t.startTime,
  };
}
