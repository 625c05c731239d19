/**
 * Response size caps, counted while streaming: a hostile or broken server cannot make the SDK
 * hold more than the cap. Exchange answers are small (a 1000-order batch is ~60 KB); most
 * info answers are well under 1 MB; history-like info types (fills, candles, funding, ledger,
 * portfolio, vault lists, full metadata) can legitimately reach tens of MB.
 */
import type { Endpoint } from "../types.js";

export interface ResponseLimits {
  /** Cap of /exchange answers (default 2 MiB). */
  exchange?: number;
  /** Cap of /info answers not listed in `infoTypes` (default 8 MiB). */
  info?: number;
  /** Cap of explorer answers (default 16 MiB). */
  explorer?: number;
  /** Per info `type` caps, merged over the defaults (big types default to 64 MiB). */
  infoTypes?: Record<string, number>;
}

const MiB = 2 ** 20;

/** Info types whose answers grow with history or with the number of markets. */
export const BIG_INFO_TYPES: readonly string[] = [
  "userFills",
  "userFillsByTime",
  "userTwapSliceFills",
  "userTwapSliceFillsByTime",
  "candleSnapshot",
  "fundingHistory",
  "userFunding",
  "userNonFundingLedgerUpdates",
  "historicalOrders",
  "twapHistory",
  "portfolio",
  "delegatorHistory",
  "vaultDetails",
  "vaultSummaries",
  "leadingVaults",
  "spotMeta",
  "spotMetaAndAssetCtxs",
  "metaAndAssetCtxs",
  "allPerpMetas",
  "recentTrades",
];

export const DEFAULT_RESPONSE_LIMITS: Required<ResponseLimits> = {
  exchange: 2 * MiB,
  info: 8 * MiB,
  explorer: 16 * MiB,
  infoTypes: Object.fromEntries(BIG_INFO_TYPES.map((t) => [t, 64 * MiB])),
};

/** A transport's caps resolved once (a number caps everything): the cap of each request from its endpoint and body. */
export function limitsOf(setting: number | ResponseLimits | undefined): (endpoint: Endpoint, body: unknown) => number {
  if (typeof setting === "number") return () => setting;
  const limits = { ...DEFAULT_RESPONSE_LIMITS, ...setting, infoTypes: { ...DEFAULT_RESPONSE_LIMITS.infoTypes, ...setting?.infoTypes } };
  return (endpoint, body) => {
    if (endpoint === "exchange") return limits.exchange;
    if (endpoint === "explorer") return limits.explorer;
    const type = body !== null && typeof body === "object" && "type" in body && typeof body.type === "string" ? body.type : "";
    return Object.hasOwn(limits.infoTypes, type) ? (limits.infoTypes[type] ?? limits.info) : limits.info;
  };
}

/** Resolves the cap of one request from the transport's setting. */
export function responseLimit(setting: number | ResponseLimits | undefined, endpoint: Endpoint, body: unknown): number {
  return limitsOf(setting)(endpoint, body);
}
