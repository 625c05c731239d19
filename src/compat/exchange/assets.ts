/**
 * The Python SDK Info's name → asset tables (`name_to_coin`, `coin_to_asset`,
 * `asset_to_sz_decimals`, hyperliquid/info.py 0.24.0) as an {@link AssetLookup}:
 *
 * - perps of the default dex: their index in meta.universe;
 * - spot pairs: 10000 + the pair's `index`, known by its name ("PURR/USDC", "@107") and, if
 *   that name is not taken yet, as "BASE/QUOTE" from its token names (first pair wins);
 * - builder-deployed perp dexs, only those listed in `perp_dexs` (default `[""]`, as Python):
 *   110000 + i·10000 + index, i being the dex's position in `perpDexs()[1:]`; coins are the
 *   names meta({dex}) lists ("xyz:XYZ100").
 *
 * MetadataCache's 100000 + dexIndex·10000 + index (dexIndex = position in perpDexs, 0 being
 * the default dex) is the same number; what differs is that MetadataCache loads any dex on
 * demand, also accepts "dex:COIN" when meta lists "COIN", and prefers the canonical pair
 * for a "BASE/QUOTE" alias, while Python knows only the dexs it was given and the first
 * pair with that alias. Meta and spot meta are used as given, or fetched once on first use.
 */
import { ValidationError } from "../../errors/base.js";
import type { AssetIdLookup, AssetInfo } from "../../clients/preflight.js";
import type { InfoClient } from "../../clients/info.js";
import type { Transport } from "../../transport/types.js";

/** meta as the Python SDK takes it: `{"universe": [{"name", "szDecimals", …}]}`. */
export interface PyMeta {
  universe: { name: string; szDecimals: number; maxLeverage?: number }[];
}

/** spot meta as the Python SDK takes it. */
export interface PySpotMeta {
  tokens: { name: string; szDecimals: number; index: number }[];
  universe: { name: string; tokens: number[]; index: number }[];
}

interface Tables {
  nameToCoin: Map<string, string>;
  coinToInfo: Map<string, AssetInfo>;
  byAsset: Map<number, AssetInfo>;
}

export interface PythonAssetMapSource {
  info: InfoClient;
  /** Unused (perpDexs goes through `info`); kept for callers that pass it. */
  transport?: Transport;
  meta?: PyMeta | null | undefined;
  spotMeta?: PySpotMeta | null | undefined;
  perpDexs?: string[] | null | undefined;
}

const dexOf = (coin: string): string => (coin.includes(":") ? coin.split(":")[0]! : "");

/** Python Info's name resolution, loaded lazily. */
export class PythonAssetMap implements AssetIdLookup {
  private tables: Promise<Tables> | undefined;

  constructor(private readonly source: PythonAssetMapSource) {}

  private load(): Promise<Tables> {
    this.tables ??= this.build().catch((e: unknown) => {
      this.tables = undefined;
      throw e;
    });
    return this.tables;
  }

  private async build(): Promise<Tables> {
    const { info } = this.source;
    const t: Tables = { nameToCoin: new Map(), coinToInfo: new Map(), byAsset: new Map() };
    const add = (name: string, a: AssetInfo): void => {
      t.coinToInfo.set(a.coin, a);
      t.nameToCoin.set(name, a.coin);
      t.byAsset.set(a.asset, a);
    };
    const spot = (this.source.spotMeta ?? (await info.spotMeta())) as PySpotMeta;
    const tokens = new Map(spot.tokens.map((tok) => [tok.index, tok]));
    for (const pair of spot.universe) {
      const [base, quote] = pair.tokens as [number, number];
      const b = tokens.get(base);
      const q = tokens.get(quote);
      if (!b || !q) continue;
      add(pair.name, { coin: pair.name, asset: 10_000 + pair.index, szDecimals: b.szDecimals, kind: "spot" });
      const alias = `${b.name}/${q.name}`;
      if (!t.nameToCoin.has(alias)) t.nameToCoin.set(alias, pair.name);
    }
    const offsets = new Map<string, number>([["", 0]]);
    const dexs = this.source.perpDexs ?? [""];
    if (this.source.perpDexs) {
      const listed = (await info.perpDexs()) as ({ name: string } | null)[];
      listed.slice(1).forEach((d, i) => d && offsets.set(d.name, 110_000 + i * 10_000));
    }
    for (const dex of dexs) {
      const offset = offsets.get(dex);
      if (offset === undefined)
        throw new ValidationError("perp_dexs", [
          { path: "perp_dexs", value: dex, expected: `a listed perp dex (${[...offsets.keys()].filter(Boolean).join(", ")})` },
        ]);
      const meta = (dex === "" && this.source.meta ? this.source.meta : await info.meta(dex ? { dex } : {})) as PyMeta;
      meta.universe.forEach((u, i) => {
        const a: AssetInfo = { coin: u.name, asset: offset + i, szDecimals: u.szDecimals, kind: "perp" };
        if (dex) a.dex = dex;
        if (u.maxLeverage !== undefined) a.maxLeverage = u.maxLeverage;
        add(u.name, a);
      });
    }
    return t;
  }

  /** Python `info.name_to_asset(name)` plus the market's szDecimals and kind. */
  async resolve(name: string): Promise<AssetInfo> {
    const t = await this.load();
    const coin = t.nameToCoin.get(name);
    const found = coin === undefined ? undefined : t.coinToInfo.get(coin);
    if (!found) {
      const some = [...t.nameToCoin.keys()].slice(0, 6).join(", ");
      const dex = dexOf(name);
      const loaded = this.source.perpDexs ?? [""];
      const hint =
        dex && !loaded.includes(dex)
          ? `Builder-deployed perp dexs are known only when listed, as in Python: pass perp_dexs ["", "${dex}"] (loaded: ${JSON.stringify(loaded)}).`
          : 'Names are case-sensitive; spot pairs are "PURR/USDC" or "@107"; builder-dex perps "dex:COIN".';
      throw new ValidationError("coin", [{ path: "name", value: name, expected: `a listed coin or spot pair (${some}, …)` }], { hint });
    }
    return found;
  }

  /** Python Info's three dicts, as plain objects (insertion order as Python builds them). */
  async pythonTables(): Promise<{ name_to_coin: Record<string, string>; coin_to_asset: Record<string, number>; asset_to_sz_decimals: Record<number, number> }> {
    const t = await this.load();
    const coinToAsset: Record<string, number> = {};
    const szDecimals: Record<number, number> = {};
    for (const [coin, a] of t.coinToInfo) coinToAsset[coin] = a.asset;
    for (const [asset, a] of t.byAsset) szDecimals[asset] = a.szDecimals;
    return { name_to_coin: Object.fromEntries(t.nameToCoin), coin_to_asset: coinToAsset, asset_to_sz_decimals: szDecimals };
  }

  async resolveAsset(asset: number): Promise<AssetInfo | undefined> {
    return (await this.load()).byAsset.get(asset);
  }

  /** `all_mids(dex)[coin]` of the name's coin. */
  async mid(name: string): Promise<string | undefined> {
    const t = await this.load();
    const coin = t.nameToCoin.get(name) ?? name;
    const dex = dexOf(coin);
    const mids = (await this.source.info.allMids(dex ? { dex } : {})) as Record<string, string>;
    return mids[coin];
  }
}
