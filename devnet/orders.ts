/**
 * One order through the devnet: the exchange's checks (tick size, size decimals, $10
 * minimum, margin, reduce-only, post-only), matching, settlement and fill records.
 */
import { Decimal } from "decimal.js";
import { ZERO, num, pushBounded, spotBalance, wire, type Account, type OpenOrder } from "./accounts.js";
import type { Tif } from "./book.js";
import { FEES, orderUpdate, type Venue } from "./venue.js";
import type { Wire } from "../src/index.js";

type OrderWire = Wire.OrderWire;
import type { Market } from "./markets.js";
import { initialMargin, isValidPx, isValidSize, meetsMinNotional, pxDecimals } from "./rules.js";

/** One order as it appears in an `order` action (the generated wire type). */
export type WireOrder = OrderWire;

export interface PlaceOptions {
  builder?: { b: string; f: number };
  parentOid?: number;
  twapId?: number;
}

const err = (text: string): Wire.KeyedOrderStatus => ({ error: text });

export function placeOne(engine: Venue, account: Account, order: WireOrder, options: PlaceOptions): Wire.KeyedOrderStatus {
  const market = engine.byAsset.get(order.a);
  if (!market) return err(`Invalid asset ${order.a}.`);
  const asset = market.asset;
  const px = new Decimal(order.p);
  const sz = new Decimal(order.s);
  if (!isValidPx(px, market)) return err(`Price must be divisible by tick size. asset=${asset}`);
  if (!isValidSize(sz, market)) return err(`Order has invalid size. asset=${asset}`);
  if (sz.lte(0)) return err(`Order has zero size. asset=${asset}`);
  const side = order.b ? "B" : "A";
  const trigger = order.t.trigger;
  const tif: Tif = order.t.limit?.tif ?? "Gtc";
  const reference = engine.oracle.get(market.coin)!;
  if (!trigger && tif !== "FrontendMarket" && px.minus(reference).abs().gt(reference.times(0.8)))
    return err(`Order price cannot be more than 80% away from the reference price. asset=${asset}`);
  if (options.builder && !account.system) {
    const approved = account.builderFees.get(options.builder.b.toLowerCase());
    if (approved === undefined || approved < options.builder.f) return err("Builder fee has not been approved.");
  }
  let size = sz;
  if (order.r && options.parentOid === undefined) {
    if (market.kind !== "perp") return err(`Reduce only order would increase position. asset=${asset}`);
    const pos = account.positions.get(market.coin);
    if (!pos || pos.szi.isZero() || pos.szi.isPos() === order.b) return err(`Reduce only order would increase position. asset=${asset}`);
    if (!trigger) size = Decimal.min(size, pos.szi.abs());
  }
  if (!order.r && !meetsMinNotional(px, size) && !account.system) return err(`Order must have minimum value of $10. asset=${asset}`);
  if (order.c && [...account.openOrders.values()].some((o) => o.cloid === order.c)) return err(`Duplicate cloid. asset=${asset}`);
  const oid = engine.nextOid++;
  const now = engine.now();
  const open: OpenOrder = {
    oid,
    user: account.address,
    coin: market.coin,
    asset,
    side,
    limitPx: order.p,
    pxNum: Number(order.p),
    sz: size,
    origSz: size,
    timestamp: now,
    reduceOnly: order.r,
    tif,
    orderType: trigger ? `${trigger.tpsl === "tp" ? "Take Profit" : "Stop"} ${trigger.isMarket ? "Market" : "Limit"}` : "Limit",
    ...(order.c ? { cloid: order.c } : {}),
    ...(options.builder ? { builder: options.builder } : {}),
  };
  if (trigger) {
    open.trigger = {
      triggerPx: trigger.triggerPx,
      triggerPxNum: Number(trigger.triggerPx),
      isMarket: trigger.isMarket,
      tpsl: trigger.tpsl,
      ...(options.parentOid !== undefined ? { parentOid: options.parentOid } : {}),
    };
    engine.addOpen(account, open);
    let set = engine.triggers.get(market.coin);
    if (!set) engine.triggers.set(market.coin, (set = new Set()));
    set.add(open);
    engine.finish(account, open, "open");
    return withCloid({ resting: { oid } }, order.c);
  }
  const book = engine.books.get(market.coin)!;
  if (tif === "Alo" && book.crosses(side, open.pxNum)) {
    const bid = num(book.best("B")?.px ?? "0");
    const ask = num(book.best("A")?.px ?? "0");
    return err(`Post only order would have immediately matched, bbo was ${bid}@${ask}. asset=${asset}`);
  }
  if (!account.system) {
    const problem = checkFunds(engine, account, market, side, px, size, order.r);
    if (problem) return err(problem);
  }
  const matches = book.match(side, open.pxNum, size, (maker) => {
    if (maker.user !== account.address) return true;
    const makerAccount = engine.account(maker.user);
    engine.removeOpen(makerAccount, maker);
    engine.finish(makerAccount, maker, "selfTradeCanceled");
    return false;
  });
  let filled = ZERO;
  let notional = ZERO;
  const trades: Wire.WsTrade[] = [];
  const fillsByUser = new Map<string, Wire.WsUserFill[]>();
  for (const m of matches) {
    const hash = engine.hash();
    const tid = engine.nextTid++;
    const maker = engine.account(m.maker.user);
    const makerFill = settle(engine, maker, market, m.maker, m.px, m.sz, false, hash, tid, now);
    const takerFill = settle(engine, account, market, open, m.px, m.sz, true, hash, tid, now, options.twapId);
    for (const [u, f] of [
      [maker, makerFill],
      [account, takerFill],
    ] as const) {
      if (u.system) continue;
      const list = fillsByUser.get(u.address) ?? [];
      list.push(f);
      fillsByUser.set(u.address, list);
    }
    filled = filled.plus(m.sz);
    notional = notional.plus(m.sz.times(m.px));
    trades.push({
      coin: market.coin,
      side,
      px: num(m.px),
      sz: wire(m.sz),
      time: now,
      hash,
      tid,
      users: side === "B" ? [account.address, maker.address] : [maker.address, account.address],
    });
    if (m.maker.sz.isZero()) {
      engine.removeOpen(maker, m.maker);
      engine.finish(maker, m.maker, "filled");
      engine.activateChildren(m.maker.oid);
    } else if (!maker.system) {
      engine.resized(maker, m.maker);
      engine.emit({ kind: "orderUpdates", user: maker.address, updates: [orderUpdate(m.maker, "open", now)] });
    }
  }
  if (trades.length) {
    const list = engine.trades.get(market.coin)!;
    for (const t of trades) pushBounded(list, t, 10000);
    engine.emit({ kind: "trades", coin: market.coin, trades });
    for (const [user, fills] of fillsByUser) engine.emit({ kind: "fills", user, fills });
  }
  open.sz = size.minus(filled);
  const avgPx = filled.gt(0) ? wire(notional.div(filled), pxDecimals(market) + 2) : "0";
  if (open.sz.isZero()) {
    engine.finish(account, open, "filled");
    engine.activateChildren(oid);
    engine.emit({ kind: "book", coin: market.coin });
    return withCloid({ filled: { totalSz: wire(filled), avgPx, oid } }, order.c);
  }
  if (tif === "Ioc" || tif === "FrontendMarket" || tif === "LiquidationMarket") {
    engine.finish(account, open, filled.gt(0) ? "filled" : "canceled");
    if (filled.gt(0)) {
      engine.activateChildren(oid);
      engine.emit({ kind: "book", coin: market.coin });
      return withCloid({ filled: { totalSz: wire(filled), avgPx, oid } }, order.c);
    }
    return err(`Order could not immediately match against any resting orders. asset=${asset}`);
  }
  book.add(open);
  engine.addOpen(account, open);
  engine.finish(account, open, "open");
  engine.emit({ kind: "book", coin: market.coin });
  return withCloid({ resting: { oid } }, order.c);
}

function withCloid(status: { resting: Wire.RestingStatus } | { filled: Wire.FilledStatus }, cloid?: string): Wire.KeyedOrderStatus {
  if (!cloid) return status;
  return "resting" in status ? { resting: { ...status.resting, cloid } } : { filled: { ...status.filled, cloid } };
}

function checkFunds(engine: Venue, account: Account, market: Market, side: "B" | "A", px: Decimal, sz: Decimal, reduceOnly: boolean): string | undefined {
  if (market.kind === "spot") {
    const token = side === "B" ? market.quote : market.base;
    const need = side === "B" ? px.times(sz) : sz;
    if (engine.availableSpot(account, token).lt(need)) return `Insufficient spot balance asset=${market.asset}`;
    return undefined;
  }
  if (reduceOnly) return undefined;
  const lev = engine.leverageOf(account, market.coin).value;
  const pos = account.positions.get(market.coin);
  // Only the part that opens or extends a position needs margin.
  const closing = pos && !pos.szi.isZero() && pos.szi.isPos() !== (side === "B") ? Decimal.min(pos.szi.abs(), sz) : ZERO;
  const need = initialMargin(px.times(sz.minus(closing)), lev);
  if (need.gt(0) && engine.availableMargin(account).lt(need)) return `Insufficient margin to place order. asset=${market.asset}`;
  return undefined;
}

/** Applies one fill to `account` and returns its user fill record. */
function settle(
  engine: Venue,
  account: Account,
  market: Market,
  order: OpenOrder,
  pxStr: string,
  sz: Decimal,
  taker: boolean,
  hash: string,
  tid: number,
  time: number,
  twapId?: number,
): Wire.WsUserFill {
  const px = new Decimal(pxStr);
  const notional = px.times(sz);
  const buy = order.side === "B";
  let closedPnl = ZERO;
  let startPosition: Decimal;
  let dir: string;
  let fee: Decimal;
  let feeToken = "USDC";
  if (market.kind === "perp") {
    const p = engine.position(account, market.coin);
    startPosition = p.szi;
    const sign = buy ? 1 : -1;
    if (p.szi.isZero() || p.szi.isPos() === buy) {
      p.entryNtl = p.entryNtl.plus(notional);
      p.szi = p.szi.plus(sz.times(sign));
      if (p.leverage.type === "isolated") {
        const margin = notional.div(p.leverage.value);
        p.isolatedMargin = p.isolatedMargin.plus(margin);
        account.usdc = account.usdc.minus(margin);
      }
      dir = buy ? "Open Long" : "Open Short";
    } else {
      const before = p.szi.abs();
      const closing = Decimal.min(before, sz);
      const entryPx = p.entryNtl.div(before);
      closedPnl = px
        .minus(entryPx)
        .times(closing)
        .times(p.szi.isPos() ? 1 : -1);
      account.usdc = account.usdc.plus(closedPnl);
      if (p.leverage.type === "isolated") {
        const released = p.isolatedMargin.times(closing).div(before);
        p.isolatedMargin = p.isolatedMargin.minus(released);
        account.usdc = account.usdc.plus(released);
      }
      p.entryNtl = p.entryNtl.minus(entryPx.times(closing));
      p.szi = p.szi.plus(closing.times(sign));
      const rest = sz.minus(closing);
      if (rest.gt(0)) {
        p.szi = rest.times(sign);
        p.entryNtl = px.times(rest);
        p.cumFunding.sinceOpen = ZERO;
        dir = buy ? "Short > Long" : "Long > Short";
      } else {
        dir = buy ? "Close Short" : "Close Long";
      }
    }
    if (p.szi.isZero()) {
      account.leverage.set(market.coin, p.leverage);
      account.positions.delete(market.coin);
    }
    fee = notional.times(taker ? FEES.perpTaker : FEES.perpMaker).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
    account.usdc = account.usdc.minus(fee);
  } else {
    startPosition = spotBalance(account, market.base);
    dir = buy ? "Buy" : "Sell";
    const rate = taker ? FEES.spotTaker : FEES.spotMaker;
    if (buy) {
      fee = sz.times(rate).toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN);
      feeToken = engine.tokens.find((t) => t.index === market.base)!.name;
      engine.addSpot(account, market.base, sz.minus(fee));
      engine.addSpot(account, market.quote, notional.neg());
    } else {
      fee = notional.times(rate).toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN);
      engine.addSpot(account, market.base, sz.neg());
      engine.addSpot(account, market.quote, notional.minus(fee));
    }
  }
  let builderFee: Decimal | undefined;
  if (order.builder && !account.system) {
    builderFee = notional.times(order.builder.f).div(100_000).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
    account.usdc = account.usdc.minus(builderFee);
    const builder = engine.account(order.builder.b);
    builder.usdc = builder.usdc.plus(builderFee);
  }
  account.cumVlm = account.cumVlm.plus(notional);
  const fill: Wire.WsUserFill = {
    coin: market.coin,
    px: num(pxStr),
    sz: wire(sz),
    side: order.side,
    time,
    startPosition: wire(startPosition),
    dir,
    closedPnl: wire(closedPnl, 6),
    hash,
    oid: order.oid,
    crossed: taker,
    fee: wire(fee),
    tid,
    feeToken,
  };
  if (builderFee) fill.builderFee = wire(builderFee);
  if (order.cloid) fill.cloid = order.cloid;
  if (twapId !== undefined) fill.twapId = twapId;
  if (!account.system) {
    pushBounded(account.fills, fill);
    if (twapId !== undefined) pushBounded(account.twapSliceFills, { fill, twapId });
    engine.emit({ kind: "user", user: account.address });
  }
  return fill;
}
