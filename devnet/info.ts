/**
 * POST /info on the devnet: each request type answered from engine state, in the real API's
 * shapes. Requests are validated against the SDK's generated schema first.
 */
import { Decimal } from "decimal.js";
import { infoEndpoints, validate, type MessageName, type Wire } from "../src/index.js";

type CandleMessage = Wire.CandleMessage;
type UserFeesResponse = Wire.UserFeesResponse;
import { newAccount, wire } from "./accounts.js";
import { fundingRate } from "./clock.js";
import { frontendOrder, type Engine } from "./engine.js";
import { extraInfoHandlers } from "./info-extra.js";
import { twapView } from "./twap.js";
import * as view from "./views.js";

type Req = Record<string, unknown> & { type: string };
type Handler = (engine: Engine, req: Req) => unknown;

export type InfoResult = { status: 200; body: unknown } | { status: 422; text: string };

const user = (engine: Engine, req: Req) => engine.existing(String(req.user));
const referredBy = (e: Engine, code: string | undefined) => (code ? { referrer: e.referralCodes.get(code), code } : null);
const between = (list: Record<string, unknown>[], start: unknown, end: unknown) => list.filter((x) => (x.time as number) >= (start as number) && (x.time as number) <= ((end as number | null | undefined) ?? Number.MAX_SAFE_INTEGER));

export const infoHandlers: Record<string, Handler> = {
  meta: (e) => view.meta(e),
  spotMeta: (e) => view.spotMeta(e),
  metaAndAssetCtxs: (e) => [view.meta(e), e.perps.map((m) => view.perpAssetCtx(e, m.coin))],
  spotMetaAndAssetCtxs: (e) => [view.spotMeta(e), e.spots.map((m) => view.spotAssetCtx(e, m.coin))],
  allMids: (e) => view.allMids(e),
  l2Book: (e, r) => view.l2Book(e, String(r.coin), r.nSigFigs as number | null | undefined, r.mantissa as number | null | undefined),
  candleSnapshot: (e, r) => {
    const q = r.req as { coin: string; interval: CandleMessage["i"]; startTime: number; endTime?: number | null };
    return view.candles(e, q.coin, q.interval, q.startTime, q.endTime ?? e.now());
  },
  clearinghouseState: (e, r) => view.clearinghouseState(e, user(e, r)),
  spotClearinghouseState: (e, r) => view.spotState(e, user(e, r)),
  openOrders: (e, r) => view.openOrders(user(e, r)),
  frontendOpenOrders: (e, r) => view.frontendOpenOrders(user(e, r)),
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
    let found: { order: unknown; status: string; statusTimestamp: number } | undefined;
    if (typeof r.oid === "number") {
      const hit = e.orders.get(r.oid);
      if (hit && hit.user === who) found = hit.entry;
    } else {
      found = [...(e.existing(who)?.history ?? [])].reverse().find((h) => h.order.cloid === r.oid);
    }
    if (!found) return { status: "unknownOid" };
    return { status: "order", order: { order: frontendOrder(found.order as never), status: found.status, statusTimestamp: found.statusTimestamp } };
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
  extraAgents: (e, r) => [...(user(e, r)?.agents ?? new Map()).entries()].filter(([, v]) => v.name !== "").map(([address, v]) => ({ address, name: v.name, validUntil: v.validUntil })),
  maxBuilderFee: (e, r) => user(e, r)?.builderFees.get(String(r.builder).toLowerCase()) ?? 0,
  userFees: (e, r): UserFeesResponse => {
    const a = user(e, r);
    return {
      dailyUserVlm: [{ date: new Date(e.now()).toISOString().slice(0, 10), userCross: wire(a?.cumVlm ?? new Decimal(0), 6), userAdd: "0.0", exchange: "0.0" }],
      feeSchedule: { cross: "0.00045", add: "0.00015", spotCross: "0.0007", spotAdd: "0.0004", tiers: { vip: [], mm: [] }, referralDiscount: "0.04", stakingDiscountTiers: [] },
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
      return { name: sub.subAccountName ?? "", subAccountUser: s, master: a.address, clearinghouseState: view.clearinghouseState(e, sub), spotState: view.spotState(e, sub) };
    });
  },
  portfolio: (e, r) => {
    const state = view.clearinghouseState(e, user(e, r)) as { marginSummary: { accountValue: string } };
    const now = e.now();
    const period = { accountValueHistory: [[now, state.marginSummary.accountValue]], pnlHistory: [[now, "0.0"]], vlm: wire(user(e, r)?.cumVlm ?? new Decimal(0), 6) };
    return ["day", "week", "month", "allTime", "perpDay", "perpWeek", "perpMonth", "perpAllTime"].map((p) => [p, period]);
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
  perpDexs: () => [null],
  exchangeStatus: (e) => ({ time: e.now(), specialStatuses: null }),
  predictedFundings: (e) => e.perps.map((m) => [m.coin, [["HlPerp", { fundingRate: wire(fundingRate(e, m.coin).rate), nextFundingTime: e.nextFunding, fundingIntervalHours: 1 }]]]),
  twapHistory: (e, r) => [...e.twaps.values()].filter((t) => t.user === String(r.user).toLowerCase()).map((t) => ({ time: Math.floor(t.startTime / 1000), state: twapView(t), status: { status: t.status }, twapId: t.id })),
  vaultDetails: (e, r) => {
    const v = e.existing(String(r.vaultAddress));
    if (!v?.vault) return null;
    const state = view.clearinghouseState(e, v) as { marginSummary: { accountValue: string } };
    return { name: v.vault.name, vaultAddress: v.address, leader: v.vault.leader, description: v.vault.description, portfolio: [], apr: 0, followerState: null, leaderFraction: 1, leaderCommission: 0.1, followers: [], maxDistributable: state.marginSummary.accountValue, maxWithdrawable: state.marginSummary.accountValue, isClosed: false, relationship: { type: "normal" }, allowDeposits: true, alwaysCloseOnWithdraw: false };
  },
  userVaultEquities: () => [],
  ...extraInfoHandlers,
  webData2: (e, r) => view.webData2(e, user(e, r), String(r.user).toLowerCase()),
  referral: (e, r) => ({ referredBy: referredBy(e, user(e, r)?.referrer), cumVlm: wire(user(e, r)?.cumVlm ?? new Decimal(0), 6), unclaimedRewards: "0.0", claimedRewards: "0.0", builderRewards: "0.0", referrerState: { stage: "needToTrade", data: { required: "10000.0" } }, rewardHistory: [] }),
};

const endpoints = infoEndpoints as unknown as Record<string, { request: string } | undefined>;

export function handleInfo(engine: Engine, body: unknown): InfoResult {
  const req = body as Req | null;
  if (typeof req !== "object" || req === null || typeof req.type !== "string") return { status: 422, text: "Failed to deserialize the JSON body into the target type: missing field `type`" };
  // Own keys only: a wire type such as "constructor" must not find Object.prototype members.
  const endpoint = Object.hasOwn(endpoints, req.type) ? endpoints[req.type] : undefined;
  const handler = Object.hasOwn(infoHandlers, req.type) ? infoHandlers[req.type] : undefined;
  if (!handler) return { status: 422, text: `Failed to deserialize the JSON body into the target type: unknown variant \`${req.type}\`${endpoint ? " (not served by the devnet)" : ""}` };
  if (endpoint) {
    const issues = validate(endpoint.request as MessageName, req);
    if (issues.length) return { status: 422, text: `Failed to deserialize the JSON body into the target type: ${issues.map((i) => `${i.path || "body"}: expected ${i.expected}`).join("; ")}` };
  }
  return { status: 200, body: handler(engine, req) };
}
