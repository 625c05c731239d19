/**
 * The exchange's own TWAP (twapOrder) behind the same handle: one command starts it, its
 * slice fills report progress, cancel sends twapCancel. The exchange runs the slices, so a
 * crash of this process does not stop it; a resumed runner only needs the twap id, which is
 * written as soon as the answer names it (before: `submitted`, so it is never sent twice).
 */
import {
  cloneState,
  initialState,
  paramError,
  toLots,
  type AlgoDefinition,
  type AlgoEvent,
  type AlgoState,
  type MarketRef,
  type Side,
  type Transition,
} from "./core.js";

export interface NativeTwapParams {
  coin: string;
  side: Side;
  size: string | number;
  minutes: number;
  randomize?: boolean;
  reduceOnly?: boolean;
}

export interface NativeTwapData {
  submitted: boolean;
  twapId?: number;
  filledLots: number;
}

export type NativeTwapState = AlgoState<NativeTwapData, NativeTwapParams>;

export function createNativeTwap(id: string, market: MarketRef, params: NativeTwapParams, now: number): NativeTwapState {
  const target = toLots(params.size, market.szDecimals);
  if (!Number.isInteger(params.minutes) || params.minutes < 5 || params.minutes > 1440)
    throw paramError("minutes", params.minutes, "an integer number of minutes from 5 to 1440 (the exchange's limits)");
  return initialState("native-twap", id, market, params, target, { submitted: false, filledLots: 0 }, now);
}

export function nativeTwapStep(state: NativeTwapState, event: AlgoEvent): Transition<NativeTwapData, NativeTwapParams> {
  const s = cloneState(state, (d) => ({ ...d })); // flat data (numbers and flags)
  s.updated = event.now;
  if (s.status !== "running") return { state: s, commands: [] };
  const d = s.data;
  const p = s.params;
  if (event.type === "cancel") {
    s.status = "canceled";
    s.reason = event.reason ?? "canceled";
    return { state: s, commands: d.twapId === undefined ? [] : [{ type: "twapCancel", twapId: d.twapId }] };
  }
  if (event.type === "twap") {
    // A dry run: the exchange runs the slices, and it was not asked; nothing more to show.
    if (event.simulated) {
      s.status = "done";
      s.reason = "dry-run: the twapOrder was signed and audited, not sent";
      return { state: s, commands: [] };
    }
    if (event.error !== undefined) {
      s.status = "failed";
      s.reason = event.error;
      return { state: s, commands: [] };
    }
    if (event.twapId !== undefined) d.twapId = event.twapId;
    if (event.filledLots !== undefined) d.filledLots = Math.min(s.targetLots, Math.max(d.filledLots, event.filledLots));
    if (event.finished || d.filledLots >= s.targetLots) {
      s.status = "done";
      s.reason = "the exchange's TWAP finished";
    }
    return { state: s, commands: [] };
  }
  if (!d.submitted && (event.type === "start" || event.type === "timer")) {
    d.submitted = true;
    return {
      state: s,
      commands: [
        { type: "twapOrder", side: p.side, lots: s.targetLots, minutes: p.minutes, randomize: p.randomize ?? false, reduceOnly: p.reduceOnly ?? false },
      ],
    };
  }
  return { state: s, commands: [] };
}

export const nativeTwapAlgo: AlgoDefinition<NativeTwapData, NativeTwapParams> = { kind: "native-twap", step: nativeTwapStep, sources: () => [] };
