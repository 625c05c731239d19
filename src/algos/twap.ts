/**
 * Client-side TWAP: a total size spread over a duration in slices (IOC orders at the price
 * source ± slippage, never past the price limit). Optional: a randomised interval, min/max
 * slice, catch-up (a slice grows to the schedule when earlier ones fell short) and a
 * participation cap (filled ≤ cap × the market's traded volume since the start).
 */
import {
  applyLedger,
  cloneState,
  filledLots,
  finish,
  initialState,
  isDryRun,
  liveChildren,
  liveLots,
  MAX_REJECTS,
  MIN_ORDER_VALUE,
  minValueLots,
  paramError,
  placeChild,
  toLots,
  unitRandom,
  type AlgoCommand,
  type AlgoDefinition,
  type AlgoEvent,
  type AlgoState,
  type MarketRef,
  type PriceSource,
  type Side,
  type Transition,
} from "./core.js";

export interface TwapParams {
  coin: string;
  side: Side;
  /** Total size in coins. */
  size: string | number;
  durationMs: number;
  intervalMs: number;
  /** Each interval varies by ± this fraction (0..0.9), deterministic per algorithm and slice. */
  randomize?: number;
  minSlice?: string | number;
  maxSlice?: string | number;
  /** A buy never pays more, a sell never takes less. */
  priceLimit?: number;
  /** Grow a slice to catch up with the schedule after a shortfall (default true); without it, stop at the end of the duration. */
  catchUp?: boolean;
  /** At most this fraction (0..1] of the coin's traded volume since the start. */
  participation?: number;
  /** IOC price distance from the reference price (default 0.005). */
  slippage?: number;
  /** The reference price (default mid). */
  source?: PriceSource;
}

export interface TwapData {
  startAt?: number;
  nextAt?: number;
  slices: number;
  lastPx?: number;
  /** The market's traded volume since the start, in lots. */
  marketLots: number;
  nSlices: number;
  nominalLots: number;
  minLots: number;
  maxLots: number;
}

export type TwapState = AlgoState<TwapData, TwapParams>;

export function createTwap(id: string, market: MarketRef, params: TwapParams, now: number): TwapState {
  const target = toLots(params.size, market.szDecimals);
  if (!(params.durationMs > 0)) throw paramError("durationMs", params.durationMs, "a positive number of milliseconds");
  if (!(params.intervalMs > 0) || params.intervalMs > params.durationMs)
    throw paramError("intervalMs", params.intervalMs, `a positive number of milliseconds, at most durationMs (${params.durationMs})`);
  if (params.randomize !== undefined && !(params.randomize >= 0 && params.randomize <= 0.9))
    throw paramError("randomize", params.randomize, "a fraction from 0 to 0.9");
  if (params.participation !== undefined && !(params.participation > 0 && params.participation <= 1))
    throw paramError("participation", params.participation, "a fraction in (0, 1]");
  if (params.slippage !== undefined && !(params.slippage >= 0 && params.slippage < 0.5))
    throw paramError("slippage", params.slippage, "a fraction from 0 to 0.5");
  if (params.priceLimit !== undefined && !(params.priceLimit > 0)) throw paramError("priceLimit", params.priceLimit, "a positive price");
  const minLots = params.minSlice === undefined ? 1 : toLots(params.minSlice, market.szDecimals, "minSlice");
  const maxLots = params.maxSlice === undefined ? target : toLots(params.maxSlice, market.szDecimals, "maxSlice");
  if (maxLots < minLots) throw paramError("maxSlice", params.maxSlice, `at least minSlice (${params.minSlice})`);
  const nSlices = Math.max(1, Math.ceil(params.durationMs / params.intervalMs));
  const nominalLots = Math.min(maxLots, Math.max(minLots, Math.ceil(target / nSlices)));
  return initialState("twap", id, market, params, target, { slices: 0, marketLots: 0, nSlices, nominalLots, minLots, maxLots }, now);
}

/**
 * The next slice's size in lots (0: skip this interval). Pure; exported for the property tests.
 * `px`: the slice's limit price. No slice is worth less than the exchange's minimum order value
 * (a catch-up of a few lots would be refused, again and again) unless it is all that is left.
 */
export function sliceLots(s: TwapState, now: number, px?: number): number {
  const d = s.data;
  const p = s.params;
  const filled = filledLots(s);
  const remaining = s.targetLots - filled - liveLots(s);
  if (remaining <= 0) return 0;
  const floor = px === undefined ? d.minLots : Math.max(d.minLots, minValueLots(px, s.market.szDecimals));
  let want: number;
  if (p.catchUp === false) want = d.nominalLots;
  else {
    // Where the schedule wants the fill to be at the end of this interval.
    const elapsed = now - (d.startAt ?? now);
    const fraction = Math.min(1, (elapsed + p.intervalMs) / p.durationMs);
    want = Math.ceil(s.targetLots * fraction) - filled;
  }
  if (p.participation !== undefined) want = Math.min(want, Math.floor(p.participation * d.marketLots) - filled);
  if (want <= 0) return 0;
  let lots = Math.min(Math.max(want, floor), d.maxLots);
  if (lots > remaining) lots = remaining;
  // Never leave a remainder smaller than the minimum slice when this slice can take it (or,
  // past maxSlice, leave exactly the minimum for the next one).
  if (remaining - lots > 0 && remaining - lots < floor) {
    if (remaining <= d.maxLots) lots = remaining;
    else if (remaining - floor >= floor) lots = remaining - floor;
  }
  // A participation cap that allows less than the minimum waits (unless it is the remainder).
  if (p.participation !== undefined && lots > Math.floor(p.participation * d.marketLots) - filled) return 0;
  return lots;
}

function nextInterval(s: TwapState, now: number): number {
  const r = s.params.randomize ?? 0;
  const jitter = r === 0 ? 1 : 1 + r * (2 * unitRandom(s.id, s.data.slices) - 1);
  return now + Math.max(1, Math.round(s.params.intervalMs * jitter));
}

export function twapStep(state: TwapState, event: AlgoEvent): Transition<TwapData, TwapParams> {
  const s = cloneState(state, (d) => ({ ...d })); // flat data (numbers and flags)
  applyLedger(s, event);
  if (s.status !== "running") return { state: s, commands: [] };
  const d = s.data;
  const p = s.params;
  const source = p.source ?? "mid";
  if (event.type === "price" && event.coin === s.market.coin && event.source === source) d.lastPx = event.px;
  if (event.type === "trade" && event.coin === s.market.coin) d.marketLots += event.sz * 10 ** s.market.szDecimals;
  if (event.type === "cancel") return { state: s, commands: finish(s, "canceled", event.reason ?? "canceled") };
  if (d.startAt === undefined && (event.type === "start" || event.type === "timer")) {
    d.startAt = event.now;
    d.nextAt = event.now;
  }
  const filled = filledLots(s);
  if (filled >= s.targetLots) return { state: s, commands: finish(s, "done", "filled") };
  if (s.rejects >= MAX_REJECTS) return { state: s, commands: finish(s, "failed", `${s.rejects} slices in a row were rejected (last: ${s.lastError})`) };
  const now = event.now;
  // A dry run fills nothing: catching up would slice at maxSlice forever. Its schedule, once over, is all there is to show.
  if (d.startAt !== undefined && now >= d.startAt + p.durationMs && liveChildren(s).length === 0 && isDryRun(s))
    return {
      state: s,
      commands: finish(s, "done", `dry-run: the schedule is over (${Object.keys(s.children).length} slices signed and audited, nothing sent)`),
    };
  if (d.startAt === undefined || d.nextAt === undefined || now < d.nextAt || liveChildren(s).length > 0) return { state: s, commands: [] };
  if (p.catchUp === false && now >= d.startAt + p.durationMs + p.intervalMs)
    return { state: s, commands: finish(s, "done", `duration over: filled ${filled} of ${s.targetLots} lots`) };
  if (d.lastPx === undefined) return { state: s, commands: [] }; // no reference price yet: wait for one
  const commands: AlgoCommand[] = [];
  const buy = p.side === "buy";
  const limited = p.priceLimit !== undefined && (buy ? d.lastPx > p.priceLimit : d.lastPx < p.priceLimit);
  const slip = p.slippage ?? 0.005;
  let px = d.lastPx * (buy ? 1 + slip : 1 - slip);
  if (p.priceLimit !== undefined) px = buy ? Math.min(px, p.priceLimit) : Math.max(px, p.priceLimit);
  const lots = limited ? 0 : sliceLots(s, now, px);
  const left = s.targetLots - filled;
  // What is left (after a partial fill) is worth less than any order the exchange takes: done.
  if (filled > 0 && lots > 0 && lots === left && liveChildren(s).length === 0 && lots < minValueLots(px, s.market.szDecimals))
    return {
      state: s,
      commands: finish(
        s,
        "done",
        `filled ${filled} of ${s.targetLots} lots: the last ${left} are worth less than the exchange's $${MIN_ORDER_VALUE} minimum order`,
      ),
    };
  if (lots > 0) commands.push(placeChild(s, { tag: "slice", side: p.side, lots, px, tif: "Ioc" }, now));
  d.nextAt = nextInterval(s, now);
  d.slices++;
  return { state: s, commands };
}

/** A timer tick before the next slice is due and inside the duration: nothing to do. */
export function twapIdle(s: TwapState, event: AlgoEvent): boolean {
  const d = s.data;
  return (
    event.type === "timer" &&
    s.status === "running" &&
    d.startAt !== undefined &&
    d.nextAt !== undefined &&
    event.now < d.nextAt &&
    event.now < d.startAt + s.params.durationMs
  );
}

export const twapAlgo: AlgoDefinition<TwapData, TwapParams> = {
  kind: "twap",
  step: twapStep,
  idle: twapIdle,
  sources: (s) => [{ coin: s.market.coin, source: s.params.source ?? "mid" }],
};
