/**
 * POST /info on the devnet: each request type answered from engine state, in the real API's
 * shapes. Requests are validated against the SDK's generated schema first.
 */
import { Decimal } from "decimal.js";
import { infoEndpoints, validate, type Issue, type Wire } from "../src/index.js";

type UserFeesResponse = Wire.UserFeesResponse;
import { newAccount, wire, type HistoricalOrder } from "./accounts.js";
import { fundingRate } from "./clock.js";
import { frontendOrder, type Engine } from "./engine.js";
import { perpDexView } from "./dexes.js";
import { userVaultEquities, vaultDetails } from "./vaults.js";
import { extraInfoHandlers } from "./info-extra.js";
import { twapView } from "./twap.js";
import { notServedInfo, type InfoHandler, type InfoHandlers, type InfoRequest, type InfoType, type ServedInfo } from "./info-table.js";
import * as view from "./views.js";

export type InfoResult = { status: 200; body: unknown } | { status: 422; text: string };

const user = (engine: Engine, req: { user: string }) => engine.existing(req.user);
const referredBy = (e: Engine, code: string | undefined): Wire.ReferredBy | null => {
  const referrer = code ? e.referralCodes.get(code) : undefined;
  return code && referrer ? { referrer, code } : null;
};
const PERIODS: Wire.PortfolioPeriod[0][] = ["day", "week", "month", "allTime", "perpDay", "perpWeek", "perpMonth", "perpAllTime"];
const between = <E extends { time: number }>(list: E[], start: number, end: number | null | undefined): E[] =>
  list.filter((x) => x.time >= start && x.time <= (end ?? Number.MAX_SAFE_INTEGER));

export const infoHandlers: InfoHandlers = {
  meta: (e, r) => view.meta(e, r.dex),
  spotMeta: (e) => view.spotMeta(e),
  metaAndAssetCtxs: (e, r) => [view.meta(e, r.dex), e.perpsOf(r.dex).map((m) => view.perpAssetCtx(e, m.coin))],
  spotMetaAndAssetCtxs: (e) => [view.spotMeta(e), e.spots.map((m) => view.spotAssetCtx(e, m.coin))],
  allMids: (e, r) => view.allMids(e, r.dex),
  l2Book: (e, r) => view.l2Book(e, r.coin, r.nSigFigs, r.mantissa),
  candleSnapshot: (e, r) => {
    const q = r.req;
    return view.candles(e, q.coin, q.interval, q.startTime, q.endTime ?? e.now());
  },
  clearinghouseState: (e, r) => view.clearinghouseState(e, user(e, r), r.dex),
  spotClearinghouseState: (e, r) => view.spotState(e, user(e, r)),
  openOrders: (e, r) => view.openOrders(user(e, r), e, r.dex),
  frontendOpenOrders: (e, r) => view.frontendOpenOrders(user(e, r), e, r.dex),
  historicalOrders: (e, r) => view.historicalOrders(user(e, r)),
  userFills: (e, r) => [...(user(e, r)?.fills ?? [])].reverse(),
  userFillsByTime: (e, r) => between(user(e, r)?.fills ?? [], r.startTime, r.endTime).slice(0, 2000),
  userFunding: (e, r) => between(user(e, r)?.fundings ?? [], r.startTime, r.endTime),
  userNonFundingLedgerUpdates: (e, r) => between(user(e, r)?.ledger ?? [], r.startTime, r.endTime),
  userTwapSliceFills: (e, r) => [...(user(e, r)?.twapSliceFills ?? [])].reverse(),
  fundingHistory: (e, r) => between(e.fundingHistory.get(String(r.coin)) ?? [], r.startTime, r.endTime),
  recentTrades: (e, r) => (e.trades.get(String(r.coin)) ?? []).slice(-10),
  orderStatus: (e, r) => {
    const who = String(r.user).toLowerCase();
    let found: HistoricalOrder | undefined;
    if (typeof r.oid === "number") {
      const hit = e.orders.get(r.oid);
      if (hit && hit.user === who) found = hit.entry;
    } else {
      found = [...(e.existing(who)?.history ?? [])].reverse().find((h) => h.order.cloid === r.oid);
    }
    if (!found) return { status: "unknownOid" };
    return { status: "order", order: { order: frontendOrder(found.order), status: found.status, statusTimestamp: found.statusTimestamp } };
  },
  userRateLimit: (e, r) => {
    const a = user(e, r);
    const cumVlm = a?.cumVlm ?? new Decimal(0);
    return { cumVlm: wire(cumVlm, 6), nRequestsUsed: a?.nRequests ?? 0, nRequestsCap: 10000 + Math.floor(cumVlm.toNumber()), nRequestsSurplus: 0 };
  },
  userRole: (e, r) => {
    const address = String(r.user).toLowerCase();
    const a = e.existing(address);
    if (e.agentOwners.has(address)) return { role: "agent", data: { user: e.agentOwners.get(address) } };
    if (a?.vault) return { role: "vault" };
    if (a?.master) return { role: "subAccount", data: { master: a.master } };
    return a ? { role: "user" } : { role: "missing" };
  },
  extraAgents: (e, r) =>
    [...(user(e, r)?.agents ?? new Map()).entries()]
      .filter(([, v]) => v.name !== "")
      .map(([address, v]) => ({ address, name: v.name, validUntil: v.validUntil })),
  maxBuilderFee: (e, r) => user(e, r)?.builderFees.get(String(r.builder).toLowerCase()) ?? 0,
  userFees: (e, r): UserFeesResponse => {
    const a = user(e, r);
    return {
      dailyUserVlm: [{ date: new Date(e.now()).toISOString().slice(0, 10), userCross: wire(a?.cumVlm ?? new Decimal(0), 6), userAdd: "0.0", exchange: "0.0" }],
      feeSchedule: {
        cross: "0.00045",
        add: "0.00015",
        spotCross: "0.0007",
        spotAdd: "0.0004",
        tiers: { vip: [], mm: [] },
        referralDiscount: "0.04",
        stakingDiscountTiers: [],
      },
      userCrossRate: "0.00045",
      userAddRate: "0.00015",
      userSpotCrossRate: "0.0007",
      userSpotAddRate: "0.0004",
      activeReferralDiscount: "0.0",
      trial: null,
      feeTrialEscrow: "0.0",
      nextTrialAvailableTimestamp: null,
      stakingLink: null,
      activeStakingDiscount: { bpsOfMaxSupply: "0.0", discount: "0.0" },
    };
  },
  subAccounts: (e, r) => {
    const a = user(e, r);
    if (!a?.subAccounts.length) return null;
    return a.subAccounts.map((s) => {
      const sub = e.existing(s)!;
      return {
        name: sub.subAccountName ?? "",
        subAccountUser: s,
        master: a.address,
        clearinghouseState: view.clearinghouseState(e, sub),
        spotState: view.spotState(e, sub),
      };
    });
  },
  portfolio: (e, r) => {
    const state = view.clearinghouseState(e, user(e, r));
    const now = e.now();
    const period: Wire.PortfolioPeriodData = {
      accountValueHistory: [[now, state.marginSummary.accountValue]],
      pnlHistory: [[now, "0.0"]],
      vlm: wire(user(e, r)?.cumVlm ?? new Decimal(0), 6),
    };
    return PERIODS.map((p): Wire.PortfolioPeriod => [p, period]);
  },
  activeAssetData: (e, r) => {
    // A read never creates the account: an unknown user gets the empty account's view.
    const a = e.existing(String(r.user)) ?? newAccount(String(r.user).toLowerCase());
    const coin = String(r.coin);
    const lev = e.leverageOf(a, coin);
    const mark = e.markPx(coin);
    const avail = Decimal.max(0, e.availableMargin(a));
    const maxSz = mark.isZero() ? "0" : wire(avail.times(lev.value).div(mark), e.market(coin)?.szDecimals ?? 2);
    return { user: a.address, coin, leverage: lev, maxTradeSzs: [maxSz, maxSz], availableToTrade: [wire(avail, 6), wire(avail, 6)], markPx: wire(mark) };
  },
  perpDexs: (e) => e.dexes.map((d) => (d.index === 0 ? null : perpDexView(d))),
  exchangeStatus: (e) => ({ time: e.now(), specialStatuses: null }),
  predictedFundings: (e) =>
    e
      .perpsOf("")
      .map((m) => [m.coin, [["HlPerp", { fundingRate: wire(fundingRate(e, m.coin).rate), nextFundingTime: e.nextFunding, fundingIntervalHours: 1 }]]]),
  twapHistory: (e, r) =>
    [...e.twaps.values()]
      .filter((t) => t.user === String(r.user).toLowerCase())
      .map((t) => ({ time: Math.floor(t.startTime / 1000), state: twapView(t), status: { status: t.status }, twapId: t.id })),
  vaultDetails: (e, r) => vaultDetails(e, r),
  userVaultEquities: (e, r) => userVaultEquities(e, r.user),
  ...extraInfoHandlers,
  webData2: (e, r) => view.webData2(e, user(e, r), String(r.user).toLowerCase()),
  referral: (e, r) => ({
    referredBy: referredBy(e, user(e, r)?.referrer),
    cumVlm: wire(user(e, r)?.cumVlm ?? new Decimal(0), 6),
    unclaimedRewards: "0.0",
    claimedRewards: "0.0",
    builderRewards: "0.0",
    referrerState: { stage: "needToTrade", data: { required: "10000.0" } },
    rewardHistory: [],
  }),
};

function isInfoType(type: string): type is InfoType {
  return Object.hasOwn(infoEndpoints, type);
}

function isServed(type: InfoType): type is ServedInfo {
  return !notServedInfo.some((t) => t === type);
}

/** Whether `req` is K's request: the schema's generated validator decides (its issues land in `issues`). */
function isRequest<K extends InfoType>(type: K, req: unknown, issues: Issue[]): req is InfoRequest<K> {
  issues.push(...validate(infoEndpoints[type].request, req));
  return issues.length === 0;
}

function answer<K extends ServedInfo>(engine: Engine, type: K, req: InfoRequest<K>): unknown {
  const handler: InfoHandler<K> = infoHandlers[type];
  return handler(engine, req);
}

export function handleInfo(engine: Engine, body: unknown): InfoResult {
  const type = typeof body === "object" && body !== null && "type" in body ? body.type : undefined;
  if (typeof type !== "string") return { status: 422, text: "Failed to deserialize the JSON body into the target type: missing field `type`" };
  if (!isInfoType(type) || !isServed(type))
    return {
      status: 422,
      text: `Failed to deserialize the JSON body into the target type: unknown variant \`${type}\`${isInfoType(type) ? " (not served by the devnet)" : ""}`,
    };
  const issues: Issue[] = [];
  if (!isRequest(type, body, issues))
    return {
      status: 422,
      text: `Failed to deserialize the JSON body into the target type: ${issues.map((i) => `${i.path || "body"}: expected ${i.expected}`).join("; ")}`,
    };
  // Every request type that takes a perp dex names one that exists (never silently the first dex).
  const dex = "dex" in body ? body.dex : undefined;
  if (typeof dex === "string" && !engine.dex(dex)) return { status: 422, text: `Unknown perp dex ${JSON.stringify(dex)}.` };
  return { status: 200, body: answer(engine, type, body) };
}
