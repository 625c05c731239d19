/**
 * Time-driven work of the devnet, run once a second: TWAP slices, scheduled cancels
 * (dead man's switch), hourly funding and liquidations at the moved marks.
 */
import { Decimal } from "decimal.js";
import { pushBounded, wire } from "./accounts.js";
import type { Engine } from "./engine.js";
import type { Wire as T } from "../src/index.js";
import { checkLiquidations } from "./liquidation.js";
import { tickTwaps } from "./twap.js";

export const HOUR_MS = 3_600_000;
/** 0.01% per 8 h, the exchange's baseline interest component, as an hourly rate. */
const BASE_RATE = new Decimal("0.0000125");
const CAP = new Decimal("0.04");

/** The first funding time after `now` (funding is paid on interval boundaries). */
export function nextFundingAfter(now: number, intervalMs = HOUR_MS): number {
  return Math.floor(now / intervalMs) * intervalMs + intervalMs;
}

export function tick(engine: Engine, fundingIntervalMs = HOUR_MS): void {
  const now = engine.now();
  tickTwaps(engine);
  for (const account of engine.accounts.values()) {
    if (account.scheduledCancel !== undefined && account.scheduledCancel <= now) {
      delete account.scheduledCancel;
      for (const oid of [...account.openOrders.keys()]) engine.cancelOrder(account, oid, "scheduledCancel");
    }
  }
  if (now >= engine.nextFunding) {
    engine.nextFunding = nextFundingAfter(now, fundingIntervalMs);
    payFunding(engine, now);
  }
  checkLiquidations(engine);
  engine.afterAction();
}

/** Premium-based rate per perp; longs pay shorts when positive. */
export function fundingRate(engine: Engine, coin: string): { rate: Decimal; premium: Decimal } {
  const oracle = engine.oracle.get(coin)!;
  const premium = Decimal.max(-0.0005, Decimal.min(0.0005, engine.markPx(coin).minus(oracle).div(oracle)));
  const rate = Decimal.max(CAP.neg(), Decimal.min(CAP, premium.div(8).plus(BASE_RATE))).toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN);
  return { rate, premium: premium.toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN) };
}

export function payFunding(engine: Engine, time: number): void {
  for (const market of engine.perps) {
    const { rate, premium } = fundingRate(engine, market.coin);
    pushBounded(engine.fundingHistory.get(market.coin)!, { coin: market.coin, fundingRate: wire(rate), premium: wire(premium), time }, 5000);
    const oracle = engine.oracle.get(market.coin)!;
    for (const account of engine.accounts.values()) {
      const p = account.positions.get(market.coin);
      if (!p || p.szi.isZero() || account.system) continue;
      const usdc = p.szi.times(oracle).times(rate).neg().toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
      account.usdc = account.usdc.plus(usdc);
      for (const k of ["allTime", "sinceOpen", "sinceChange"] as const) p.cumFunding[k] = p.cumFunding[k].minus(usdc);
      const funding: T.UserFundingEntry = {
        time,
        hash: engine.hash(),
        delta: { type: "funding", coin: market.coin, usdc: wire(usdc), szi: wire(p.szi), fundingRate: wire(rate), nSamples: null },
      };
      pushBounded(account.fundings, funding);
      engine.emit({ kind: "funding", user: account.address, funding });
      engine.emit({ kind: "user", user: account.address });
    }
  }
}
