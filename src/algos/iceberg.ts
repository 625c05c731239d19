/**
 * Iceberg: a large order shown a display size at a time, at one limit price; each time the
 * shown order is done (filled, or canceled by someone else) the next one is placed with a
 * fresh cloid, optionally with a randomised display size.
 */
import {
  applyLedger,
  cloneState,
  filledLots,
  finish,
  initialState,
  liveChildren,
  MAX_REJECTS,
  paramError,
  MIN_ORDER_VALUE,
  minValueLots,
  placeChild,
  toLots,
  unitRandom,
  type AlgoDefinition,
  type AlgoEvent,
  type AlgoState,
  type MarketRef,
  type Side,
  type Transition,
  waitingOnSimulated,
} from "./core.js";

export interface IcebergParams {
  coin: string;
  side: Side;
  size: string | number;
  displaySize: string | number;
  limitPx: number;
  /** Each display size varies by ± this fraction (0..0.9). */
  randomizeDisplay?: number;
  /** Gtc (default) or Alo (post-only: never takes). */
  tif?: "Gtc" | "Alo";
}

export interface IcebergData {
  displayLots: number;
  refreshes: number;
}

export type IcebergState = AlgoState<IcebergData, IcebergParams>;

export function createIceberg(id: string, market: MarketRef, params: IcebergParams, now: number): IcebergState {
  const target = toLots(params.size, market.szDecimals);
  const display = toLots(params.displaySize, market.szDecimals, "displaySize");
  if (display > target) throw paramError("displaySize", params.displaySize, `at most size (${params.size})`);
  if (!(params.limitPx > 0)) throw paramError("limitPx", params.limitPx, "a positive price");
  if (params.randomizeDisplay !== undefined && !(params.randomizeDisplay >= 0 && params.randomizeDisplay <= 0.9))
    throw paramError("randomizeDisplay", params.randomizeDisplay, "a fraction from 0 to 0.9");
  return initialState("iceberg", id, market, params, target, { displayLots: display, refreshes: 0 }, now);
}

/**
 * The size of the next shown order in lots: never worth less than the exchange's minimum order
 * (at the limit price), and never leaving a remainder below it (the last one shows it all).
 */
export function displayLots(s: IcebergState): number {
  const remaining = s.targetLots - filledLots(s);
  const r = s.params.randomizeDisplay ?? 0;
  const shown = r === 0 ? s.data.displayLots : Math.round(s.data.displayLots * (1 + r * (2 * unitRandom(s.id, s.data.refreshes) - 1)));
  const floor = Math.max(1, minValueLots(s.params.limitPx, s.market.szDecimals));
  const lots = Math.min(Math.max(shown, floor), remaining);
  return remaining - lots < floor ? remaining : lots;
}

export function icebergStep(state: IcebergState, event: AlgoEvent): Transition<IcebergData, IcebergParams> {
  const s = cloneState(state, (d) => ({ ...d })); // flat data (numbers and flags)
  applyLedger(s, event);
  if (s.status !== "running") return { state: s, commands: [] };
  if (event.type === "cancel") return { state: s, commands: finish(s, "canceled", event.reason ?? "canceled") };
  if (filledLots(s) >= s.targetLots) return { state: s, commands: finish(s, "done", "filled") };
  if (s.rejects >= MAX_REJECTS) return { state: s, commands: finish(s, "failed", `${s.rejects} display orders in a row were rejected (last: ${s.lastError})`) };
  // A dry run's display order rests and can never fill: there is no next one to show.
  if (waitingOnSimulated(s))
    return { state: s, commands: finish(s, "done", "dry-run: the display order rests (signed and audited, not sent); nothing fills in a dry run") };
  if (liveChildren(s).length > 0 || event.type === "price" || event.type === "trade") return { state: s, commands: [] };
  const lots = displayLots(s);
  if (filledLots(s) > 0 && lots < minValueLots(s.params.limitPx, s.market.szDecimals))
    return {
      state: s,
      commands: finish(
        s,
        "done",
        `filled ${filledLots(s)} of ${s.targetLots} lots: the last ${lots} are worth less than the exchange's $${MIN_ORDER_VALUE} minimum order`,
      ),
    };
  s.data.refreshes++;
  const command = placeChild(s, { tag: "display", side: s.params.side, lots, px: s.params.limitPx, tif: s.params.tif ?? "Gtc" }, event.now);
  return { state: s, commands: [command] };
}

export const icebergAlgo: AlgoDefinition<IcebergData, IcebergParams> = {
  kind: "iceberg",
  step: icebergStep,
  sources: () => [],
  // A timer while the display order is live (and can fill): the next one waits for its end.
  idle: (s, event) => event.type === "timer" && s.status === "running" && liveChildren(s).length > 0 && !waitingOnSimulated(s),
};
