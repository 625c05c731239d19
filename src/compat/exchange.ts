/**
 * `Exchange` with the official Python SDK's (0.24.0) method names, argument order and
 * semantics, so Python bots port line by line:
 *
 * ```ts
 * const exchange = new Exchange(privateKeyWallet(key), TESTNET_API_URL);
 * await exchange.order("ETH", true, 0.2, 1100, { limit: { tif: "Gtc" } });
 * await exchange.market_close("ETH");
 * ```
 *
 * Numbers are converted like Python (`float_to_wire`, `str()`, `float_to_usd_int`); the
 * network is mainnet iff the URL is exactly MAINNET_API_URL. Everything is signed and sent by
 * {@link ExchangeClient}; orders pass the pre-flight checks first. Responses are returned as
 * Python returns them (including `{"status":"err"}`) unless `throwOnError` is set.
 */
import { ValidationError } from "../errors/base.js";
import { floatToUsdInt, toWireDecimal } from "../signing/numbers.js";
import { ExchangeDeploy } from "./exchange/deploy.js";
import type { PyResponse } from "./exchange/base.js";
import { Cloid, rawCloid, slippagePrice } from "./exchange/python.js";

export { Cloid } from "./exchange/python.js";
export { MAINNET_API_URL, TESTNET_API_URL, type ExchangeCompatOptions, type PyResponse } from "./exchange/base.js";
export { PythonAssetMap, type PyMeta, type PySpotMeta } from "./exchange/assets.js";
export type { PerpDexSchemaInput } from "./exchange/deploy.js";
export type { Abstraction, AgentAbstraction } from "./exchange/transfers.js";

export type Tif = "Alo" | "Ioc" | "Gtc";
/** Python OrderType: `{"limit": {"tif": "Gtc"}}` or `{"trigger": {"triggerPx": 1.5, "isMarket": true, "tpsl": "tp"}}`. */
export type OrderType = { limit: { tif: Tif } } | { trigger: { triggerPx: number | string; isMarket: boolean; tpsl: "tp" | "sl" } };
/** Python BuilderInfo: builder address and fee in tenths of a basis point. */
export interface BuilderInfo {
  b: string;
  f: number;
}
/** Python OrderRequest. */
export interface OrderRequest {
  coin: string;
  is_buy: boolean;
  sz: number | string;
  limit_px: number | string;
  order_type: OrderType;
  reduce_only: boolean;
  cloid?: Cloid | string | null;
}
export interface ModifyRequest {
  oid: number | Cloid;
  order: OrderRequest;
}
export interface CancelRequest {
  coin: string;
  oid: number;
}
export interface CancelByCloidRequest {
  coin: string;
  cloid: Cloid | string;
}
export type Grouping = "na" | "normalTpsl" | "positionTpsl";

/** A Python float (number) through float_to_wire; a decimal string canonicalised. */
const wire = (x: number | string, field: string): string => toWireDecimal(x, field);
const PY_FIELDS = { coin: "coin", sz: "sz", limitPx: "limit_px", triggerPx: "order_type.trigger.triggerPx" };
const dexOf = (coin: string): string => (coin.includes(":") ? coin.split(":")[0]! : "");

export class Exchange extends ExchangeDeploy {
  /** Python `order_request_to_order_wire` after the pre-flight checks. */
  private async orderWire(order: OrderRequest, at: string): Promise<Record<string, unknown>> {
    const asset = await this.assetOf(order.coin);
    const ot = order.order_type;
    const triggerPx = "trigger" in ot ? wire(ot.trigger.triggerPx, `${at}order_type.trigger.triggerPx`) : undefined;
    const t = "limit" in ot ? { limit: ot.limit } : { trigger: { isMarket: ot.trigger.isMarket, triggerPx, tpsl: ot.trigger.tpsl } };
    if (this.preflight) await this.preflight.checkOrder({ coin: order.coin, sz: order.sz, limitPx: order.limit_px, triggerPx }, at, PY_FIELDS);
    const w: Record<string, unknown> = {
      a: asset,
      b: order.is_buy,
      p: wire(order.limit_px, `${at}limit_px`),
      s: wire(order.sz, `${at}sz`),
      r: order.reduce_only,
      t,
    };
    if (order.cloid) w.c = rawCloid(order.cloid);
    return w;
  }

  /** Places one order. `sz` / `limit_px` as Python floats (or decimal strings). */
  order(
    name: string,
    is_buy: boolean,
    sz: number | string,
    limit_px: number | string,
    order_type: OrderType,
    reduce_only = false,
    cloid: Cloid | string | null = null,
    builder: BuilderInfo | null = null,
  ): Promise<PyResponse> {
    const order: OrderRequest = { coin: name, is_buy, sz, limit_px, order_type, reduce_only };
    if (cloid) order.cloid = cloid;
    return this.bulk_orders([order], builder);
  }

  /** Places several orders in one action (grouping "na", "normalTpsl" or "positionTpsl"). */
  async bulk_orders(order_requests: OrderRequest[], builder: BuilderInfo | null = null, grouping: Grouping = "na"): Promise<PyResponse> {
    const orders = [];
    for (const [i, o] of order_requests.entries()) orders.push(await this.orderWire(o, order_requests.length > 1 ? `order_requests[${i}].` : ""));
    const action: Record<string, unknown> = { orders, grouping };
    if (builder) action.builder = { b: builder.b.toLowerCase(), f: builder.f };
    return this.l1("order", action, true);
  }

  /** Replaces the order `oid` (an order id or a Cloid). */
  modify_order(
    oid: number | Cloid,
    name: string,
    is_buy: boolean,
    sz: number | string,
    limit_px: number | string,
    order_type: OrderType,
    reduce_only = false,
    cloid: Cloid | string | null = null,
  ): Promise<PyResponse> {
    return this.bulk_modify_orders_new([{ oid, order: { coin: name, is_buy, sz, limit_px, order_type, reduce_only, cloid } }]);
  }

  async bulk_modify_orders_new(modify_requests: ModifyRequest[]): Promise<PyResponse> {
    const modifies = [];
    for (const [i, m] of modify_requests.entries()) {
      modifies.push({
        oid: m.oid instanceof Cloid ? m.oid.to_raw() : m.oid,
        order: await this.orderWire(m.order, modify_requests.length > 1 ? `modify_requests[${i}].order.` : ""),
      });
    }
    return this.l1("batchModify", { modifies }, true);
  }

  /** Python `_slippage_price`: mid (or `px`) moved by `slippage`, 5 significant figures, 6/8 − szDecimals decimals. */
  async _slippage_price(name: string, is_buy: boolean, slippage: number, px: number | null = null): Promise<number> {
    const info = await this.lookup.resolve(name);
    let price = px;
    if (!price) {
      const mid = await this.lookup.mid(name);
      if (mid === undefined)
        throw new ValidationError("market order", [{ path: "name", value: name, expected: "a coin with a mid price in allMids (or pass px)" }]);
      price = Number(mid);
    }
    return slippagePrice(price, is_buy, slippage, info.szDecimals, info.kind === "spot");
  }

  /** An aggressive IoC limit order at mid ± slippage (default 5%). */
  async market_open(
    name: string,
    is_buy: boolean,
    sz: number | string,
    px: number | null = null,
    slippage = Exchange.DEFAULT_SLIPPAGE,
    cloid: Cloid | string | null = null,
    builder: BuilderInfo | null = null,
  ): Promise<PyResponse> {
    const price = await this._slippage_price(name, is_buy, slippage, px);
    return this.order(name, is_buy, sz, price, { limit: { tif: "Ioc" } }, false, cloid, builder);
  }

  /**
   * Closes the position in `coin` (all of it unless `sz`) with a reduce-only IoC order.
   * Returns undefined when there is no position (Python returns None).
   */
  async market_close(
    coin: string,
    sz: number | null = null,
    px: number | null = null,
    slippage = Exchange.DEFAULT_SLIPPAGE,
    cloid: Cloid | string | null = null,
    builder: BuilderInfo | null = null,
  ): Promise<PyResponse | undefined> {
    const address = this.vault_address || this.account_address || this.wallet.address;
    const state = (await this.info.user_state(address, dexOf(coin))) as { assetPositions: { position: { coin: string; szi: string } }[] };
    for (const { position } of state.assetPositions) {
      if (position.coin !== coin) continue;
      const szi = Number(position.szi);
      const size = sz || Math.abs(szi);
      const isBuy = szi < 0;
      const price = await this._slippage_price(coin, isBuy, slippage, px);
      return this.order(coin, isBuy, size, price, { limit: { tif: "Ioc" } }, true, cloid, builder);
    }
    return undefined;
  }

  cancel(name: string, oid: number): Promise<PyResponse> {
    return this.bulk_cancel([{ coin: name, oid }]);
  }

  cancel_by_cloid(name: string, cloid: Cloid | string): Promise<PyResponse> {
    return this.bulk_cancel_by_cloid([{ coin: name, cloid }]);
  }

  async bulk_cancel(cancel_requests: CancelRequest[]): Promise<PyResponse> {
    const cancels = [];
    for (const c of cancel_requests) cancels.push({ a: await this.assetOf(c.coin), o: c.oid });
    return this.l1("cancel", { cancels }, true);
  }

  async bulk_cancel_by_cloid(cancel_requests: CancelByCloidRequest[]): Promise<PyResponse> {
    const cancels = [];
    for (const c of cancel_requests) cancels.push({ asset: await this.assetOf(c.coin), cloid: rawCloid(c.cloid) });
    return this.l1("cancelByCloid", { cancels }, true);
  }

  /** Cancels all open orders at `time` (ms, ≥ 5 s ahead); null unsets it. */
  schedule_cancel(time: number | null = null): Promise<PyResponse> {
    return this.l1("scheduleCancel", time !== null ? { time } : {}, true);
  }

  update_leverage(leverage: number, name: string, is_cross = true): Promise<PyResponse> {
    return this.assetOf(name).then((asset) => this.l1("updateLeverage", { asset, isCross: is_cross, leverage }, true));
  }

  /** Adds (or with a negative amount removes) isolated margin; `amount` in USD as float_to_usd_int. */
  update_isolated_margin(amount: number, name: string): Promise<PyResponse> {
    const ntli = Number(floatToUsdInt(amount));
    return this.assetOf(name).then((asset) => this.l1("updateIsolatedMargin", { asset, isBuy: true, ntli }, true));
  }
}
