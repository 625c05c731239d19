/**
 * Where the runner's events come from: the user's fills and order updates, mids, marks and
 * trades over a SubscriptionClient (subscribed once per feed, shared by every algorithm that
 * wants it), or polled over /info without one. Positions (conditional rules) are polled.
 */
import type { InfoClient } from "../clients/info.js";
import type { SubscriptionClient } from "../clients/subscription.js";
import type * as Wire from "../../generated/ts/types.js";
import type { SubscriptionHandle } from "../transport/ws/index.js";
import type { AlgoEvent, AlgoState, PriceSource } from "./core.js";
import { wireLots } from "./execute.js";
import type { NativeTwapData } from "./native-twap.js";
import type { AlgoVenue } from "./venue.js";

export interface OrderUpdateInfo {
  cloid?: string;
  oid: number;
  status: string;
  origSz: string;
  sz: string;
}

export interface AlgoFeedsOptions {
  info: InfoClient;
  user: string;
  subscriptions?: SubscriptionClient | undefined;
  /** Paper mode: the children's fills and order updates come from here. */
  venue?: AlgoVenue | undefined;
  now: () => number;
  onEvent: (ids: Iterable<string>, event: AlgoEvent) => void;
  onFill: (fill: Wire.WsUserFill & { cloid?: string | null }) => void;
  onOrderUpdate: (update: OrderUpdateInfo) => void;
  onReconnected: () => void;
}

export class AlgoFeeds {
  /** "coin|source" → interested algorithm ids. */
  private readonly prices = new Map<string, Set<string>>();
  /** coin → ids (traded volume). */
  private readonly coins = new Map<string, Set<string>>();
  private readonly positions = new Set<string>();
  private readonly handles = new Map<string, SubscriptionHandle>();
  private venueOff: (() => void) | undefined;

  constructor(private readonly options: AlgoFeedsOptions) {}

  want(id: string, sources: { coin: string; source: PriceSource }[], coin: string, positions: boolean): void {
    for (const s of sources) add(this.prices, `${s.coin}|${s.source}`, id);
    add(this.coins, coin, id);
    if (positions) this.positions.add(id);
    const venue = this.options.venue;
    if (venue && !this.venueOff)
      this.venueOff = venue.listen({
        fills: (fills) => fills.forEach((f) => this.options.onFill(f)),
        orderUpdates: (updates) => updates.forEach((u) => this.options.onOrderUpdate(orderUpdateInfo(u))),
      });
    const subs = this.options.subscriptions;
    if (!subs) return;
    const user = this.options.user;
    // Paper mode: the children's fills and updates are the venue's (above), not the exchange's.
    if (!venue) {
      this.subscribe("userFills", () =>
        subs.listen("userFills", { user }, (m) => m.fills.forEach((f) => this.options.onFill(f)), { onReconnected: () => this.options.onReconnected() }),
      );
      this.subscribe("orderUpdates", () =>
        subs.listen("orderUpdates", { user }, (updates) => updates.forEach((u) => this.options.onOrderUpdate(orderUpdateInfo(u)))),
      );
    }
    this.subscribe("allMids", () => subs.listen("allMids", {}, (m) => this.mids(m.mids)));
    this.subscribe(`trades|${coin}`, () =>
      subs.listen("trades", { coin }, (trades) => {
        const now = this.options.now();
        for (const t of trades) {
          this.emit(this.coins.get(t.coin), { type: "trade", coin: t.coin, sz: Number(t.sz), px: Number(t.px), now });
          this.emit(this.prices.get(`${t.coin}|last`), { type: "price", coin: t.coin, source: "last", px: Number(t.px), now });
        }
      }),
    );
    for (const s of sources)
      if (s.source === "mark")
        this.subscribe(`mark|${s.coin}`, () =>
          subs.listen("activeAssetCtx", { coin: s.coin }, (m) => {
            const px = Number(m.ctx.markPx);
            if (Number.isFinite(px)) this.emit(this.prices.get(`${m.coin}|mark`), { type: "price", coin: m.coin, source: "mark", px, now: this.options.now() });
          }),
        );
  }

  drop(id: string): void {
    for (const set of this.prices.values()) set.delete(id);
    for (const set of this.coins.values()) set.delete(id);
    this.positions.delete(id);
  }

  /** One /info read of the prices these sources need, so algorithms start with a reference. */
  async seedPrices(sources: { coin: string; source: PriceSource }[]): Promise<void> {
    if (sources.some((s) => s.source === "mid")) this.mids(await this.options.info.allMids());
    if (sources.some((s) => s.source === "mark")) await this.marks();
  }

  /** The periodic part: prices without a subscription, positions for conditional rules. */
  async poll(): Promise<void> {
    if (!this.options.subscriptions) {
      if (any(this.prices, "mid")) this.mids(await this.options.info.allMids());
      if (any(this.prices, "mark")) await this.marks();
    }
    if (this.positions.size > 0) {
      const state = await this.options.info.clearinghouseState({ user: this.options.user });
      const now = this.options.now();
      const held = new Map(state.assetPositions.map((p) => [p.position.coin, Number(p.position.szi)]));
      for (const coin of this.coins.keys()) this.emit(this.positions, { type: "position", coin, szi: held.get(coin) ?? 0, now });
    }
  }

  /** The native TWAP's filled size from its slice fills. */
  async nativeTwapProgress(state: AlgoState, dispatch: (event: AlgoEvent) => void): Promise<void> {
    const d = state.data as NativeTwapData;
    if (d.twapId === undefined) return;
    const fills = await this.options.info.userTwapSliceFills({ user: this.options.user });
    let lots = 0;
    for (const f of fills) if (f.twapId === d.twapId) lots += wireLots(f.fill.sz, state.market.szDecimals);
    dispatch({ type: "twap", filledLots: lots, now: this.options.now() });
  }

  async close(): Promise<void> {
    this.venueOff?.();
    this.venueOff = undefined;
    for (const h of this.handles.values()) h.unsubscribe();
    this.handles.clear();
  }

  private subscribe(key: string, open: () => SubscriptionHandle): void {
    if (!this.handles.has(key)) this.handles.set(key, open());
  }

  private mids(mids: Record<string, string>): void {
    const now = this.options.now();
    for (const [key, ids] of this.prices) {
      if (ids.size === 0 || !key.endsWith("|mid")) continue;
      const coin = key.slice(0, -4);
      const px = Number(mids[coin]);
      if (Number.isFinite(px) && px > 0) this.emit(ids, { type: "price", coin, source: "mid", px, now });
    }
  }

  private async marks(): Promise<void> {
    const [meta, ctxs] = await this.options.info.metaAndAssetCtxs();
    const now = this.options.now();
    meta.universe.forEach((u, i) => {
      const px = Number(ctxs[i]?.markPx);
      const ids = this.prices.get(`${u.name}|mark`);
      if (ids?.size && Number.isFinite(px)) this.emit(ids, { type: "price", coin: u.name, source: "mark", px, now });
    });
  }

  private emit(ids: Set<string> | undefined, event: AlgoEvent): void {
    if (ids && ids.size > 0) this.options.onEvent([...ids], event);
  }
}

function orderUpdateInfo(u: Wire.WsOrderUpdate): OrderUpdateInfo {
  return { ...(u.order.cloid ? { cloid: u.order.cloid } : {}), oid: u.order.oid, status: u.status, origSz: u.order.origSz, sz: u.order.sz };
}

function add(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function any(map: Map<string, Set<string>>, source: PriceSource): boolean {
  for (const [key, ids] of map) if (ids.size > 0 && key.endsWith(`|${source}`)) return true;
  return false;
}
