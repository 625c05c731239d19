/**
 * State → wire views shared by the info endpoints and WebSocket pushes, in the shapes of
 * the generated schema (tests validate every one of them in strict mode).
 */
import { Decimal } from "decimal.js";
import type { Wire as T } from "../src/index.js";
import { ZERO, newAccount, num, spotBalance, wire, type Account } from "./accounts.js";
import { frontendOrder, type Engine } from "./engine.js";
import { liquidationPx, marginSummary, marginUsed, unrealizedPnl } from "./margin.js";

const usd = (d: Decimal): string => wire(d, 6);

/** `dex` ("" or absent: the first dex) limits the positions to that dex's coins. */
export function clearinghouseState(engine: Engine, account: Account | undefined, dex?: string | null): T.WsClearinghouseState {
  // A read never creates an account: an unknown user is shown as an empty one.
  const a = account ?? newAccount("0x0000000000000000000000000000000000000000");
  const s = marginSummary(a, engine);
  const onDex = (coin: string): boolean => {
    const m = engine.market(coin);
    return m?.kind === "perp" && m.dex === (dex ?? "");
  };
  const assetPositions = [...a.positions.values()]
    .filter((p) => onDex(p.coin))
    .map((p) => {
      const mark = engine.markPx(p.coin);
      const value = p.szi.abs().times(mark);
      const upnl = unrealizedPnl(p, mark);
      const used = marginUsed(p, mark);
      const liq = liquidationPx(a, p, engine, s);
      const leverage: T.WsLeverage = { type: p.leverage.type, value: p.leverage.value };
      if (p.leverage.type === "isolated") leverage.rawUsd = usd(p.isolatedMargin.minus(p.szi.isNeg() ? p.entryNtl.neg() : p.entryNtl));
      return {
        type: "oneWay" as const,
        position: {
          coin: p.coin,
          szi: wire(p.szi),
          leverage,
          entryPx: wire(p.entryNtl.div(p.szi.abs()), 6),
          positionValue: usd(value),
          unrealizedPnl: usd(upnl),
          returnOnEquity: used.isZero() ? "0" : wire(upnl.div(p.entryNtl.div(p.leverage.value)), 8),
          liquidationPx: liq ? wire(liq, 6) : null,
          marginUsed: usd(used),
          maxLeverage: engine.maxLeverage(p.coin),
          cumFunding: { allTime: usd(p.cumFunding.allTime), sinceOpen: usd(p.cumFunding.sinceOpen), sinceChange: usd(p.cumFunding.sinceChange) },
        },
      };
    });
  return {
    marginSummary: {
      accountValue: usd(s.accountValue),
      totalNtlPos: usd(s.totalNtlPos),
      totalRawUsd: usd(s.totalRawUsd),
      totalMarginUsed: usd(s.totalMarginUsed),
    },
    crossMarginSummary: {
      accountValue: usd(s.crossAccountValue),
      totalNtlPos: usd(s.crossNtlPos),
      totalRawUsd: usd(s.crossRawUsd),
      totalMarginUsed: usd(s.crossMarginUsed),
    },
    crossMaintenanceMarginUsed: usd(s.crossMaintenance),
    withdrawable: usd(s.withdrawable),
    assetPositions,
    time: engine.now(),
  };
}

export function spotState(engine: Engine, account: Account | undefined): T.WsSpotClearinghouseState {
  const balances = [];
  for (const token of engine.tokens) {
    if (!account) break;
    const total = spotBalance(account, token.index);
    if (total.isZero() && !account.spot.has(token.index)) continue;
    const hold = total.minus(engine.availableSpot(account, token.index));
    balances.push({ coin: token.name, token: token.index, total: wire(total), hold: wire(hold), entryNtl: "0" });
  }
  return { balances };
}

/** Whether an order's market belongs to `dex` (spot orders show with the first dex, as on the API). */
export function onDexOrSpot(engine: Engine, coin: string, dex: string | null | undefined): boolean {
  const m = engine.market(coin);
  return m?.kind === "spot" ? !dex : m?.dex === (dex ?? "");
}

export function openOrders(account: Account | undefined, engine?: Engine, dex?: string | null): T.OpenOrdersResponse {
  if (!account) return [];
  return [...account.openOrders.values()]
    .filter((o) => !engine || onDexOrSpot(engine, o.coin, dex))
    .sort((x, y) => y.oid - x.oid)
    .map((o) => {
      const out: T.OpenOrder = {
        coin: o.coin,
        side: o.side,
        limitPx: num(o.limitPx),
        sz: wire(o.sz),
        oid: o.oid,
        timestamp: o.timestamp,
        origSz: wire(o.origSz),
      };
      if (o.cloid) out.cloid = o.cloid;
      return out;
    });
}

export function frontendOpenOrders(account: Account | undefined, engine?: Engine, dex?: string | null): T.WsFrontendOpenOrder[] {
  if (!account) return [];
  return [...account.openOrders.values()]
    .filter((o) => !engine || onDexOrSpot(engine, o.coin, dex))
    .sort((x, y) => y.oid - x.oid)
    .map(frontendOrder);
}

export function historicalOrders(account: Account | undefined): T.HistoricalOrdersResponse {
  if (!account) return [];
  return account.history
    .slice(-2000)
    .reverse()
    .map((h) => ({ order: frontendOrder(h.order), status: h.status, statusTimestamp: h.statusTimestamp }));
}

export function perpAssetCtx(engine: Engine, coin: string): T.WsPerpAssetCtx {
  const mark = engine.markPx(coin);
  const oracle = engine.oracle.get(coin)!;
  const book = engine.books.get(coin)!;
  let oi = ZERO;
  let ntlVlm = ZERO;
  let baseVlm = ZERO;
  for (const a of engine.accounts.values()) {
    const p = a.positions.get(coin);
    if (p && p.szi.isPos()) oi = oi.plus(p.szi);
  }
  const dayAgo = engine.now() - 86_400_000;
  for (const t of engine.trades.get(coin) ?? []) {
    if (t.time < dayAgo) continue;
    baseVlm = baseVlm.plus(t.sz);
    ntlVlm = ntlVlm.plus(new Decimal(t.sz).times(t.px));
  }
  const premium = mark.minus(oracle).div(oracle);
  const mid = engine.midPx(coin);
  return {
    prevDayPx: wire(oracle),
    dayNtlVlm: usd(ntlVlm),
    markPx: wire(mark),
    midPx: mid === undefined ? null : num(mid),
    funding: "0.0000125",
    openInterest: wire(oi),
    premium: wire(premium, 8),
    oraclePx: wire(oracle),
    impactPxs: [book.best("B") ? num(book.best("B")!.px) : wire(mark), book.best("A") ? num(book.best("A")!.px) : wire(mark)],
    dayBaseVlm: wire(baseVlm),
  };
}

export function spotAssetCtx(engine: Engine, coin: string): T.WsSpotAssetCtx {
  const ctx = perpAssetCtx(engine, coin);
  return {
    prevDayPx: ctx.prevDayPx,
    dayNtlVlm: ctx.dayNtlVlm,
    markPx: ctx.markPx,
    midPx: ctx.midPx,
    circulatingSupply: "1000000000",
    coin,
    totalSupply: "1000000000",
    dayBaseVlm: ctx.dayBaseVlm,
  };
}

export function meta(engine: Engine, dex?: string | null): T.MetaResponse {
  const perps = engine.perpsOf(dex);
  const leverages = [...new Set(perps.map((m) => m.maxLeverage))];
  return {
    universe: perps.map((m) => {
      const entry: T.PerpUniverseEntry = { name: m.coin, szDecimals: m.szDecimals, maxLeverage: m.maxLeverage, marginTableId: m.maxLeverage };
      if (m.onlyIsolated) entry.onlyIsolated = true;
      return entry;
    }),
    marginTables: leverages.map((lev) => [lev, { description: "", marginTiers: [{ lowerBound: "0.0", maxLeverage: lev }] }]),
  };
}

export function spotMeta(engine: Engine): T.SpotMetaResponse {
  return {
    tokens: engine.tokens.map((t) => ({
      name: t.name,
      szDecimals: t.szDecimals,
      weiDecimals: t.weiDecimals,
      index: t.index,
      tokenId: t.tokenId,
      isCanonical: true,
      evmContract: null,
      fullName: t.fullName ?? null,
    })),
    universe: engine.spots.map((m) => ({ tokens: [m.base, m.quote], name: m.coin, index: m.pairIndex, isCanonical: !m.coin.startsWith("@") })),
  };
}

/** The first dex's perps and every spot pair; with a `dex`, that dex's perps only. */
export function allMids(engine: Engine, dex?: string | null): Record<string, string> {
  const mids: Record<string, string> = {};
  for (const m of dex ? engine.perpsOf(dex) : [...engine.perpsOf(""), ...engine.spots]) {
    const mid = engine.midPx(m.coin);
    mids[m.coin] = mid === undefined ? wire(engine.oracle.get(m.coin)!) : num(mid);
  }
  return mids;
}

export function l2Book(engine: Engine, coin: string, nSigFigs?: number | null, mantissa?: number | null): T.L2BookResponse | null {
  const book = engine.books.get(coin);
  if (!book) return null;
  return { coin, time: engine.now(), levels: book.snapshot(20, nSigFigs, nSigFigs === 5 ? mantissa : null) };
}

export const INTERVALS: Record<string, number> = {
  "1m": 60e3,
  "3m": 180e3,
  "5m": 300e3,
  "15m": 900e3,
  "30m": 1800e3,
  "1h": 3600e3,
  "2h": 7200e3,
  "4h": 14400e3,
  "8h": 28800e3,
  "12h": 43200e3,
  "1d": 86400e3,
  "3d": 259200e3,
  "1w": 604800e3,
  "1M": 2592000e3,
};

/** Candles built from the devnet's own trades. */
export function candles(engine: Engine, coin: string, interval: T.CandleMessage["i"], startTime: number, endTime: number): T.CandleSnapshotResponse {
  const ms = INTERVALS[interval]!;
  const byBucket = new Map<number, { o: string; c: string; h: Decimal; l: Decimal; v: Decimal; n: number }>();
  for (const t of engine.trades.get(coin) ?? []) {
    const time = t.time;
    if (time < startTime || time > endTime) continue;
    const bucket = Math.floor(time / ms) * ms;
    const px = new Decimal(t.px);
    const c = byBucket.get(bucket);
    if (!c) byBucket.set(bucket, { o: t.px, c: t.px, h: px, l: px, v: new Decimal(t.sz), n: 1 });
    else {
      c.c = t.px;
      c.h = Decimal.max(c.h, px);
      c.l = Decimal.min(c.l, px);
      c.v = c.v.plus(t.sz);
      c.n++;
    }
  }
  return [...byBucket.entries()]
    .sort((x, y) => x[0] - y[0])
    .slice(-5000)
    .map(([t, c]) => ({ t, T: t + ms - 1, s: coin, i: interval, o: c.o, c: c.c, h: wire(c.h), l: wire(c.l), v: wire(c.v), n: c.n }));
}

/** Everything the web frontend shows for a user (info webData2 and the webData2 stream). */
export function webData2(engine: Engine, account: Account | undefined, user: string): T.WebData2Message {
  return {
    clearinghouseState: clearinghouseState(engine, account),
    leadingVaults: [...engine.accounts.values()].filter((a) => a.vault?.leader === user).map((a) => ({ address: a.address, name: a.vault!.name })),
    totalVaultEquity: "0.0",
    openOrders: frontendOpenOrders(account),
    agentAddress: null,
    agentValidUntil: null,
    cumLedger: "0.0",
    meta: meta(engine),
    assetCtxs: engine.perpsOf("").map((m) => perpAssetCtx(engine, m.coin)),
    serverTime: engine.now(),
    isVault: account?.vault !== undefined,
    user,
    twapStates: [],
    spotState: spotState(engine, account),
    spotAssetCtxs: engine.spots.map((m) => spotAssetCtx(engine, m.coin)),
  };
}
