/**
 * The devnet's markets: a few perps and spot pairs with deterministic, seeded starting prices,
 * so two runs with the same seed quote the same book.
 */
import { pxDecimals, roundPx } from "./rules.js";

export interface PerpMarket {
  kind: "perp";
  coin: string;
  asset: number;
  szDecimals: number;
  maxLeverage: number;
  /** Starting oracle price before the seed's jitter. */
  basePx: number;
}

export interface SpotToken {
  name: string;
  index: number;
  szDecimals: number;
  weiDecimals: number;
  tokenId: string;
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
  spotTokens?: { name: string; szDecimals: number; weiDecimals: number }[];
  spotPairs?: { base: string; quote: string; px: number; canonical?: boolean }[];
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

export function buildMarkets(config: MarketsConfig, seed: number): { perps: PerpMarket[]; tokens: SpotToken[]; spots: SpotMarket[] } {
  const rnd = seededRandom(seed);
  const jitter = (): number => 1 + (rnd() - 0.5) * 0.02;
  const perps = (config.perps ?? DEFAULT_MARKETS.perps).map((p, asset): PerpMarket => ({
    kind: "perp",
    coin: p.coin,
    asset,
    szDecimals: p.szDecimals,
    maxLeverage: p.maxLeverage,
    basePx: p.px * jitter(),
  }));
  const tokens = (config.spotTokens ?? DEFAULT_MARKETS.spotTokens).map((t, index): SpotToken => ({
    ...t,
    index,
    tokenId: `0x${(index + 1).toString(16).padStart(32, "0")}`,
  }));
  const byName = new Map(tokens.map((t) => [t.name, t]));
  const spots = (config.spotPairs ?? DEFAULT_MARKETS.spotPairs).map((p, pairIndex): SpotMarket => {
    const base = byName.get(p.base);
    const quote = byName.get(p.quote);
    if (!base || !quote) throw new Error(`devnet config: spot pair ${p.base}/${p.quote} names an unknown token`);
    const name = `${p.base}/${p.quote}`;
    return {
      kind: "spot",
      coin: p.canonical ? name : `@${pairIndex}`,
      name,
      asset: 10000 + pairIndex,
      pairIndex,
      base: base.index,
      quote: quote.index,
      szDecimals: base.szDecimals,
      basePx: p.px * jitter(),
    };
  });
  return { perps, tokens, spots };
}
