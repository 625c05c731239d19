/**
 * The Python SDK Info's name → asset tables (`name_to_coin`, `coin_to_asset`,
 * `asset_to_sz_decimals`) as an {@link AssetLookup}: perps are their index in meta.universe
 * (builder dexs from 110000 + i·10000), spot pairs 10000 + index, and a spot pair is also known
 * as "BASE/QUOTE". Meta and spot meta are used as given, or fetched once on first use.
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
  transport: Transport;
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
    const { info, transport } = this.source;
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
      const listed = (await transport.request("info", { type: "perpDexs" })) as ({ name: string } | null)[];
      listed.slice(1).forEach((d, i) => d && offsets.set(d.name, 110_000 + i * 10_000));
    }
    for (const dex of dexs) {
      const offset = offsets.get(dex);
      if (offset === undefined) throw new ValidationError("perp_dexs", [{ path: "perp_dexs", value: dex, expected: `a listed perp dex (${[...offsets.keys()].filter(Boolean).join(", ")})` }]);
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
      throw new ValidationError("coin", [{ path: "name", value: name, expected: `a listed coin or spot pair (${some}, …)` }], { hint: "Names are case-sensitive; spot pairs are \"PURR/USDC\" or \"@107\"." });
    }
    return found;
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
