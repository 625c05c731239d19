/**
 * What order placement, matching and TWAPs need from the engine, declared below all three so
 * orders.ts and twap.ts depend on this interface, not on the Engine class that calls them.
 * Also the pieces they share with the engine: events, fee rates and the order wire views.
 */
import { Decimal } from "decimal.js";
import type { Account, Leverage, OpenOrder, Position } from "./accounts.js";
import type { OrderBook } from "./book.js";
import { num, wire } from "./format.js";
import type { Market, SpotToken } from "./markets.js";
import type { Wire as T } from "../src/index.js";

export type DevnetEvent =
  | { kind: "book"; coin: string }
  | { kind: "trades"; coin: string; trades: T.WsTrade[] }
  | { kind: "fills"; user: string; fills: T.WsUserFill[] }
  | { kind: "orderUpdates"; user: string; updates: T.WsOrderUpdate[] }
  | { kind: "ledger"; user: string; update: T.LedgerUpdate }
  | { kind: "funding"; user: string; funding: T.UserFundingEntry }
  | { kind: "user"; user: string }
  | { kind: "mids" }
  | { kind: "explorer"; block: T.ExplorerBlockSummary; txs: T.ExplorerTx[] };

export const FEES = {
  perpTaker: new Decimal("0.00045"),
  perpMaker: new Decimal("0.00015"),
  spotTaker: new Decimal("0.0007"),
  spotMaker: new Decimal("0.0004"),
};

export interface TwapState {
  id: number;
  user: string;
  asset: number;
  coin: string;
  isBuy: boolean;
  sz: Decimal;
  executed: Decimal;
  executedNtl: Decimal;
  reduceOnly: boolean;
  minutes: number;
  randomize: boolean;
  startTime: number;
  nextSlice: number;
  slicesLeft: number;
  status: "activated" | "finished" | "terminated";
}

/** The engine as order placement sees it (Engine implements it). */
export interface Venue {
  readonly byAsset: Map<number, Market>;
  readonly books: Map<string, OrderBook<OpenOrder>>;
  readonly oracle: Map<string, Decimal>;
  readonly tokens: SpotToken[];
  readonly trades: Map<string, T.WsTrade[]>;
  readonly triggers: Map<string, Set<OpenOrder>>;
  readonly twaps: Map<number, TwapState>;
  nextOid: number;
  nextTid: number;
  nextTwapId: number;
  now(): number;
  account(address: string): Account;
  emit(event: DevnetEvent): void;
  hash(): string;
  markPx(coin: string): Decimal;
  leverageOf(account: Account, coin: string): Leverage;
  availableMargin(account: Account): Decimal;
  availableSpot(account: Account, token: number): Decimal;
  addOpen(account: Account, order: OpenOrder): void;
  removeOpen(account: Account, order: OpenOrder): void;
  resized(account: Account, order: OpenOrder): void;
  finish(account: Account, order: OpenOrder, status: string): void;
  activateChildren(parentOid: number): void;
  position(account: Account, coin: string): Position;
  addSpot(account: Account, token: number, delta: Decimal): void;
  afterAction(): void;
}

export function basicOrder(o: OpenOrder): T.WsBasicOrder {
  const out: T.WsBasicOrder = {
    coin: o.coin,
    side: o.side,
    limitPx: num(o.limitPx),
    sz: wire(o.sz),
    oid: o.oid,
    timestamp: o.timestamp,
    origSz: wire(o.origSz),
  };
  if (o.cloid) out.cloid = o.cloid;
  if (o.reduceOnly) out.reduceOnly = true;
  return out;
}

export function orderUpdate(o: OpenOrder, status: string, statusTimestamp: number): T.WsOrderUpdate {
  return { order: basicOrder(o), status, statusTimestamp };
}

export function frontendOrder(o: OpenOrder): T.WsFrontendOpenOrder {
  const t = o.trigger;
  return {
    coin: o.coin,
    side: o.side,
    limitPx: num(o.limitPx),
    sz: wire(o.sz),
    oid: o.oid,
    timestamp: o.timestamp,
    origSz: wire(o.origSz),
    triggerCondition: t ? `Price ${(o.side === "A") === (t.tpsl === "tp") ? "above" : "below"} ${num(t.triggerPx)}` : "N/A",
    isTrigger: t !== undefined,
    triggerPx: t ? num(t.triggerPx) : "0.0",
    children: [],
    isPositionTpsl: false,
    reduceOnly: o.reduceOnly,
    orderType: o.orderType,
    tif: t ? null : o.tif,
    cloid: o.cloid ?? null,
  };
}
