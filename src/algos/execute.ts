/**
 * Commands to exchange actions, and exchange answers back to events. An answer that proves
 * what happened becomes an event; an outcome that cannot be known (ActionOutcomeUnknownError:
 * no answer, 429, 5xx, a cut connection) becomes `unknown`, and the runner pauses and
 * reconciles by cloid before it lets the algorithm place anything else.
 */
import type { ExchangeClient } from "../clients/exchange.js";
import type { InfoClient } from "../clients/info.js";
import { formatPrice } from "../clients/prices.js";
import { ActionOutcomeUnknownError } from "../errors/exchange.js";
import { dryRunOf } from "../guard/pipeline.js";
import type * as Wire from "../../generated/ts/types.js";
import { lotsToSize, type AlgoCommand, type AlgoEvent, type MarketRef } from "./core.js";

export interface CommandIo {
  exchange: Pick<ExchangeClient, "order" | "cancelByCloid" | "modify" | "twapOrder" | "twapCancel">;
  info: InfoClient;
  user: string;
}

export interface Outcome {
  event?: AlgoEvent;
  /** Why the outcome is unknown (the runner pauses and reconciles). */
  unknown?: string;
  error?: unknown;
}

/** Whole lots of a wire size. */
export function wireLots(size: string | undefined, szDecimals: number): number {
  const n = Number(size ?? "0");
  return Number.isFinite(n) ? Math.round(n * 10 ** szDecimals) : 0;
}

function price(px: number, m: MarketRef): string {
  return formatPrice(px, { szDecimals: m.szDecimals, isSpot: m.isSpot }, "round");
}

function wireOrder(m: MarketRef, c: Extract<AlgoCommand, { type: "place" }>, cloid = c.cloid): Wire.OrderWire {
  return {
    a: m.asset,
    b: c.side === "buy",
    p: price(c.px, m),
    s: lotsToSize(c.lots, m.szDecimals),
    r: c.reduceOnly,
    t: c.trigger ? { trigger: { triggerPx: price(c.trigger.triggerPx, m), isMarket: c.trigger.isMarket, tpsl: c.trigger.tpsl } } : { limit: { tif: c.tif } },
    c: cloid,
  };
}

/** The event an order answer's status proves. */
export function placedEvent(cloid: string, status: unknown, tif: string, m: MarketRef, now: number): AlgoEvent {
  if (status === "waitingForFill" || status === "waitingForTrigger")
    // dry-run, or a grouped child: nothing rests that could fill an IOC.
    return { type: "placed", cloid, resting: tif !== "Ioc", filledLots: 0, now };
  const s = (status ?? {}) as { resting?: { oid: number }; filled?: { oid: number; totalSz: string }; error?: string };
  if (s.resting) return { type: "placed", cloid, oid: s.resting.oid, resting: true, filledLots: 0, now };
  if (s.filled) return { type: "placed", cloid, oid: s.filled.oid, resting: false, filledLots: wireLots(s.filled.totalSz, m.szDecimals), now };
  const error = typeof s.error === "string" ? s.error : `unexpected order status ${JSON.stringify(status)}`;
  // An IOC that found nothing to match is an ordinary outcome (nothing filled), not a rejection.
  if (/could not immediately match/i.test(error)) return { type: "placed", cloid, resting: false, filledLots: 0, now };
  return { type: "rejected", cloid, error, now };
}

export async function executeCommand(io: CommandIo, m: MarketRef, c: AlgoCommand, now: () => number): Promise<Outcome> {
  try {
    if (c.type === "place") {
      const res = await io.exchange.order({ orders: [wireOrder(m, c)], grouping: "na" });
      // Dry run: signed and audited, not sent; IOC ends unfilled, anything else "rests" unfillable.
      if (dryRunOf(res))
        return { event: { type: "placed", cloid: c.cloid, resting: c.tif !== "Ioc" || c.trigger !== undefined, filledLots: 0, now: now(), simulated: true } };
      return { event: placedEvent(c.cloid, res.response.data.statuses[0], c.tif, m, now()) };
    }
    if (c.type === "cancel") {
      const res = await io.exchange.cancelByCloid({ cancels: [{ asset: m.asset, cloid: c.cloid }] });
      const st = res.response.data.statuses[0];
      // Canceled, or already gone: either way ask what it filled before it went.
      return st === "success"
        ? { event: { type: "status", cloid: c.cloid, status: "done", now: now() } }
        : { unknown: `cancel of ${c.cloid}: ${JSON.stringify(st)}` };
    }
    if (c.type === "modify") {
      const res = await io.exchange.modify({
        oid: c.cloid,
        order: wireOrder(m, { type: "place", cloid: c.newCloid, side: c.side, lots: c.lots, px: c.px, tif: c.tif, reduceOnly: c.reduceOnly }),
      });
      if (dryRunOf(res)) return { event: { type: "placed", cloid: c.newCloid, resting: true, filledLots: 0, now: now(), simulated: true } };
      return { event: { type: "status", cloid: c.newCloid, status: "open", now: now() } };
    }
    if (c.type === "twapOrder") {
      const res = await io.exchange.twapOrder({
        twap: { a: m.asset, b: c.side === "buy", s: lotsToSize(c.lots, m.szDecimals), r: c.reduceOnly, m: c.minutes, t: c.randomize },
      });
      if (dryRunOf(res)) return { event: { type: "twap", simulated: true, now: now() } };
      const st = res.response.data.status as { running?: { twapId: number }; error?: string };
      return {
        event: st.running ? { type: "twap", twapId: st.running.twapId, now: now() } : { type: "twap", error: st.error ?? JSON.stringify(st), now: now() },
      };
    }
    await io.exchange.twapCancel({ a: m.asset, t: c.twapId });
    return {};
  } catch (error) {
    if (error instanceof ActionOutcomeUnknownError) return { unknown: error.shortMessage, error };
    // Refused for sure (an exchange error answer, a guard rule, a bad value): nothing was placed.
    if (c.type === "place")
      return { event: { type: "rejected", cloid: c.cloid, error: error instanceof Error ? error.message : String(error), now: now() }, error };
    if (c.type === "twapOrder") return { event: { type: "twap", error: error instanceof Error ? error.message : String(error), now: now() }, error };
    // A refused cancel or modify: the order may have filled meanwhile; the reconcile finds out.
    return { unknown: error instanceof Error ? error.message : String(error), error };
  }
}

type Place = Extract<AlgoCommand, { type: "place" }>;

/**
 * Several algorithms' placements of one event as one `order` action (one signature, one audit
 * row pair, one request); each status goes back to its cloid. Outcome unknown: every one is
 * unknown (each algorithm pauses and reconciles). Refused as a whole before an answer (a guard
 * rule, a bad value) or by the exchange: nothing was placed, so each is sent again on its own
 * and gets its own answer (one algorithm's refused order does not refuse the others').
 */
export async function executePlaces(io: CommandIo, items: readonly { market: MarketRef; command: Place }[], now: () => number): Promise<Outcome[]> {
  if (items.length === 1) return [await executeCommand(io, items[0]!.market, items[0]!.command, now)];
  try {
    const res = await io.exchange.order({ orders: items.map((i) => wireOrder(i.market, i.command)), grouping: "na" });
    const simulated = dryRunOf(res) !== undefined;
    return items.map(({ market, command: c }, n) => ({
      event: simulated
        ? { type: "placed", cloid: c.cloid, resting: c.tif !== "Ioc" || c.trigger !== undefined, filledLots: 0, now: now(), simulated: true }
        : placedEvent(c.cloid, res.response.data.statuses[n], c.tif, market, now()),
    }));
  } catch (error) {
    if (error instanceof ActionOutcomeUnknownError) return items.map(() => ({ unknown: error.shortMessage, error }));
    return Promise.all(items.map((i) => executeCommand(io, i.market, i.command, now)));
  }
}

/** The fill event of a user fill, for the algorithm owning its cloid (or oid). */
export function fillEvent(
  fill: Wire.WsUserFill & { cloid?: string | null },
  owner: (cloid: string | undefined, oid: number) => { id: string; cloid: string; szDecimals: number } | undefined,
  now: number,
): { id: string; event: AlgoEvent } | undefined {
  const who = owner(fill.cloid ?? undefined, fill.oid);
  if (!who) return undefined;
  return {
    id: who.id,
    event: { type: "fill", cloid: who.cloid, key: `${fill.oid}:${fill.tid ?? fill.hash}`, lots: wireLots(fill.sz, who.szDecimals), px: Number(fill.px), now },
  };
}

/** An order update's or orderStatus's status → a status event with what it filled (origSz − sz). */
export function statusEvent(
  cloid: string,
  status: string,
  origSz: string | undefined,
  sz: string | undefined,
  oid: number | undefined,
  m: MarketRef,
  now: number,
): AlgoEvent {
  const live = status === "open" || status === "triggered";
  const filled = origSz !== undefined && sz !== undefined ? wireLots(origSz, m.szDecimals) - wireLots(sz, m.szDecimals) : undefined;
  // "filled" means all of it, whatever the sz field says.
  const filledLots = status === "filled" && origSz !== undefined ? wireLots(origSz, m.szDecimals) : filled;
  return {
    type: "status",
    cloid,
    status: live ? "open" : "done",
    ...(filledLots !== undefined ? { filledLots } : {}),
    ...(oid !== undefined ? { oid } : {}),
    now,
  };
}
