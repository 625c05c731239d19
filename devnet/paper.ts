/**
 * Paper trading on the devnet's matching engine (exported as hyperliquid-sdk/devnet's
 * PaperExchange): the guard rails' paper mode hands it order and cancel actions
 * (GuardRailsOptions.paper); it matches them in-process against a copy of the live books.
 *
 * The books come from the real l2Book stream ({@link PaperExchange.follow}): each snapshot
 * replaces the coin's book with one resting order per level, owned by the engine's built-in
 * maker (whose own quoting is off), so a paper order fills exactly as the same order would
 * against that book on the devnet. A book that moves through a resting paper order fills it.
 * Fills go to the guard store (paper_fills); on restart positions, collateral and PnL are
 * rebuilt from them. Resting paper orders are kept in the store too (paper_orders) and placed
 * again with their oids at start, resting until the first books arrive.
 * Perps only (no spot), default dex only; a TP/SL still waiting on its parent comes back standalone.
 */
import { Decimal } from "decimal.js";
import type { AccountView, AlgoVenue, PaperFillRow, PaperVenue, Wire as T } from "../src/index.js";
import { actionHandlers } from "./actions.js";
import { infoHandlers } from "./info.js";
import { Engine, MARKET_MAKER } from "./engine.js";
import type { OpenOrder } from "./accounts.js";
import { placeOne, type WireOrder } from "./orders.js";

/** The store calls paper mode needs (a GuardStore has them). */
export interface PaperStore {
  addPaperFill(fill: PaperFillRow): void;
  paperFills(): PaperFillRow[];
  /** Resting paper orders across restarts (a GuardStore has both); without them they live in memory. */
  paperOrders?(): { orders: { oid: number; wire: string }[]; nextOid: number | undefined };
  savePaperOrders?(orders: readonly { oid: number; wire: string }[], nextOid: number): void;
}

export interface PaperOptions {
  /** The live exchange's perp universe (meta) and mids (allMids): asset ids and size rules match. */
  meta: { universe: { name: string; szDecimals: number; maxLeverage?: number }[] };
  mids: Record<string, string>;
  store: PaperStore;
  /** The paper account (the wallet's address, so audit rows and risk rules read naturally). */
  user: string;
  /** Starting USDC of the paper account (default 100 000). */
  equity?: number;
  now?: () => number;
}

type Level = { px: string; sz: string };

export class PaperExchange implements PaperVenue, AccountView, AlgoVenue {
  readonly engine: Engine;
  readonly user: string;
  private readonly store: PaperStore;
  private lastTid: number;

  constructor(options: PaperOptions) {
    const perps = options.meta.universe.map((u) => ({
      coin: u.name,
      szDecimals: u.szDecimals,
      maxLeverage: u.maxLeverage ?? 50,
      px: Number(options.mids[u.name] ?? 1),
    }));
    this.engine = new Engine({ markets: { perps, spotTokens: [], spotPairs: [] }, makerLevels: 0, ...(options.now ? { now: options.now } : {}) });
    this.user = options.user.toLowerCase();
    this.store = options.store;
    const account = this.engine.account(this.user);
    account.usdc = new Decimal(options.equity ?? 100_000);
    // Rebuild positions and collateral from the stored fills.
    const fills = options.store.paperFills();
    for (const f of fills) {
      const p = this.engine.position(account, f.coin);
      const signed = new Decimal(f.sz).times(f.side === "B" ? 1 : -1);
      const before = p.szi;
      const after = before.plus(signed);
      const entryPx = before.isZero() ? new Decimal(0) : p.entryNtl.div(before.abs());
      if (before.isZero() || before.isPositive() === signed.isPositive()) p.entryNtl = p.entryNtl.plus(new Decimal(f.px).times(f.sz));
      else if (after.isZero() || after.isPositive() === before.isPositive()) p.entryNtl = entryPx.times(after.abs());
      else p.entryNtl = new Decimal(f.px).times(after.abs());
      p.szi = after;
      account.usdc = account.usdc.plus(f.closedPnl).minus(f.fee);
    }
    this.lastTid = fills.at(-1)?.tid ?? 0;
    this.engine.nextTid = this.lastTid + 1;
    this.restoreOrders();
  }

  /** Places the stored resting orders again, each with its own oid; oids go on from the stored next one. */
  private restoreOrders(): void {
    const stored = this.store.paperOrders?.();
    if (!stored) return;
    for (const { oid, wire } of stored.orders) {
      this.engine.nextOid = oid;
      this.engine.placeOrders(this.user, [JSON.parse(wire) as WireOrder], "na");
    }
    this.engine.nextOid = Math.max(this.engine.nextOid, stored.nextOid ?? 1);
    this.savedOrders = this.ordersKey();
  }

  private savedOrders = "";

  /** The resting orders' identity and remaining sizes: saved again only when it changes. */
  private ordersKey(): string {
    let key = "";
    for (const o of this.engine.account(this.user).openOrders.values()) key += `${o.oid}:${o.sz.toFixed()};`;
    return key;
  }

  private saveOrders(): void {
    if (!this.store.savePaperOrders) return;
    const key = this.ordersKey();
    if (key === this.savedOrders) return;
    const rows = [...this.engine.account(this.user).openOrders.values()].map((o) => ({ oid: o.oid, wire: JSON.stringify(wireOf(o)) }));
    this.store.savePaperOrders(rows, this.engine.nextOid);
    this.savedOrders = key;
  }

  /** Replaces `coin`'s book with the live levels ([bids, asks]) and records any paper fill it causes. */
  applyBook(book: { coin: string; levels: [Level[], Level[]] | Level[][] }): void {
    const market = this.engine.market(book.coin);
    if (market?.kind !== "perp") return;
    const mm = this.engine.account(MARKET_MAKER);
    for (const o of [...mm.openOrders.values()]) if (o.coin === book.coin) this.engine.cancelOrder(mm, o.oid, "canceled");
    const [bids = [], asks = []] = book.levels;
    for (const [levels, b] of [
      [bids, true],
      [asks, false],
    ] as const)
      for (const l of levels) placeOne(this.engine, mm, { a: market.asset, b, p: l.px, s: l.sz, r: false, t: { limit: { tif: "Gtc" } } }, {});
    this.engine.afterAction();
    this.recordFills();
    this.emitEquity();
  }

  private readonly equityListeners: ((equity: number) => void)[] = [];

  /** The guard's drawdown rule watches the paper equity (called on every book and order). */
  onEquity(listener: (equity: number) => void): void {
    this.equityListeners.push(listener);
  }

  /** USDC collateral plus the positions' unrealized PnL at the current mids. */
  equity(): number {
    const account = this.engine.account(this.user);
    let equity = account.usdc;
    for (const p of account.positions.values()) if (!p.szi.isZero()) equity = equity.plus(this.unrealized(p).pnl);
    return equity.toNumber();
  }

  /** A position's entry price and unrealized PnL at the paper mid. */
  private unrealized(p: { coin: string; szi: Decimal; entryNtl: Decimal }): { entry: Decimal; pnl: Decimal } {
    const entry = p.entryNtl.div(p.szi.abs());
    return { entry, pnl: new Decimal(this.engine.midPx(p.coin) ?? entry).minus(entry).times(p.szi) };
  }

  /** After the current call: an order's own pipeline must not re-enter the guard (a trip cancels through it). */
  private emitEquity(): void {
    if (this.equityListeners.length === 0) return;
    queueMicrotask(() => {
      const equity = this.equity();
      for (const l of this.equityListeners) l(equity);
    });
  }

  /** Keeps the books current from an l2Book stream (e.g. a SubscriptionClient on the live exchange). */
  follow(
    subs: { listen(type: "l2Book", params: { coin: string }, onData: (book: T.L2BookResponse) => void): { unsubscribe(): void } },
    coins: string[],
  ): () => void {
    const handles = coins.map((coin) => subs.listen("l2Book", { coin }, (book) => this.applyBook(book)));
    return () => handles.forEach((h) => h.unsubscribe());
  }

  execute(type: string, action: Record<string, unknown>): unknown {
    const account = this.engine.account(this.user);
    if (type === "order") {
      const statuses = this.engine.placeOrders(this.user, action.orders as WireOrder[], (action.grouping as T.OrderAction["grouping"]) ?? "na");
      this.recordFills();
      this.emitEquity();
      return { status: "ok", response: { type: "order", data: { statuses } } };
    }
    if (type === "cancelByCloid") {
      const answer = actionHandlers.cancelByCloid(this.engine, account, { type, cancels: action.cancels as T.CancelByCloidAction["cancels"] });
      this.saveOrders();
      return answer;
    }
    if (type === "modify") {
      const answer = actionHandlers.modify(this.engine, account, {
        type,
        oid: action.oid as T.ModifyAction["oid"],
        order: action.order as T.ModifyAction["order"],
      });
      this.recordFills();
      return answer;
    }
    if (type === "cancel") {
      const statuses = (action.cancels as { a: number; o: number }[]).map((c) =>
        this.engine.cancelOrder(account, c.o) ? "success" : { error: "Order was never placed, already canceled, or filled." },
      );
      this.saveOrders();
      return { status: "ok", response: { type: "cancel", data: { statuses } } };
    }
    return undefined;
  }

  // AlgoVenue: the algorithms' runner reads the paper children's fills and statuses here.
  orderStatus(req: { user: string; oid: string | number }): T.OrderStatusResponse {
    return infoHandlers.orderStatus(this.engine, { type: "orderStatus", user: this.user, oid: req.oid });
  }

  userFillsByTime(req: { user: string; startTime: number }): T.UserFillsByTimeResponse {
    return infoHandlers.userFillsByTime(this.engine, { type: "userFillsByTime", user: this.user, startTime: req.startTime });
  }

  listen(handlers: { fills(fills: T.WsUserFill[]): void; orderUpdates(updates: T.WsOrderUpdate[]): void }): () => void {
    return this.engine.on((e) => {
      if (e.kind === "fills" && e.user === this.user) handlers.fills(e.fills);
      else if (e.kind === "orderUpdates" && e.user === this.user) handlers.orderUpdates(e.updates);
    });
  }

  /** Fills into the store (paper_fills), then the resting orders when they changed. */
  private recordFills(): void {
    const fills = this.engine.account(this.user).fills.filter((f) => (f.tid ?? 0) > this.lastTid);
    for (const f of fills) {
      const tid = f.tid!;
      this.store.addPaperFill({ tid, ts: f.time, coin: f.coin, side: f.side, px: f.px, sz: f.sz, fee: f.fee, closedPnl: f.closedPnl, oid: f.oid });
      this.lastTid = Math.max(this.lastTid, tid);
    }
    this.saveOrders();
  }

  // AccountView: the risk rules see the paper account.
  coinOf(asset: number): string | undefined {
    return this.engine.byAsset.get(asset)?.coin;
  }

  mid(coin: string): number | undefined {
    const m = this.engine.midPx(coin);
    return m === undefined ? undefined : Number(m);
  }

  position(coin: string): number {
    return this.engine.account(this.user).positions.get(coin)?.szi.toNumber() ?? 0;
  }

  openOrders(): number {
    return this.engine.account(this.user).openOrders.size;
  }

  // What the kill switch's cancel-all needs (cancelAllOpen): the paper account's resting orders.
  /** Nothing to reload: the paper account is in this process. */
  refresh(): Promise<void> {
    return Promise.resolve();
  }

  openOrderRefs(): { coin: string; asset: number; oid: number }[] {
    return [...this.engine.account(this.user).openOrders.values()].map((o) => ({ coin: o.coin, asset: this.assetOf(o.coin) ?? -1, oid: o.oid }));
  }

  assetOf(coin: string): number | undefined {
    return this.engine.market(coin)?.asset;
  }

  /** Positions with entry price, unrealized PnL at the paper mid, and the realized PnL and fees of all fills. */
  summary(): { positions: { coin: string; size: string; entryPx: string; unrealizedPnl: string }[]; realizedPnl: string; fees: string; usdc: string } {
    const account = this.engine.account(this.user);
    const positions = [...account.positions.values()]
      .filter((p) => !p.szi.isZero())
      .map((p) => {
        const { entry, pnl } = this.unrealized(p);
        return { coin: p.coin, size: p.szi.toFixed(), entryPx: entry.toSignificantDigits(8).toFixed(), unrealizedPnl: pnl.toFixed(6) };
      });
    const fills = this.store.paperFills();
    const sum = (k: "closedPnl" | "fee"): string => fills.reduce((a, f) => a.plus(f[k]), new Decimal(0)).toFixed();
    return { positions, realizedPnl: sum("closedPnl"), fees: sum("fee"), usdc: account.usdc.toFixed() };
  }
}

/** A resting order as the wire order that places it again (its remaining size). */
function wireOf(o: OpenOrder): WireOrder {
  const t = o.trigger ? { trigger: { isMarket: o.trigger.isMarket, triggerPx: o.trigger.triggerPx, tpsl: o.trigger.tpsl } } : { limit: { tif: o.tif } };
  return { a: o.asset, b: o.side === "B", p: o.limitPx, s: o.sz.toFixed(), r: o.reduceOnly, t, ...(o.cloid ? { c: o.cloid } : {}) };
}
