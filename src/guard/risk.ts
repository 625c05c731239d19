/**
 * Pre-trade risk rules, checked before an order action is signed: allowlist, price band from
 * the mid, order notional, position (coins and notional), open orders and a global orders per
 * second. A reduce-only order that shrinks a position passes the rules that only guard growth
 * (allowlist, notional, position, open orders); the band and the rate always apply.
 * The account's positions, open orders, mids and equity come from an {@link AccountView}
 * (see ./account.ts, fed by clearinghouseState and the user streams).
 */
import { RiskLimitError, type GuardMode } from "../errors/guard.js";
import type { RiskConfig } from "./config.js";

export interface AccountView {
  /** The coin of an asset id, or undefined when unknown. */
  coinOf(asset: number): string | undefined;
  mid(coin: string): number | undefined;
  /** Signed position size in coins (0 when flat). */
  position(coin: string): number;
  openOrders(): number;
}

/** One order as the wire carries it. */
export interface WireOrder {
  a: number;
  b: boolean;
  p: string;
  s: string;
  r: boolean;
  t?: { limit?: { tif?: string }; trigger?: unknown };
}

/** The orders an action would place (order, modify, batchModify); empty for other actions. */
export function ordersOf(type: string, action: Record<string, unknown>): WireOrder[] {
  if (type === "order" && Array.isArray(action.orders)) return action.orders as WireOrder[];
  if (type === "modify" && action.order) return [action.order as WireOrder];
  if (type === "batchModify" && Array.isArray(action.modifies)) return (action.modifies as { order: WireOrder }[]).map((m) => m.order);
  return [];
}

const fmt = (n: number): string => String(Number(n.toPrecision(12)));

export class RiskEngine {
  /** Send times (ms) of recent orders, for max_orders_per_second: a queue, live from `head` on. */
  private recent: number[] = [];
  private head = 0;

  constructor(
    public config: RiskConfig,
    private readonly account: AccountView,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Throws {@link RiskLimitError} for the first rule `action` breaks; on success counts its
   * orders toward the rate limit (they are about to be signed).
   */
  check(type: string, action: Record<string, unknown>, mode: GuardMode, network?: string): void {
    const orders = ordersOf(type, action);
    if (orders.length === 0) return;
    const c = this.config;
    const fail = (rule: string, value: number | string, limit: number | string, coin?: string): never => {
      throw new RiskLimitError(type, mode, rule, typeof value === "number" ? fmt(value) : value, typeof limit === "number" ? fmt(limit) : limit, coin, network);
    };
    const now = this.now();
    // Advance the head instead of shift() (O(n) on a long window); compact once half is dead.
    while (this.head < this.recent.length && this.recent[this.head]! <= now - 1000) this.head++;
    if (this.head > 1024 && this.head * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.head);
      this.head = 0;
    }
    const inWindow = this.recent.length - this.head;
    if (c.max_orders_per_second !== undefined && inWindow + orders.length > c.max_orders_per_second)
      fail("max_orders_per_second", inWindow + orders.length, c.max_orders_per_second);
    // Positions as they would be after each earlier order of the batch fills.
    const projected = new Map<string, number>();
    let newResting = 0;
    for (const o of orders) {
      const coin = this.account.coinOf(o.a);
      if (coin === undefined) fail("asset", o.a, "an asset id in the exchange's meta");
      const sym = coin!;
      const px = Number(o.p);
      const sz = Number(o.s);
      const pos = projected.get(sym) ?? this.account.position(sym);
      const after = pos + (o.b ? sz : -sz);
      projected.set(sym, after);
      const mid = this.account.mid(sym);
      if (c.price_band !== undefined && mid !== undefined && mid > 0) {
        const dist = Math.abs(px / mid - 1);
        if (dist > c.price_band) fail("price_band", dist, c.price_band, sym);
      }
      const shrinks = o.r === true && Math.abs(after) <= Math.abs(pos) && Math.sign(after) * Math.sign(pos) >= 0;
      if (shrinks) continue;
      if (c.allow.length > 0 && !c.allow.includes(sym)) fail("allow", sym, `[${c.allow.join(", ")}]`, sym);
      const limits = c.symbols[sym] ?? {};
      const notional = px * sz;
      const maxOrder = limits.max_order_notional ?? c.max_order_notional;
      if (maxOrder !== undefined && notional > maxOrder)
        fail(limits.max_order_notional !== undefined ? `symbols.${sym}.max_order_notional` : "max_order_notional", notional, maxOrder, sym);
      if (limits.max_position !== undefined && Math.abs(after) > limits.max_position)
        fail(`symbols.${sym}.max_position`, Math.abs(after), limits.max_position, sym);
      const maxPos = limits.max_position_notional ?? c.max_position_notional;
      const value = Math.abs(after) * (mid ?? px);
      if (maxPos !== undefined && value > maxPos)
        fail(limits.max_position_notional !== undefined ? `symbols.${sym}.max_position_notional` : "max_position_notional", value, maxPos, sym);
      if (o.t?.limit?.tif !== "Ioc") newResting++;
    }
    const open = this.account.openOrders() + newResting;
    if (c.max_open_orders !== undefined && newResting > 0 && open > c.max_open_orders) fail("max_open_orders", open, c.max_open_orders);
    for (let i = 0; i < orders.length; i++) this.recent.push(now);
  }
}

/** True when every order of the action is reduce-only (what the kill switch still lets through). */
export function onlyReduces(type: string, action: Record<string, unknown>): boolean {
  const orders = ordersOf(type, action);
  return orders.length > 0 && orders.every((o) => o.r === true);
}
