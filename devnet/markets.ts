/**
 * The devnet's markets: a few perps and spot pairs with deterministic, seeded starting prices,
 * so two runs with the same seed quote the same book.
 */
import { PRESETS } from "./presets.js";
import { pxDecimals, roundPx } from "./rules.js";

export interface PerpMarket {
  kind: "perp";
  /** "BTC" on the first dex, "dex:COIN" on a builder-deployed (HIP-3) one. */
  coin: string;
  /** The perp dex's name ("" for the first dex). */
  dex: string;
  asset: number;
  szDecimals: number;
  maxLeverage: number;
  /** Starting oracle price before the seed's jitter. */
  basePx: number;
  onlyIsolated?: boolean;
}

export interface SpotToken {
  name: string;
  index: number;
  szDecimals: number;
  weiDecimals: number;
  tokenId: string;
  fullName?: string;
}

export interface SpotMarket {
  kind: "spot";
  /** Pair name as the API shows it: "PURR/USDC" for canonical pairs, "@N" otherwise. */
  coin: string;
  /** Human name (base/quote) accepted by clients. */
  name: string;
  asset: number;
  pairIndex: number;
  base: number;
  quote: number;
  szDecimals: number;
  basePx: number;
}

export type Market = PerpMarket | SpotMarket;

export interface MarketsConfig {
  perps?: { coin: string; szDecimals: number; maxLeverage: number; px: number }[];
  /** Without `index` / `tokenId`, a token gets the next index and an id derived from it. */
  spotTokens?: { name: string; szDecimals: number; weiDecimals: number; index?: number; tokenId?: string; fullName?: string }[];
  spotPairs?: { base: string; quote: string; px: number; canonical?: boolean; index?: number }[];
}

export const DEFAULT_MARKETS: Required<MarketsConfig> = {
  perps: [
    { coin: "BTC", szDecimals: 5, maxLeverage: 40, px: 97000 },
    { coin: "ETH", szDecimals: 4, maxLeverage: 25, px: 3600 },
    { coin: "SOL", szDecimals: 2, maxLeverage: 20, px: 180 },
  ],
  spotTokens: [
    { name: "USDC", szDecimals: 8, weiDecimals: 8 },
    { name: "PURR", szDecimals: 0, weiDecimals: 5 },
    { name: "HYPE", szDecimals: 2, weiDecimals: 8 },
  ],
  spotPairs: [
    { base: "PURR", quote: "USDC", px: 0.21, canonical: true },
    { base: "HYPE", quote: "USDC", px: 32, canonical: false },
  ],
};

/** mulberry32: a tiny deterministic PRNG (not for keys; prices and synthetic flow only). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The tick rules live in rules.ts; re-exported here for the modules that quote prices.
export { pxDecimals, roundPx };

/** A token id for a token the devnet invents (configured without one, or deployed). */
export function derivedTokenId(index: number): string {
  return `0x${(index + 1).toString(16).padStart(32, "0")}`;
}

/**
 * The starting markets. Spot tokens and pairs not given in the config come from the network
 * preset (canonical names, ids and indexes); without a network, from DEFAULT_MARKETS.
 */
export function buildMarkets(
  config: MarketsConfig,
  seed: number,
  network?: "mainnet" | "testnet",
): { perps: PerpMarket[]; tokens: SpotToken[]; spots: SpotMarket[] } {
  const rnd = seededRandom(seed);
  const jitter = (): number => 1 + (rnd() - 0.5) * 0.02;
  const perps = (config.perps ?? DEFAULT_MARKETS.perps).map((p, asset): PerpMarket => ({
    kind: "perp",
    coin: p.coin,
    dex: "",
    asset,
    szDecimals: p.szDecimals,
    maxLeverage: p.maxLeverage,
    basePx: p.px * jitter(),
  }));
  const preset = network ? PRESETS[network] : undefined;
  const tokenConfig = config.spotTokens ?? preset?.tokens ?? DEFAULT_MARKETS.spotTokens;
  let nextIndex = 0;
  const tokens = tokenConfig.map((t): SpotToken => {
    const index = t.index ?? nextIndex;
    nextIndex = Math.max(nextIndex, index + 1);
    const token: SpotToken = { name: t.name, szDecimals: t.szDecimals, weiDecimals: t.weiDecimals, index, tokenId: t.tokenId ?? derivedTokenId(index) };
    if (t.fullName !== undefined) token.fullName = t.fullName;
    return token;
  });
  const byName = new Map(tokens.map((t) => [t.name, t]));
  const pairConfig = config.spotPairs ?? (config.spotTokens ? undefined : preset?.pairs) ?? DEFAULT_MARKETS.spotPairs;
  let nextPair = 0;
  const spots = pairConfig.map((p): SpotMarket => {
    const base = byName.get(p.base);
    const quote = byName.get(p.quote);
    if (!base || !quote) throw new Error(`devnet config: spot pair ${p.base}/${p.quote} names an unknown token`);
    const pairIndex = p.index ?? nextPair;
    nextPair = Math.max(nextPair, pairIndex + 1);
    return spotMarket(base, quote, pairIndex, p.px * jitter(), p.canonical ?? false);
  });
  return { perps, tokens, spots };
}

export function spotMarket(base: SpotToken, quote: SpotToken, pairIndex: number, px: number, canonical: boolean): SpotMarket {
  const name = `${base.name}/${quote.name}`;
  return {
    kind: "spot",
    coin: canonical ? name : `@${pairIndex}`,
    name,
    asset: 10000 + pairIndex,
    pairIndex,
    base: base.index,
    quote: quote.index,
    szDecimals: base.szDecimals,
    basePx: px,
  };
}
