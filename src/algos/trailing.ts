/**
 * Trailing stop: follows the best price since activation (the highest for a sell stop that
 * protects a long, the lowest for a buy stop that protects a short) by a percentage or an
 * absolute amount, on the mark, mid or last trade price. The stop level only ever moves in
 * the trader's favour. On a breach it sends one reduce-only order: IOC at the price ±
 * slippage ("market") or a resting limit at the stop ± an offset ("limit").
 */
import {
  applyLedger,
  childFilled,
  cloneState,
  finish,
  initialState,
  liveChildren,
  paramError,
  placeChild,
  toLots,
  type AlgoDefinition,
  type AlgoEvent,
  type AlgoState,
  type MarketRef,
  type PriceSource,
  type Side,
  type Transition,
  isDryRun,
  waitingOnSimulated,
} from "./core.js";

export interface TrailingParams {
  coin: string;
  /** The order sent on a breach: "sell" protects a long, "buy" a short. */
  side: Side;
  size: string | number;
  /** Trail as a fraction of the best price (0.02 = 2%). One of trailPercent, trailAmount. */
  trailPercent?: number;
  /** Trail as an absolute price distance. */
  trailAmount?: number;
  /** Start trailing only once the price reaches this level (a sell stop: at or above; a buy stop: at or below). */
  activationPx?: number;
  /** Default mark. */
  source?: PriceSource;
  /** "market" (default): IOC at the price ± slippage; "limit": Gtc at the stop ± limitOffset. */
  execution?: "market" | "limit";
  slippage?: number;
  limitOffset?: number;
}

export interface TrailingData {
  active: boolean;
  best?: number;
  stopPx?: number;
  fired?: { at: number; px: number; stopPx: number };
}

export type TrailingState = AlgoState<TrailingData, TrailingParams>;

export function createTrailingStop(id: string, market: MarketRef, params: TrailingParams, now: number): TrailingState {
  const target = toLots(params.size, market.szDecimals);
  const pct = params.trailPercent;
  const amt = params.trailAmount;
  if ((pct === undefined) === (amt === undefined)) throw paramError("trailPercent", pct, "exactly one of trailPercent and trailAmount");
  if (pct !== undefined && !(pct > 0 && pct < 1)) throw paramError("trailPercent", pct, "a fraction in (0, 1), e.g. 0.02 for 2%");
  if (amt !== undefined && !(amt > 0)) throw paramError("trailAmount", amt, "a positive price distance");
  if (params.activationPx !== undefined && !(params.activationPx > 0)) throw paramError("activationPx", params.activationPx, "a positive price");
  return initialState("trail", id, market, params, target, { active: params.activationPx === undefined }, now);
}

/** The stop level for a best price. */
export function stopFor(p: TrailingParams, best: number): number {
  const sell = p.side === "sell";
  const distance = p.trailPercent !== undefined ? best * p.trailPercent : p.trailAmount!;
  return sell ? best - distance : best + distance;
}

export function trailingStep(state: TrailingState, event: AlgoEvent): Transition<TrailingData, TrailingParams> {
  const s = cloneState(state, (d) => ({ ...d })); // flat data (trailing: `fired` is replaced, never changed)
  applyLedger(s, event);
  if (s.status !== "running") return { state: s, commands: [] };
  const d = s.data;
  const p = s.params;
  if (event.type === "cancel") return { state: s, commands: finish(s, "canceled", event.reason ?? "canceled") };
  if (d.fired) {
    const live = liveChildren(s);
    const filled = Object.values(s.children).reduce((n, c) => n + childFilled(c), 0);
    if (filled === 0 && isDryRun(s) && (live.length === 0 || waitingOnSimulated(s)))
      return {
        state: s,
        commands: finish(s, "done", `dry-run: the stop fired at ${d.fired.px} (stop ${d.fired.stopPx}); its order was signed and audited, not sent`),
      };
    if (live.length > 0) return { state: s, commands: [] };
    return { state: s, commands: finish(s, filled > 0 ? "done" : "failed", filled > 0 ? `stop fired at ${d.fired.px}` : "the stop order did not fill") };
  }
  if (event.type !== "price" || event.coin !== s.market.coin || event.source !== (p.source ?? "mark")) return { state: s, commands: [] };
  const sell = p.side === "sell";
  const px = event.px;
  if (!d.active) {
    if (p.activationPx !== undefined && (sell ? px < p.activationPx : px > p.activationPx)) return { state: s, commands: [] };
    d.active = true;
  }
  d.best = d.best === undefined ? px : sell ? Math.max(d.best, px) : Math.min(d.best, px);
  const stop = stopFor(p, d.best);
  // Never against the trader: a sell stop only rises, a buy stop only falls.
  d.stopPx = d.stopPx === undefined ? stop : sell ? Math.max(d.stopPx, stop) : Math.min(d.stopPx, stop);
  const breached = sell ? px <= d.stopPx : px >= d.stopPx;
  if (!breached) return { state: s, commands: [] };
  d.fired = { at: event.now, px, stopPx: d.stopPx };
  const limit = p.execution === "limit";
  const off = limit ? (p.limitOffset ?? 0) : (p.slippage ?? 0.01);
  const base = limit ? d.stopPx : px;
  const orderPx = sell ? base * (1 - off) : base * (1 + off);
  const command = placeChild(s, { tag: "stop", side: p.side, lots: s.targetLots, px: orderPx, tif: limit ? "Gtc" : "Ioc", reduceOnly: true }, event.now);
  return { state: s, commands: [command] };
}

export const trailingAlgo: AlgoDefinition<TrailingData, TrailingParams> = {
  kind: "trail",
  step: trailingStep,
  // The stop level and the best price are written as they move: a resumed stop must not fall back.
  critical: (previous, next) => previous.data.stopPx !== next.data.stopPx || previous.data.active !== next.data.active,
  sources: (s) => [{ coin: s.market.coin, source: s.params.source ?? "mark" }],
  // Before it fires only its price moves it; timers and other coins' prices do nothing.
  idle: (s, event) => s.status === "running" && s.data.fired === undefined && (event.type === "timer" || event.type === "trade"),
};
