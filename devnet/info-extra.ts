/**
 * More POST /info types answered from devnet state: builders, multi-sig signers, sub-accounts
 * (v2), vaults, margin tables, token details, transfer checks… and empty-but-valid answers
 * where the devnet keeps no state (staking, validators, liquidations). Typed with the
 * generated wire types so every shape is checked at compile time.
 */
import { Decimal } from "decimal.js";
import type { Wire as T } from "../src/index.js";
import { spotBalance, wire } from "./accounts.js";
import { isActive } from "./auth.js";
import type { Engine } from "./engine.js";
import type { InfoHandlers } from "./info-table.js";
import { deployStates } from "./spot-deploy.js";
import { stakingInfoHandlers } from "./staking.js";
import * as view from "./views.js";

const userOf = (e: Engine, r: { user: string }) => e.existing(r.user);
const NO_AUCTION: T.DeployAuctionStatus = { startTimeSeconds: 0, durationSeconds: 111_600, startGas: "500.0", currentGas: null, endGas: null };

export const extraInfoHandlers = {
  approvedBuilders: (e, r): T.ApprovedBuildersResponse => [...(userOf(e, r)?.builderFees.keys() ?? [])],
  userToMultiSigSigners: (e, r): T.UserToMultiSigSignersResponse => userOf(e, r)?.multiSig ?? null,
  isVip: (): T.IsVipResponse => false,
  legalCheck: (): T.LegalCheckResponse => ({ acceptedTerms: true, userAllowed: true }),
  maxMarketOrderNtls: (e): T.MaxMarketOrderNtlsResponse =>
    [...new Set(e.perps.map((m) => m.maxLeverage))].sort((a, b) => b - a).map((lev) => [lev, "15000000.0"]),
  marginTable: (e, r): T.MarginTableResponse => ({
    description: "",
    marginTiers: [{ lowerBound: "0.0", maxLeverage: Number(r.id) > 0 ? Number(r.id) : Math.max(...e.perps.map((m) => m.maxLeverage)) }],
  }),
  allPerpMetas: (e): T.AllPerpMetasResponse => e.dexes.map((d) => view.meta(e, d.name)),
  userDexAbstraction: (): T.UserDexAbstractionResponse => false,
  userAbstraction: (): T.UserAbstractionResponse => "default",
  perpsAtOpenInterestCap: (): T.PerpsAtOpenInterestCapResponse => [],
  userTwapSliceFillsByTime: (e, r) => {
    const end = r.endTime ?? Number.MAX_SAFE_INTEGER;
    return (userOf(e, r)?.twapSliceFills ?? []).filter((f) => {
      const time = f.fill.time;
      return time >= r.startTime && time <= end;
    });
  },
  subAccounts2: (e, r): T.SubAccounts2Response => {
    const a = userOf(e, r);
    if (!a?.subAccounts.length) return null;
    return a.subAccounts.map((s) => {
      const sub = e.existing(s)!;
      return {
        name: sub.subAccountName ?? "",
        subAccountUser: s,
        master: a.address,
        dexToClearinghouseState: [["", view.clearinghouseState(e, sub)]],
        spotState: view.spotState(e, sub),
      };
    });
  },
  vaultSummaries: (e): T.VaultSummariesResponse =>
    [...e.accounts.values()]
      .filter((a) => a.vault)
      .map((a) => ({
        name: a.vault!.name,
        vaultAddress: a.address,
        leader: a.vault!.leader,
        tvl: view.clearinghouseState(e, a).marginSummary.accountValue,
        isClosed: false,
        relationship: { type: "normal" },
        createTimeMillis: 0,
      })),
  leadingVaults: (e, r): T.LeadingVaultsResponse =>
    [...e.accounts.values()].filter((a) => a.vault?.leader === String(r.user).toLowerCase()).map((a) => ({ address: a.address, name: a.vault!.name })),
  preTransferCheck: (e, r): T.PreTransferCheckResponse => {
    const exists = isActive(e, String(r.user));
    return { fee: exists ? "0.0" : "1.0", isSanctioned: false, userExists: exists, userHasSentTx: (userOf(e, r)?.nRequests ?? 0) > 0 };
  },
  tokenDetails: (e, r): T.TokenDetailsResponse | null => {
    const token = e.tokens.find((t) => t.tokenId.toLowerCase() === String(r.tokenId).toLowerCase());
    if (!token) return null;
    let supply = new Decimal(0);
    for (const a of e.accounts.values()) if (!a.system) supply = supply.plus(spotBalance(a, token.index));
    const pair = e.spots.find((m) => m.base === token.index);
    const mark = pair ? wire(e.markPx(pair.coin)) : "1.0";
    return {
      name: token.name,
      maxSupply: "1000000000.0",
      totalSupply: wire(supply),
      circulatingSupply: wire(supply),
      szDecimals: token.szDecimals,
      weiDecimals: token.weiDecimals,
      midPx: mark,
      markPx: mark,
      prevDayPx: mark,
      genesis: null,
      deployer: null,
      deployGas: null,
      deployTime: null,
      seededUsdc: "0.0",
      nonCirculatingUserBalances: [],
      futureEmissions: "0.0",
    };
  },
  tokenAnnotation: (e, r): T.TokenAnnotationResponse => e.tokenAnnotations.get(r.token) ?? null,
  tokenConciseAnnotations: (e): T.TokenConciseAnnotationsResponse =>
    [...e.tokenAnnotations].map(([token, a]): T.TokenConciseAnnotationEntry => [
      token,
      { category: a.category, displayName: a.displayName ?? null, keywords: a.keywords ?? [] },
    ]),
  batchClearinghouseStates: (e, r): T.BatchClearinghouseStatesResponse =>
    r.users.map((u) => (isActive(e, u) ? view.clearinghouseState(e, e.existing(u), r.dex) : null)),
  spotDeployState: (e, r): T.SpotDeployStateResponse => ({ states: deployStates(e, r.user), gasAuction: NO_AUCTION }),
  perpDeployAuctionStatus: (): T.DeployAuctionStatus => NO_AUCTION,
  spotPairDeployAuctionStatus: (): T.DeployAuctionStatus => NO_AUCTION,
  ...stakingInfoHandlers,
  delegatorRewards: (): T.DelegatorRewardsResponse => [],
  liquidatable: (): T.LiquidatableResponse => [],
} satisfies Partial<InfoHandlers>;
