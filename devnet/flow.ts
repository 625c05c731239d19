/**
 * Synthetic flow (`--flow N`): two built-in traders move the oracle with a seeded random
 * walk, post maker orders near the mid and cross the spread with IOC orders, about N actions
 * per second in total. For demos and load; it never touches user accounts.
 */
import { Decimal } from "decimal.js";
import type { Engine } from "./engine.js";
import { roundPx, seededRandom } from "./markets.js";
import { placeOne } from "./orders.js";

export const FLOW_MAKER = "0x000000000000000000000000000000000000f10a";
export const FLOW_TAKER = "0x000000000000000000000000000000000000f10b";
const STEP_MS = 10;
const MAX_RESTING = 40;

export function startFlow(engine: Engine, perSecond: number, seed: number): () => void {
  const rnd = seededRandom(seed ^ 0xf10f);
  const markets = [...engine.perps, ...engine.spots];
  for (const address of [FLOW_MAKER, FLOW_TAKER]) {
    const a = engine.account(address);
    a.system = true;
    a.usdc = new Decimal("1e12");
    for (const t of engine.tokens) a.spot.set(t.index, new Decimal("1e12"));
  }
  let carry = 0;
  const timer = setInterval(() => {
    carry += (perSecond * STEP_MS) / 1000;
    const n = Math.floor(carry);
    carry -= n;
    for (let i = 0; i < n; i++) step(engine, markets[Math.floor(rnd() * markets.length)]!, rnd);
    if (n) engine.afterAction();
  }, STEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function step(engine: Engine, market: (typeof engine.perps)[number] | (typeof engine.spots)[number], rnd: () => number): void {
  const oracle = engine.oracle.get(market.coin)!;
  const moved = oracle.times(1 + (rnd() - 0.5) * 0.0004);
  engine.oracle.set(market.coin, new Decimal(roundPx(moved.toNumber(), market)));
  if (rnd() < 0.05) engine.requote(market);
  const mid = engine.markPx(market.coin).toNumber();
  const isBuy = rnd() < 0.5;
  const notional = 20 + rnd() * 500;
  const sz = new Decimal(notional / mid).toDecimalPlaces(market.szDecimals, Decimal.ROUND_DOWN);
  if (sz.lte(0)) return;
  if (rnd() < 0.6) {
    const maker = engine.account(FLOW_MAKER);
    const offset = 0.0001 + rnd() * 0.001;
    const px = roundPx(mid * (isBuy ? 1 - offset : 1 + offset), market);
    placeOne(engine, maker, { a: market.asset, b: isBuy, p: px, s: sz.toFixed(), r: false, t: { limit: { tif: "Alo" } } }, {});
    const mine = [...maker.openOrders.values()].filter((o) => o.coin === market.coin);
    if (mine.length > MAX_RESTING) engine.cancelOrder(maker, mine[0]!.oid);
  } else {
    const px = roundPx(mid * (isBuy ? 1.01 : 0.99), market);
    placeOne(engine, engine.account(FLOW_TAKER), { a: market.asset, b: isBuy, p: px, s: sz.toFixed(), r: false, t: { limit: { tif: "Ioc" } } }, {});
  }
  engine.emit({ kind: "mids" });
}
