/**
 * Frames shaped like the live API's (per the official Python SDK and @nktkas/hyperliquid
 * typings), one or more per subscription type, each with the subscription that receives it.
 * All are valid against the generated schema (test/ws/schema.test.ts).
 */
export const user = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
const hash = `0x${"ab".repeat(32)}`;
const perpCtx = {
  prevDayPx: "100.5",
  dayNtlVlm: "123456.7",
  markPx: "101",
  midPx: "101.05",
  funding: "0.0000125",
  openInterest: "5000",
  premium: "-0.0001",
  oraclePx: "101.02",
  impactPxs: ["101", "101.1"],
  dayBaseVlm: "1234",
};
const spotCtx = {
  prevDayPx: "0.2",
  dayNtlVlm: "1000",
  markPx: "0.21",
  midPx: null,
  circulatingSupply: "1000000",
  coin: "@107",
  totalSupply: "2000000",
  dayBaseVlm: "5000",
};
const fill = {
  coin: "BTC",
  px: "100000.5",
  sz: "0.01",
  side: "B",
  time: 1700000000000,
  startPosition: "0",
  dir: "Open Long",
  closedPnl: "0",
  hash,
  oid: 1234,
  crossed: true,
  fee: "0.35",
  tid: 987654321,
  feeToken: "USDC",
  twapId: null,
};
const margin = { accountValue: "1000.5", totalNtlPos: "200", totalRawUsd: "800.5", totalMarginUsed: "10" };
const chState = {
  marginSummary: margin,
  crossMarginSummary: margin,
  crossMaintenanceMarginUsed: "2.5",
  withdrawable: "900",
  assetPositions: [
    {
      type: "oneWay",
      position: {
        coin: "ETH",
        szi: "-0.1",
        leverage: { type: "cross", value: 20 },
        entryPx: "2000",
        positionValue: "200",
        unrealizedPnl: "-1.5",
        returnOnEquity: "-0.15",
        liquidationPx: null,
        marginUsed: "10",
        maxLeverage: 25,
        cumFunding: { allTime: "1", sinceOpen: "0.5", sinceChange: "0.1" },
      },
    },
  ],
  time: 1700000000000,
};
const frontendOrder = {
  coin: "BTC",
  side: "A",
  limitPx: "105000",
  sz: "0.01",
  oid: 5,
  timestamp: 1700000000000,
  origSz: "0.01",
  triggerCondition: "N/A",
  isTrigger: false,
  triggerPx: "0",
  children: [],
  isPositionTpsl: false,
  reduceOnly: false,
  orderType: "Limit",
  tif: "Gtc",
  cloid: null,
};
const twapState = {
  coin: "ETH",
  executedNtl: "10",
  executedSz: "0.005",
  minutes: 30,
  randomize: false,
  reduceOnly: false,
  side: "B",
  sz: "1",
  timestamp: 1700000000000,
  user,
};
const level = { px: "100000", sz: "1.5", n: 3 };
const spotState = { balances: [{ coin: "USDC", token: 0, total: "100", hold: "0", entryNtl: "0" }] };

export const frames: Record<string, { subscription: Record<string, unknown>; channel: string; data: unknown }> = {
  activeAssetCtx: { subscription: { type: "activeAssetCtx", coin: "BTC" }, channel: "activeAssetCtx", data: { coin: "BTC", ctx: perpCtx } },
  activeAssetCtxSpot: { subscription: { type: "activeAssetCtx", coin: "@107" }, channel: "activeSpotAssetCtx", data: { coin: "@107", ctx: spotCtx } },
  activeAssetData: {
    subscription: { type: "activeAssetData", user, coin: "BTC" },
    channel: "activeAssetData",
    data: {
      user,
      coin: "BTC",
      leverage: { type: "isolated", value: 5, rawUsd: "-10" },
      maxTradeSzs: ["1", "2"],
      availableToTrade: ["100", "200"],
      markPx: "100000",
    },
  },
  allDexsAssetCtxs: {
    subscription: { type: "allDexsAssetCtxs" },
    channel: "allDexsAssetCtxs",
    data: {
      ctxs: [
        ["", [perpCtx]],
        ["xyz", [perpCtx]],
      ],
    },
  },
  allDexsClearinghouseState: {
    subscription: { type: "allDexsClearinghouseState", user },
    channel: "allDexsClearinghouseState",
    data: { user, clearinghouseStates: [["", chState]] },
  },
  allMids: { subscription: { type: "allMids" }, channel: "allMids", data: { mids: { BTC: "100000.5", "@107": "0.2" } } },
  assetCtxs: { subscription: { type: "assetCtxs", dex: "" }, channel: "assetCtxs", data: { dex: "", ctxs: [perpCtx] } },
  bbo: { subscription: { type: "bbo", coin: "BTC" }, channel: "bbo", data: { coin: "BTC", time: 1700000000000, bbo: [level, null] } },
  candle: {
    subscription: { type: "candle", coin: "BTC", interval: "1h" },
    channel: "candle",
    data: { t: 1700000000000, T: 1700003599999, s: "BTC", i: "1h", o: "100", c: "101", h: "102", l: "99", v: "12.5", n: 42 },
  },
  clearinghouseState: {
    subscription: { type: "clearinghouseState", user },
    channel: "clearinghouseState",
    data: { dex: "", user, clearinghouseState: chState },
  },
  fastAssetCtxs: {
    subscription: { type: "fastAssetCtxs" },
    channel: "fastAssetCtxs",
    data: { BTC: { markPx: "100000", midPx: "100000.5" }, ETH: { midPx: null } },
  },
  l2Book: {
    subscription: { type: "l2Book", coin: "BTC", nSigFigs: 5, mantissa: 2 },
    channel: "l2Book",
    data: { coin: "BTC", time: 1700000000000, levels: [[level], [level]], spread: "1" },
  },
  notification: { subscription: { type: "notification", user }, channel: "notification", data: { notification: "Order filled" } },
  openOrders: { subscription: { type: "openOrders", user, dex: "" }, channel: "openOrders", data: { dex: "", user, orders: [frontendOrder] } },
  orderUpdates: {
    subscription: { type: "orderUpdates", user },
    channel: "orderUpdates",
    data: [
      {
        order: { coin: "BTC", side: "B", limitPx: "100", sz: "1", oid: 7, timestamp: 1, origSz: "1", cloid: `0x${"12".repeat(16)}` },
        status: "canceled",
        statusTimestamp: 2,
      },
    ],
  },
  outcomeMetaUpdates: { subscription: { type: "outcomeMetaUpdates" }, channel: "outcomeMetaUpdates", data: [{ outcomeSettled: 7544 }] },
  spotAssetCtxs: { subscription: { type: "spotAssetCtxs" }, channel: "spotAssetCtxs", data: [spotCtx] },
  spotState: { subscription: { type: "spotState", user }, channel: "spotState", data: { user, spotState } },
  trades: {
    subscription: { type: "trades", coin: "BTC" },
    channel: "trades",
    data: [{ coin: "BTC", side: "A", px: "100000", sz: "0.1", time: 1700000000000, hash, tid: 1, users: [user, user] }],
  },
  twapStates: { subscription: { type: "twapStates", user }, channel: "twapStates", data: { dex: "", user, states: [[12, twapState]] } },
  userEventsFills: { subscription: { type: "userEvents", user }, channel: "user", data: { fills: [fill] } },
  userEventsFunding: {
    subscription: { type: "userEvents", user },
    channel: "user",
    data: { funding: { coin: "ETH", usdc: "-0.5", szi: "1", fundingRate: "0.0001", nSamples: null } },
  },
  userEventsLiquidation: {
    subscription: { type: "userEvents", user },
    channel: "user",
    data: { liquidation: { lid: 1, liquidator: user, liquidated_user: user, liquidated_ntl_pos: "100", liquidated_account_value: "5" } },
  },
  userEventsCancel: { subscription: { type: "userEvents", user }, channel: "user", data: { nonUserCancel: [{ coin: "BTC", oid: 9 }] } },
  userFills: {
    subscription: { type: "userFills", user, aggregateByTime: true },
    channel: "userFills",
    data: { isSnapshot: true, user, fills: [fill, { ...fill, liquidation: { liquidatedUser: user, markPx: "1", method: "market" } }] },
  },
  userFundings: {
    subscription: { type: "userFundings", user },
    channel: "userFundings",
    data: { isSnapshot: true, user, fundings: [{ time: 1, coin: "ETH", usdc: "0.1", szi: "1", fundingRate: "0.00001", nSamples: 24 }] },
  },
  userHistoricalOrders: {
    subscription: { type: "userHistoricalOrders", user },
    channel: "userHistoricalOrders",
    data: { user, orderHistory: [{ order: frontendOrder, status: "filled", statusTimestamp: 3 }] },
  },
  userNonFundingLedgerUpdates: {
    subscription: { type: "userNonFundingLedgerUpdates", user },
    channel: "userNonFundingLedgerUpdates",
    data: { user, nonFundingLedgerUpdates: [{ time: 1, hash, delta: { type: "deposit", usdc: "100" } }] },
  },
  userTwapHistory: {
    subscription: { type: "userTwapHistory", user },
    channel: "userTwapHistory",
    data: { user, history: [{ time: 1700000000, state: twapState, status: { status: "error", description: "insufficient margin" }, twapId: 12 }] },
  },
  userTwapSliceFills: {
    subscription: { type: "userTwapSliceFills", user },
    channel: "userTwapSliceFills",
    data: { user, twapSliceFills: [{ fill, twapId: 12 }] },
  },
  webData2: {
    subscription: { type: "webData2", user },
    channel: "webData2",
    data: {
      clearinghouseState: chState,
      leadingVaults: [],
      totalVaultEquity: "0",
      openOrders: [frontendOrder],
      agentAddress: null,
      agentValidUntil: null,
      cumLedger: "1000",
      meta: { universe: [] },
      assetCtxs: [perpCtx],
      serverTime: 1,
      isVault: false,
      user,
      twapStates: [[1, twapState]],
      spotState,
      spotAssetCtxs: [spotCtx],
    },
  },
  webData3: {
    subscription: { type: "webData3", user },
    channel: "webData3",
    data: {
      userState: { agentAddress: user, agentValidUntil: 1, cumLedger: "1", serverTime: 1, isVault: false, user, abstraction: "unifiedAccount" },
      perpDexStates: [{ totalVaultEquity: "0", perpsAtOpenInterestCap: ["BTC"] }],
    },
  },
};
