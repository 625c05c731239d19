/**
 * The frames the devnet's WebSocket pushes for market and user channels, in the real API's
 * shapes, and the snapshot a new subscriber gets first.
 */
import type { Wire } from "../src/index.js";
import type { Engine } from "./engine.js";
import { handleInfo } from "./info.js";
import { twapView } from "./twap.js";
import * as view from "./views.js";

export type Sub = Record<string, unknown> & { type: string };

export const USER_CHANNELS = new Set(["clearinghouseState", "openOrders", "spotState", "webData2", "webData3", "activeAssetData", "twapStates"]);

/** The frame a new subscriber gets first, if the real API sends one. */
export function snapshotFrame(e: Engine, sub: Sub): unknown {
  const user = typeof sub.user === "string" ? sub.user.toLowerCase() : "";
  const account = user ? e.existing(user) : undefined;
  switch (sub.type) {
    case "l2Book":
    case "bbo":
    case "allMids":
    case "activeAssetCtx":
      return marketFrame(e, sub);
    case "userFills":
      return { channel: "userFills", data: { isSnapshot: true, user, fills: [...(account?.fills ?? [])].slice(-2000) } };
    case "userFundings":
      return { channel: "userFundings", data: { isSnapshot: true, user, fundings: (account?.fundings ?? []).map(fundingView) } };
    case "userNonFundingLedgerUpdates":
      return { channel: "userNonFundingLedgerUpdates", data: { isSnapshot: true, user, nonFundingLedgerUpdates: account?.ledger ?? [] } };
    case "userHistoricalOrders":
      return { channel: "userHistoricalOrders", data: { isSnapshot: true, user, orderHistory: view.historicalOrders(account) } };
    case "userTwapSliceFills":
      return { channel: "userTwapSliceFills", data: { isSnapshot: true, user, twapSliceFills: account?.twapSliceFills ?? [] } };
    default:
      return USER_CHANNELS.has(sub.type) ? userFrame(e, sub) : undefined;
  }
}

export function marketFrame(e: Engine, sub: Sub): unknown {
  const coin = String(sub.coin);
  switch (sub.type) {
    case "l2Book": {
      const book = view.l2Book(e, coin, sub.nSigFigs as number | null | undefined, sub.mantissa as number | null | undefined);
      return book ? { channel: "l2Book", data: book } : undefined;
    }
    case "bbo": {
      const b = e.books.get(coin);
      if (!b) return undefined;
      const [bids, asks] = b.snapshot(1);
      return { channel: "bbo", data: { coin, time: e.now(), bbo: [bids[0] ?? null, asks[0] ?? null] } };
    }
    case "allMids":
      return { channel: "allMids", data: { ...(dexOf(sub) ? { dex: dexOf(sub) } : {}), mids: view.allMids(e, dexOf(sub)) } };
    case "activeAssetCtx": {
      const market = e.market(coin);
      if (!market) return undefined;
      return market.kind === "perp"
        ? { channel: "activeAssetCtx", data: { coin, ctx: view.perpAssetCtx(e, coin) } }
        : { channel: "activeSpotAssetCtx", data: { coin, ctx: view.spotAssetCtx(e, coin) } };
    }
  }
  return undefined;
}

export function userFrame(e: Engine, sub: Sub): unknown {
  const user = String(sub.user).toLowerCase();
  const account = e.existing(user);
  switch (sub.type) {
    case "clearinghouseState":
      return { channel: "clearinghouseState", data: { dex: dexOf(sub), user, clearinghouseState: view.clearinghouseState(e, account, dexOf(sub)) } };
    case "openOrders":
      return { channel: "openOrders", data: { dex: dexOf(sub), user, orders: view.frontendOpenOrders(account, e, dexOf(sub)) } };
    case "spotState":
      return { channel: "spotState", data: { user, spotState: view.spotState(e, account) } };
    case "activeAssetData": {
      const result = handleInfo(e, { type: "activeAssetData", user, coin: sub.coin });
      return result.status === 200 ? { channel: "activeAssetData", data: result.body } : undefined;
    }
    case "twapStates":
      return {
        channel: "twapStates",
        data: { dex: "", user, states: [...e.twaps.values()].filter((t) => t.user === user && t.status === "activated").map((t) => [t.id, twapView(t)]) },
      };
    case "webData3": {
      const agent = [...(account?.agents ?? new Map<string, { validUntil: number }>())].find(() => true);
      return {
        channel: "webData3",
        data: {
          userState: {
            agentAddress: agent?.[0] ?? null,
            agentValidUntil: agent?.[1].validUntil ?? null,
            cumLedger: "0.0",
            serverTime: e.now(),
            isVault: account?.vault !== undefined,
            user,
            optOutOfSpotDusting: false,
            dexAbstractionEnabled: false,
          },
          perpDexStates: [{ totalVaultEquity: "0.0", perpsAtOpenInterestCap: [], leadingVaults: [] }],
        },
      };
    }
    case "webData2":
      return { channel: "webData2", data: view.webData2(e, account, user) };
  }
  return undefined;
}

/** The subscription's perp dex ("" for the first dex). */
function dexOf(sub: Sub): string {
  return typeof sub.dex === "string" ? sub.dex : "";
}

export function fundingView(f: Wire.UserFundingEntry): Record<string, unknown> {
  const d = f.delta;
  return { time: f.time, coin: d.coin, usdc: d.usdc, szi: d.szi, fundingRate: d.fundingRate, nSamples: d.nSamples ?? null };
}
