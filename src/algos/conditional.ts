/**
 * Conditional orders: named child orders and if-then-else rules over price, fill, position
 * and time. A rule fires once: `then` when its condition first holds, `else` when its
 * `until` time passes first. Composable into OCO, a bracket entry with TP and SL, or
 * "cancel B when A fills" (builders below). A named order is placed at most once.
 */
import {
  applyLedger,
  childFilled,
  cloneState,
  finish,
  initialState,
  isLive,
  paramError,
  placeChild,
  toLots,
  type AlgoCommand,
  type AlgoDefinition,
  type AlgoEvent,
  type AlgoState,
  type MarketRef,
  type PriceSource,
  type Side,
  type Tif,
  type Transition,
  type TriggerSpec,
  waitingOnSimulated,
  ownChild,
} from "./core.js";

export interface OrderSpec {
  side: Side;
  size: string | number;
  px: number;
  tif?: Tif;
  reduceOnly?: boolean;
  /** A native trigger order (TP/SL on the mark). */
  trigger?: TriggerSpec;
}

export type Condition =
  | { price: { coin?: string; source?: PriceSource; above?: number; below?: number } }
  | { filled: string; partial?: boolean }
  | { position: { coin?: string; above?: number; below?: number } }
  | { time: { after: number } }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type Action = { place: string } | { cancel: string } | { modify: string; px: number };

export interface Rule {
  if: Condition;
  then: Action[];
  else?: Action[];
  /** Epoch ms: when the condition has not held by then, `else` runs. */
  until?: number;
}

export interface ConditionalParams {
  coin: string;
  orders: Record<string, OrderSpec>;
  /** Actions run at the start (e.g. place the entry). */
  start?: Action[];
  rules: Rule[];
}

export interface ConditionalData {
  started: boolean;
  prices: Record<string, number>;
  positions: Record<string, number>;
  /** Order name → the cloid of its child. */
  named: Record<string, string>;
  /** Rule index → the branch that ran. */
  fired: Record<string, "then" | "else">;
  lots: Record<string, number>;
}

export type ConditionalState = AlgoState<ConditionalData, ConditionalParams>;

function actionsOf(rule: Rule): Action[] {
  return [...rule.then, ...(rule.else ?? [])];
}

function nameOf(a: Action): string {
  return "place" in a ? a.place : "cancel" in a ? a.cancel : a.modify;
}

export function createConditional(id: string, market: MarketRef, params: ConditionalParams, now: number): ConditionalState {
  const lots: Record<string, number> = {};
  for (const [name, o] of Object.entries(params.orders)) {
    lots[name] = toLots(o.size, market.szDecimals, `orders.${name}.size`);
    if (!(o.px > 0)) throw paramError(`orders.${name}.px`, o.px, "a positive price");
  }
  const names = Object.keys(params.orders);
  const check = (a: Action, where: string) => {
    if (!Object.hasOwn(params.orders, nameOf(a))) throw paramError(where, nameOf(a), `one of the named orders (${names.join(", ")})`);
  };
  (params.start ?? []).forEach((a, i) => check(a, `start[${i}]`));
  params.rules.forEach((r, i) => actionsOf(r).forEach((a, j) => check(a, `rules[${i}].actions[${j}]`)));
  const target = Object.values(lots).reduce((a, b) => a + b, 0);
  return initialState("when", id, market, params, target, { started: false, prices: {}, positions: {}, named: {}, fired: {}, lots }, now);
}

export function holds(s: ConditionalState, c: Condition, now: number): boolean {
  const d = s.data;
  if ("all" in c) return c.all.every((x) => holds(s, x, now));
  if ("any" in c) return c.any.some((x) => holds(s, x, now));
  if ("not" in c) return !holds(s, c.not, now);
  if ("time" in c) return now >= c.time.after;
  if ("filled" in c) {
    const child = d.named[c.filled] === undefined ? undefined : s.children[d.named[c.filled]!];
    if (!child) return false;
    return c.partial ? childFilled(child) > 0 : childFilled(child) >= child.lots;
  }
  const range = "price" in c ? c.price : c.position;
  const coin = range.coin ?? s.market.coin;
  const value = "price" in c ? d.prices[`${coin}|${c.price.source ?? "mid"}`] : d.positions[coin];
  if (value === undefined) return false;
  return (range.above === undefined || value >= range.above) && (range.below === undefined || value <= range.below);
}

/** The rule can only fire after a fill (it has no deadline and its condition needs one). */
function needsFill(r: Rule): boolean {
  return r.until === undefined && conditionNeedsFill(r.if);
}

function conditionNeedsFill(c: Condition): boolean {
  if ("filled" in c) return true;
  if ("all" in c) return c.all.some(conditionNeedsFill);
  if ("any" in c) return c.any.length > 0 && c.any.every(conditionNeedsFill);
  return false;
}

function run(s: ConditionalState, actions: Action[], now: number): AlgoCommand[] {
  const out: AlgoCommand[] = [];
  for (const a of actions) {
    const name = nameOf(a);
    const spec = s.params.orders[name]!;
    let current = s.data.named[name] === undefined ? undefined : s.children[s.data.named[name]!];
    if ("place" in a) {
      if (current) continue; // placed once, never again
      const cmd = placeChild(
        s,
        {
          tag: name,
          side: spec.side,
          lots: s.data.lots[name]!,
          px: spec.px,
          tif: spec.tif ?? "Gtc",
          reduceOnly: spec.reduceOnly ?? false,
          ...(spec.trigger ? { trigger: spec.trigger } : {}),
        },
        now,
      );
      if (cmd.type === "place") s.data.named[name] = cmd.cloid;
      out.push(cmd);
    } else if ("cancel" in a) {
      if (current && isLive(current)) out.push({ type: "cancel", cloid: current.cloid });
    } else if (current && current.status === "open" && !current.trigger) {
      current = ownChild(s, current.cloid)!;
      const left = current.lots - childFilled(current);
      current.status = "done";
      current.lots = childFilled(current);
      const cmd = placeChild(s, { tag: name, side: spec.side, lots: left, px: a.px, tif: current.tif, reduceOnly: current.reduceOnly }, now);
      if (cmd.type !== "place") continue;
      s.data.named[name] = cmd.cloid;
      out.push({
        type: "modify",
        cloid: current.cloid,
        newCloid: cmd.cloid,
        lots: left,
        px: a.px,
        tif: current.tif,
        reduceOnly: current.reduceOnly,
        side: spec.side,
      });
    }
  }
  return out;
}

export function conditionalStep(state: ConditionalState, event: AlgoEvent): Transition<ConditionalData, ConditionalParams> {
  // Its records are written (prices, positions, named, fired): each copied.
  const s = cloneState(state, (d) => ({
    ...d,
    prices: { ...d.prices },
    positions: { ...d.positions },
    named: { ...d.named },
    fired: { ...d.fired },
    lots: { ...d.lots },
  }));
  applyLedger(s, event);
  if (s.status !== "running") return { state: s, commands: [] };
  const d = s.data;
  if (event.type === "cancel") return { state: s, commands: finish(s, "canceled", event.reason ?? "canceled") };
  if (event.type === "price") d.prices[`${event.coin}|${event.source}`] = event.px;
  if (event.type === "position") d.positions[event.coin] = event.szi;
  const commands: AlgoCommand[] = [];
  if (!d.started) {
    d.started = true;
    commands.push(...run(s, s.params.start ?? [], event.now));
  }
  // Rules see each other's effects in order; repeat until nothing more fires.
  for (let changed = true; changed;) {
    changed = false;
    s.params.rules.forEach((rule, i) => {
      if (d.fired[i] !== undefined) return;
      if (holds(s, rule.if, event.now)) d.fired[i] = "then";
      else if (rule.until !== undefined && event.now >= rule.until) d.fired[i] = "else";
      else return;
      changed = true;
      commands.push(...run(s, d.fired[i] === "then" ? rule.then : (rule.else ?? []), event.now));
    });
  }
  const live = Object.values(s.children).some(isLive);
  const canStillPlace = s.params.rules.some((r, i) => d.fired[i] === undefined && actionsOf(r).some((a) => !("cancel" in a)));
  if (!live && !canStillPlace && commands.length === 0) finish(s, "done", "every rule that can place an order has run");
  // A dry run: the live orders are simulated (they cannot fill) and every rule left waits for a fill.
  else if (commands.length === 0 && waitingOnSimulated(s) && !s.params.rules.some((r, i) => d.fired[i] === undefined && !needsFill(r)))
    commands.push(...finish(s, "done", "dry-run: the orders rest (signed and audited, not sent) and every rule left waits for a fill"));
  return { state: s, commands };
}

export const conditionalAlgo: AlgoDefinition<ConditionalData, ConditionalParams> = {
  kind: "when",
  step: conditionalStep,
  sources: (s) => {
    const out: { coin: string; source: PriceSource }[] = [];
    const walk = (c: Condition): void => {
      if ("all" in c) c.all.forEach(walk);
      else if ("any" in c) c.any.forEach(walk);
      else if ("not" in c) walk(c.not);
      else if ("price" in c) out.push({ coin: c.price.coin ?? s.params.coin, source: c.price.source ?? "mid" });
    };
    s.params.rules.forEach((r) => walk(r.if));
    return out;
  },
};

/** One cancels the other: both rest; the first to fill cancels the other. */
export function oco(coin: string, a: OrderSpec, b: OrderSpec): ConditionalParams {
  return {
    coin,
    orders: { a, b },
    start: [{ place: "a" }, { place: "b" }],
    rules: [
      { if: { filled: "a", partial: true }, then: [{ cancel: "b" }] },
      { if: { filled: "b", partial: true }, then: [{ cancel: "a" }] },
    ],
  };
}

/** Entry first; once it fills, a take-profit and a stop-loss (reduce-only triggers) as an OCO pair. */
export function bracket(coin: string, entry: OrderSpec, takeProfit: { triggerPx: number }, stopLoss: { triggerPx: number }): ConditionalParams {
  const exit: Side = entry.side === "buy" ? "sell" : "buy";
  const slip = exit === "sell" ? 0.9 : 1.1;
  return {
    coin,
    orders: {
      entry,
      tp: {
        side: exit,
        size: entry.size,
        px: takeProfit.triggerPx * slip,
        reduceOnly: true,
        trigger: { triggerPx: takeProfit.triggerPx, isMarket: true, tpsl: "tp" },
      },
      sl: {
        side: exit,
        size: entry.size,
        px: stopLoss.triggerPx * slip,
        reduceOnly: true,
        trigger: { triggerPx: stopLoss.triggerPx, isMarket: true, tpsl: "sl" },
      },
    },
    start: [{ place: "entry" }],
    rules: [
      { if: { filled: "entry" }, then: [{ place: "tp" }, { place: "sl" }] },
      { if: { filled: "tp", partial: true }, then: [{ cancel: "sl" }] },
      { if: { filled: "sl", partial: true }, then: [{ cancel: "tp" }] },
    ],
  };
}

/** Both rest; when A fills, B is canceled. */
export function cancelWhenFilled(coin: string, a: OrderSpec, b: OrderSpec): ConditionalParams {
  return { coin, orders: { a, b }, start: [{ place: "a" }, { place: "b" }], rules: [{ if: { filled: "a" }, then: [{ cancel: "b" }] }] };
}
