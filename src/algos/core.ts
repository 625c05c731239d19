/**
 * What every algorithm shares: the event and command types, the child-order ledger and the
 * deterministic client order ids. Sizes are integer lots (size × 10^szDecimals) so the
 * bookkeeping never meets a float rounding error; prices are numbers the runner rounds to
 * the exchange's rules when it builds the wire order.
 *
 * Transitions are pure: `(state, event) → { state, commands }`, the input state is never
 * mutated (each step works on a structured clone), so a state written before its commands
 * are sent is exactly what a resumed runner continues from.
 */
import { createHash } from "node:crypto";
import { ValidationError } from "../errors/base.js";

export type Side = "buy" | "sell";
export type PriceSource = "mid" | "mark" | "last";
export type Tif = "Gtc" | "Ioc" | "Alo";
export type AlgoStatus = "running" | "done" | "canceled" | "failed";

/** What a child order needs to know about its market. */
export interface MarketRef {
  coin: string;
  asset: number;
  szDecimals: number;
  isSpot: boolean;
}

/** pending: written, not yet answered; open: resting; done: terminal; lost: the exchange never saw it. */
export type ChildStatus = "pending" | "open" | "done" | "lost";

export interface Child {
  cloid: string;
  step: number;
  /** Which part of the algorithm placed it (e.g. "slice", "display", "tp"). */
  tag: string;
  side: Side;
  lots: number;
  px: number;
  tif: Tif;
  reduceOnly: boolean;
  trigger?: TriggerSpec;
  status: ChildStatus;
  oid?: number;
  /** Sum of the distinct fills seen (websocket, userFillsByTime). */
  fillLots: number;
  /** Filled lots an order answer or status reported (totalSz, origSz − sz). */
  reportedLots: number;
  placedAt: number;
  /** Answered by a dry run (signed and audited, never sent): it cannot fill. */
  simulated?: true;
}

export interface TriggerSpec {
  triggerPx: number;
  isMarket: boolean;
  tpsl: "tp" | "sl";
}

/** The state every algorithm carries; `data` is the algorithm's own. */
export interface AlgoState<D = unknown, P = unknown> {
  id: string;
  kind: string;
  status: AlgoStatus;
  reason?: string;
  created: number;
  updated: number;
  market: MarketRef;
  params: P;
  /** Last step number used for a cloid; written before the command that uses it is sent. */
  step: number;
  targetLots: number;
  children: Record<string, Child>;
  /** Keys (oid:tid) of the fills already counted. */
  fillKeys: string[];
  /** Consecutive rejected placements (a guard refusal, margin): the algorithm fails after a few. */
  rejects: number;
  /** The last rejection's text (shown in a failure's reason). */
  lastError?: string;
  data: D;
}

export type AlgoEvent =
  | { type: "start"; now: number }
  | { type: "timer"; now: number }
  | { type: "price"; coin: string; source: PriceSource; px: number; now: number }
  /** Market volume (every trade of the coin, in coins) for participation caps. */
  | { type: "trade"; coin: string; sz: number; px: number; now: number }
  | { type: "fill"; cloid: string; key: string; lots: number; px: number; now: number }
  /** The order answer: resting (open) or filled (filledLots), by cloid. */
  | { type: "placed"; cloid: string; oid?: number; resting: boolean; filledLots: number; now: number; simulated?: boolean }
  | { type: "rejected"; cloid: string; error: string; now: number }
  /** An order update or a reconciled orderStatus; filledLots when the exchange told it. */
  | { type: "status"; cloid: string; status: "open" | "done" | "unknown"; filledLots?: number; oid?: number; now: number }
  | { type: "position"; coin: string; szi: number; now: number }
  /** The user asked to stop. */
  | { type: "cancel"; now: number; reason?: string }
  /** The native TWAP's answer (running id) or its progress. */
  | { type: "twap"; twapId?: number; filledLots?: number; finished?: boolean; error?: string; now: number; simulated?: boolean };

export type AlgoCommand =
  | { type: "place"; cloid: string; side: Side; lots: number; px: number; tif: Tif; reduceOnly: boolean; trigger?: TriggerSpec }
  | { type: "cancel"; cloid: string }
  | { type: "modify"; cloid: string; newCloid: string; lots: number; px: number; tif: Tif; reduceOnly: boolean; side: Side }
  | { type: "twapOrder"; side: Side; lots: number; minutes: number; randomize: boolean; reduceOnly: boolean }
  | { type: "twapCancel"; twapId: number };

export interface Transition<D = unknown, P = unknown> {
  state: AlgoState<D, P>;
  commands: AlgoCommand[];
}

/** An algorithm: its kind, how it starts, and its pure transition function. */
export interface AlgoDefinition<D, P> {
  kind: string;
  step(state: AlgoState<D, P>, event: AlgoEvent): Transition<D, P>;
  /** A market-driven change that must be written at once (the runner batches the others). */
  critical?(previous: AlgoState<D, P>, next: AlgoState<D, P>): boolean;
  /** Which price feeds it reads (the runner subscribes to them). */
  sources(state: AlgoState<D, P>): { coin: string; source: PriceSource }[];
  /**
   * True when `event` cannot change `state` beyond its `updated` time and gives no command (a
   * timer tick between two TWAP slices): the runner skips the transition, its copy and its
   * write. Must agree with `step` (tested); absent: every event is stepped.
   */
  idle?(state: AlgoState<D, P>, event: AlgoEvent): boolean;
}

/** The client order id of an algorithm's step: the first 16 bytes of SHA-256("id:step"). */
export function cloidOf(id: string, step: number): string {
  return `0x${createHash("sha256").update(`${id}:${step}`).digest("hex").slice(0, 32)}`;
}

export function childFilled(c: Child): number {
  return Math.max(c.fillLots, c.reportedLots);
}

export function isLive(c: Child): boolean {
  return c.status === "pending" || c.status === "open";
}

export function filledLots(s: AlgoState): number {
  let n = 0;
  for (const c of Object.values(s.children)) n += childFilled(c);
  return n;
}

/** Lots still on the book or in flight (not yet filled) across live children. */
export function liveLots(s: AlgoState): number {
  let n = 0;
  for (const c of Object.values(s.children)) if (isLive(c)) n += Math.max(0, c.lots - childFilled(c));
  return n;
}

export function liveChildren(s: AlgoState): Child[] {
  return Object.values(s.children).filter(isLive);
}

export const MAX_REJECTS = 5;

/** A dry run: some child was answered as simulated (nothing is sent, nothing can fill). */
export function isDryRun(s: AlgoState): boolean {
  for (const c of Object.values(s.children)) if (c.simulated) return true;
  return false;
}

/** Live children exist and every one is a simulated resting order: only a fill (which cannot come) would change anything. */
export function waitingOnSimulated(s: AlgoState): boolean {
  const live = liveChildren(s);
  return live.length > 0 && live.every((c) => c.simulated === true);
}

/**
 * The child-order ledger's part of a transition: counts each fill once (by oid:tid), moves
 * children through pending → open → done, and counts consecutive rejections. Mutates `s`
 * (callers pass their clone).
 */
export function applyLedger(s: AlgoState, event: AlgoEvent): void {
  s.updated = event.now;
  if (event.type === "fill") {
    if (!s.children[event.cloid] || s.fillKeys.includes(event.key)) return;
    const c = ownChild(s, event.cloid)!;
    ownFillKeys(s).push(event.key);
    c.fillLots += event.lots;
    if (childFilled(c) >= c.lots) c.status = "done";
    s.rejects = 0;
  } else if (event.type === "placed") {
    const c = ownChild(s, event.cloid);
    if (!c) return;
    if (event.oid !== undefined) c.oid = event.oid;
    if (event.simulated) c.simulated = true;
    c.reportedLots = Math.max(c.reportedLots, event.filledLots);
    if (c.status === "pending" || c.status === "lost") c.status = event.resting && childFilled(c) < c.lots ? "open" : "done";
    s.rejects = 0;
  } else if (event.type === "rejected") {
    const c = ownChild(s, event.cloid);
    if (!c || c.status === "done") return;
    c.status = "done";
    s.rejects++;
    s.lastError = event.error;
  } else if (event.type === "status") {
    const c = ownChild(s, event.cloid);
    if (!c) return;
    if (event.oid !== undefined) c.oid = event.oid;
    if (event.filledLots !== undefined) c.reportedLots = Math.max(c.reportedLots, event.filledLots);
    if (event.status === "open") c.status = childFilled(c) >= c.lots ? "done" : "open";
    else if (event.status === "done") c.status = "done";
    else if (c.status === "pending") c.status = "lost";
  }
}

/** Adds a pending child with the next step's cloid; returns the place command. Mutates `s`. */
export function placeChild(
  s: AlgoState,
  spec: { tag: string; side: Side; lots: number; px: number; tif: Tif; reduceOnly?: boolean; trigger?: TriggerSpec },
  now: number,
): AlgoCommand {
  s.step++;
  const cloid = cloidOf(s.id, s.step);
  const child: Child = {
    cloid,
    step: s.step,
    tag: spec.tag,
    side: spec.side,
    lots: spec.lots,
    px: spec.px,
    tif: spec.tif,
    reduceOnly: spec.reduceOnly ?? false,
    status: "pending",
    fillLots: 0,
    reportedLots: 0,
    placedAt: now,
    ...(spec.trigger ? { trigger: spec.trigger } : {}),
  };
  ownChildren(s)[cloid] = child;
  return {
    type: "place",
    cloid,
    side: child.side,
    lots: child.lots,
    px: child.px,
    tif: child.tif,
    reduceOnly: child.reduceOnly,
    ...(child.trigger ? { trigger: child.trigger } : {}),
  };
}

/** Cancel commands for every live child (a pending one too: its answer may still come). */
export function cancelLive(s: AlgoState): AlgoCommand[] {
  return liveChildren(s).map((c) => ({ type: "cancel", cloid: c.cloid }) as const);
}

/** Size in coins → whole lots (rounded down: never more than asked). */
export function toLots(size: string | number, szDecimals: number, field = "size"): number {
  const n = typeof size === "string" ? Number(size) : size;
  if (!Number.isFinite(n) || n <= 0) throw paramError(field, size, "a positive size");
  const lots = Math.floor(n * 10 ** szDecimals + 1e-9);
  if (lots < 1) throw paramError(field, size, `at least one lot (${(10 ** -szDecimals).toFixed(szDecimals)})`);
  return lots;
}

export function lotsToSize(lots: number, szDecimals: number): string {
  // toFixed then strip: a canonical decimal ("0.1", never "0.10").
  const text = (lots / 10 ** szDecimals).toFixed(szDecimals);
  return szDecimals === 0 ? text : text.replace(/\.?0+$/, "");
}

/** A bad parameter: names the field, the value and what is allowed. */
export function paramError(field: string, value: unknown, expected: string): ValidationError {
  return new ValidationError("algorithm parameter", [{ path: field, value, expected }]);
}

/** A deterministic uniform number in [0, 1) from (id, n): randomised intervals replay the same after a resume. */
export function unitRandom(id: string, n: number): number {
  const h = createHash("sha256").update(`${id}#${n}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

/** The common starting state of an algorithm. */
export function initialState<D, P>(kind: string, id: string, market: MarketRef, params: P, targetLots: number, data: D, now: number): AlgoState<D, P> {
  return { id, kind, status: "running", created: now, updated: now, market, params, step: 0, targetLots, children: {}, fillKeys: [], rejects: 0, data };
}

/**
 * The input untouched: every transition starts from a copy. A shallow one (a structured clone
 * of a state with a few hundred children, on every price tick of 100 algorithms, was most of
 * the runner's garbage): the top level is copied and `data` copied (by the algorithm's
 * `copyData`: a spread for flat data; structuredClone, itself slow for small objects, by default); `params` and `market` are
 * shared (never written); the children map and the fill keys are shared until this
 * transition first changes them ({@link ownChildren}, {@link ownFillKeys}), and a child is
 * copied before it is changed ({@link ownChild}).
 */
export function cloneState<D, P>(s: AlgoState<D, P>, copyData: (data: D) => D = structuredClone): AlgoState<D, P> {
  return { ...s, data: copyData(s.data) };
}

/** Which state a children map or fill-key list was copied for: only that state may write it. */
const owners = new WeakMap<object, AlgoState>();

/** The children map as this state's own (copied on its first change). Mutates `s`. */
export function ownChildren(s: AlgoState): Record<string, Child> {
  if (owners.get(s.children) !== s) {
    s.children = { ...s.children };
    owners.set(s.children, s);
  }
  return s.children;
}

function ownFillKeys(s: AlgoState): string[] {
  if (owners.get(s.fillKeys) !== s) {
    s.fillKeys = [...s.fillKeys];
    owners.set(s.fillKeys, s);
  }
  return s.fillKeys;
}

/** The child of `cloid` as this transition's own copy (the previous state keeps its object). Mutates `s`. */
export function ownChild(s: AlgoState, cloid: string): Child | undefined {
  const c = s.children[cloid];
  if (!c) return undefined;
  const copy = { ...c };
  ownChildren(s)[cloid] = copy;
  return copy;
}

/** A finished algorithm cancels what it still has on the book. */
export function finish(s: AlgoState, status: Exclude<AlgoStatus, "running">, reason: string): AlgoCommand[] {
  s.status = status;
  s.reason = reason;
  return cancelLive(s);
}

/** The exchange refuses an order worth less than this many USD (reduce-only orders aside). */
export const MIN_ORDER_VALUE = 10;

/** The fewest lots worth at least MIN_ORDER_VALUE at `px` (a hair over, against rounding). */
export function minValueLots(px: number, szDecimals: number): number {
  return Math.ceil((MIN_ORDER_VALUE / px) * 10 ** szDecimals * (1 + 1e-9));
}
