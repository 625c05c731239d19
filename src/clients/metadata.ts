/**
 * MetadataCache: meta, spotMeta, perpDexs and allMids behind a TTL cache with single-flight
 * fetches (concurrent callers share one request), stale-while-revalidate and an optional
 * unref'd background refresh. Resolves coin names to asset ids:
 *
 * - perp `"BTC"` → its index in `meta.universe`
 * - spot `"PURR/USDC"`, `"@107"` (the pair's `name`) or `"HYPE/USDC"` (base/quote token names)
 *   → 10000 + the pair's index
 * - builder-deployed perp `"dex:COIN"` → 100000 + dexIndex × 10000 + its index in
 *   `meta({dex})`, dexIndex being the dex's position in `perpDexs` (0 is the default dex, `null`)
 */
import type * as T from "../../generated/ts/types.js";
import { ValidationError } from "../errors/base.js";
import type { Transport } from "../transport/types.js";
import type { InfoClient } from "./info.js";
import { formatPrice as formatPriceRules, formatSize as formatSizeRules, type RoundingMode } from "./prices.js";

/** Whether a wire coin names a spot pair: "@<pair index>" or "BASE/QUOTE" (perps are bare names or "dex:COIN"). */
export function isSpotCoin(coin: string): boolean {
  return coin.startsWith("@") || coin.includes("/");
}

/** What an order needs to know about a coin. */
export interface AssetInfo {
  /** The wire coin name ("BTC", "@107" or "PURR/USDC", "dex:COIN"). */
  coin: string;
  /** Asset id for order actions. */
  asset: number;
  szDecimals: number;
  kind: "perp" | "spot";
  /** Builder-deployed perp dex name. */
  dex?: string;
  maxLeverage?: number;
}

/** Coin name → asset facts and the current mid (used by pre-flight checks). */
export interface AssetLookup {
  resolve(coin: string): Promise<AssetInfo>;
  mid(coin: string): Promise<string | undefined>;
}

/** One entry of a `perpDexs` answer (`null` at index 0 is the default dex). */
export type PerpDex = ({ name: string } & Record<string, unknown>) | null;

export interface MetadataCacheOptions {
  info: InfoClient;
  /**
   * Sends info types the InfoClient has no typed method for yet (`perpDexs`): needed for
   * `"dex:COIN"` names only. Defaults to none: dex names then fail with a hint.
   */
  transport?: Transport;
  /** How long meta, spotMeta and perpDexs are fresh (default 60 000 ms). */
  ttlMs?: number;
  /**
   * How long past its TTL a value is still served at once while one refresh runs in the
   * background (default: ttlMs). 0: callers wait for the refetch.
   */
  staleMs?: number;
  /** How long allMids is reused (default 1000 ms). */
  midsTtlMs?: number;
  /** Refresh every loaded entry on this interval (unref'd timer; default off). */
  refreshIntervalMs?: number;
  /** Told about failed background refreshes (the stale value stays). */
  onError?: (key: string, error: unknown) => void;
  now?: () => number;
}

interface Entry {
  value?: unknown;
  at: number;
  inflight?: Promise<unknown>;
  fetch: () => Promise<unknown>;
}

/**
 * Cached exchange metadata and coin → asset resolution.
 *
 * @example
 * ```ts
 * const transport = new HttpTransport({ url: "http://127.0.0.1:3001" });
 * const metadata = new MetadataCache({ info: new InfoClient({ transport }), transport, refreshIntervalMs: 60_000 });
 * await metadata.resolve("BTC");        // { coin: "BTC", asset: 0, szDecimals: 5, kind: "perp", maxLeverage: 50 }
 * await metadata.resolve("PURR/USDC");  // { coin: "PURR/USDC", asset: 10000, szDecimals: 0, kind: "spot" }
 * await metadata.resolve("xyz:XYZ100"); // { asset: 110000, kind: "perp", dex: "xyz", … }
 * await metadata.formatPrice("BTC", 30123.45, "round"); // "30123"
 * metadata.close();
 * ```
 */
export class MetadataCache implements AssetLookup {
  private readonly info: InfoClient;
  private readonly transport: Transport | undefined;
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly midsTtlMs: number;
  private readonly now: () => number;
  private readonly onError: (key: string, error: unknown) => void;
  private readonly entries = new Map<string, Entry>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: MetadataCacheOptions) {
    this.info = options.info;
    this.transport = options.transport;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.staleMs = options.staleMs ?? this.ttlMs;
    this.midsTtlMs = options.midsTtlMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
    if (options.refreshIntervalMs) {
      this.timer = setInterval(() => this.refreshAll(), options.refreshIntervalMs);
      this.timer.unref();
    }
  }

  /** Perp metadata of the default dex, or of a builder-deployed dex. */
  meta(dex = ""): Promise<T.MetaResponse> {
    return this.get(`meta:${dex}`, () => this.info.meta(dex ? { dex } : {})) as Promise<T.MetaResponse>;
  }

  spotMeta(): Promise<T.SpotMetaResponse> {
    return this.get("spotMeta", () => this.info.spotMeta()) as Promise<T.SpotMetaResponse>;
  }

  /** Builder-deployed perp dexes; index 0 is the default dex (`null`). */
  perpDexs(): Promise<PerpDex[]> {
    return this.get("perpDexs", () => this.fetchPerpDexs()) as Promise<PerpDex[]>;
  }

  /** Mid prices (reused for midsTtlMs, never served stale). */
  allMids(dex = ""): Promise<T.AllMidsResponse> {
    return this.get(`allMids:${dex}`, () => this.info.allMids(dex ? { dex } : {}), this.midsTtlMs, 0) as Promise<T.AllMidsResponse>;
  }

  /**
   * Asset id, size decimals and kind of a coin name.
   * @throws {ValidationError} for an unknown coin, naming close matches.
   */
  async resolve(coin: string): Promise<AssetInfo> {
    if (typeof coin !== "string" || coin === "")
      throw new ValidationError("coin", [{ path: "coin", value: coin, expected: 'a coin name such as "BTC", "PURR/USDC", "@107" or "dex:COIN"' }]);
    const colon = coin.indexOf(":");
    if (colon > 0) return this.resolveDex(coin, coin.slice(0, colon));
    if (isSpotCoin(coin)) return this.resolveSpot(coin);
    const meta = await this.meta();
    const index = indexByName(meta.universe).get(coin) ?? -1;
    const u = meta.universe[index];
    if (!u) throw await this.unknown(coin);
    return withLeverage({ coin: u.name, asset: index, szDecimals: u.szDecimals, kind: "perp" }, u);
  }

  /** Mid price of a coin from allMids, or undefined when the coin has none (no book). */
  async mid(coin: string): Promise<string | undefined> {
    if (coin.indexOf(":") > 0) {
      const info = await this.resolve(coin); // an unknown dex is a ValidationError, not a server error
      return own(await this.allMids(info.dex), info.coin);
    }
    const mids = await this.allMids();
    return own(mids, coin) ?? own(mids, (await this.resolve(coin)).coin);
  }

  /**
   * A valid wire price for the coin's market (5 significant figures, 6 − szDecimals decimals
   * for perps, 8 − szDecimals for spot), rounded or rejected.
   *
   * @example
   * ```ts
   * await metadata.formatPrice("ETH", "2000.123", "round"); // "2000.1"
   * ```
   */
  async formatPrice(coin: string, px: string | number, mode: RoundingMode = "reject"): Promise<string> {
    const a = await this.resolve(coin);
    return formatPriceRules(px, { szDecimals: a.szDecimals, isSpot: a.kind === "spot" }, mode);
  }

  /** A valid wire size for the coin (at most szDecimals decimals), rounded or rejected. */
  async formatSize(coin: string, sz: string | number, mode: RoundingMode = "reject"): Promise<string> {
    return formatSizeRules(sz, (await this.resolve(coin)).szDecimals, mode);
  }

  /** Drops every cached value (in-flight requests still complete). */
  invalidate(): void {
    for (const e of this.entries.values()) e.at = -Infinity;
  }

  /** Stops the background refresh. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private get(key: string, fetch: () => Promise<unknown>, ttl = this.ttlMs, stale = this.staleMs): Promise<unknown> {
    let e = this.entries.get(key);
    if (!e) {
      e = { at: -Infinity, fetch };
      this.entries.set(key, e);
    }
    const age = this.now() - e.at;
    if (age < ttl) return Promise.resolve(e.value);
    if (age < ttl + stale) {
      this.load(key, e).catch((err: unknown) => this.onError(key, err));
      return Promise.resolve(e.value);
    }
    return this.load(key, e);
  }

  /** Single flight: one request per entry at a time. */
  private load(key: string, e: Entry): Promise<unknown> {
    if (!e.inflight) {
      e.inflight = e.fetch().then(
        (value) => {
          e.value = value;
          e.at = this.now();
          e.inflight = undefined;
          return value;
        },
        (err: unknown) => {
          e.inflight = undefined;
          throw err;
        },
      );
    }
    return e.inflight;
  }

  private refreshAll(): void {
    for (const [key, e] of this.entries) {
      if (e.at === -Infinity || key.startsWith("allMids:")) continue;
      this.load(key, e).catch((err: unknown) => this.onError(key, err));
    }
  }

  private async fetchPerpDexs(): Promise<PerpDex[]> {
    // An InfoClient-shaped object may lack the generated perpDexs method (a partial mock or a
    // wrapper): read it as optional; the raw transport call below covers its absence.
    const partial: Partial<Pick<InfoClient, "perpDexs">> = this.info;
    const typed = partial.perpDexs;
    // The generated entries are interfaces; a copy is the open record PerpDex promises (rare: cached).
    if (typeof typed === "function") return (await typed.call(this.info)).map((d) => (d === null ? null : { ...d }));
    if (!this.transport)
      throw new ValidationError("coin", [{ path: "coin", value: "dex:…", expected: "a perp or spot coin (builder-deployed dex names need perpDexs)" }], {
        hint: "Pass `transport` to new MetadataCache({ info, transport }) to resolve builder-deployed perp dex names.",
      });
    const res = await this.transport.request("info", { type: "perpDexs" });
    if (!Array.isArray(res)) throw new ValidationError("perpDexs response", [{ path: "", value: res, expected: "an array of perp dexes (null first)" }]);
    return res as PerpDex[];
  }

  private async resolveDex(coin: string, dex: string): Promise<AssetInfo> {
    const dexes = await this.perpDexs();
    const dexIndex = dexes.findIndex((d, i) => i > 0 && d?.name === dex);
    if (dexIndex < 1) {
      const names = dexes.flatMap((d) => (d ? [d.name] : []));
      throw new ValidationError(
        "coin",
        [
          {
            path: "coin",
            value: coin,
            expected: names.length ? `a perp dex of ${names.join(", ")} before the ":"` : "a listed coin (this network has no builder-deployed perp dexes)",
          },
        ],
        { hint: suggestionHint(dex, names) },
      );
    }
    const meta = await this.meta(dex);
    const base = coin.slice(dex.length + 1);
    const index = meta.universe.findIndex((u) => u.name === coin || u.name === base);
    const u = meta.universe[index];
    if (!u) {
      const names = meta.universe.map((x) => (x.name.includes(":") ? x.name : `${dex}:${x.name}`));
      throw new ValidationError("coin", [{ path: "coin", value: coin, expected: `a coin of perp dex "${dex}"` }], { hint: suggestionHint(coin, names) });
    }
    return withLeverage({ coin: `${dex}:${base}`, asset: 100_000 + dexIndex * 10_000 + index, szDecimals: u.szDecimals, kind: "perp", dex }, u);
  }

  private async resolveSpot(coin: string): Promise<AssetInfo> {
    const spot = await this.spotMeta();
    const pair = findPair(spot, coin);
    if (!pair) throw await this.unknown(coin);
    const base = tokenOf(spot, pair.tokens[0]);
    return { coin: pair.name, asset: 10_000 + pair.index, szDecimals: base?.szDecimals ?? 0, kind: "spot" };
  }

  private async unknown(coin: string): Promise<ValidationError> {
    const names: string[] = [];
    const [meta, spot] = await Promise.allSettled([this.meta(), this.spotMeta()]);
    if (meta.status === "fulfilled") names.push(...meta.value.universe.map((u) => u.name));
    if (spot.status === "fulfilled") {
      for (const p of spot.value.universe) {
        names.push(p.name);
        const alias = pairAlias(spot.value, p);
        if (alias && alias !== p.name) names.push(alias);
      }
    }
    const known = names.length > 0;
    return new ValidationError(
      "coin",
      [
        {
          path: "coin",
          value: coin,
          expected: known ? 'a listed coin: a perp ("BTC"), a spot pair ("PURR/USDC", "@107") or "dex:COIN"' : "a listed coin (metadata could not be loaded)",
        },
      ],
      { hint: suggestionHint(coin, names) },
    );
  }
}

function withLeverage(info: AssetInfo, u: T.PerpUniverseEntry): AssetInfo {
  return u.maxLeverage === undefined ? info : { ...info, maxLeverage: u.maxLeverage };
}

function own(mids: T.AllMidsResponse, coin: string): string | undefined {
  return Object.hasOwn(mids, coin) ? mids[coin] : undefined;
}

const nameIndexes = new WeakMap<object, Map<string, number>>();
/** name → position, built once per fetched list (resolve runs on every order's pre-flight). */
function indexByName(list: { name: string }[]): Map<string, number> {
  let map = nameIndexes.get(list);
  if (!map) {
    map = new Map();
    for (const [i, x] of list.entries()) if (!map.has(x.name)) map.set(x.name, i);
    nameIndexes.set(list, map);
  }
  return map;
}

/** The token with that `index` field (usually, but not necessarily, its array position). */
function tokenOf(spot: T.SpotMetaResponse, index: number | undefined): T.SpotToken | undefined {
  if (index === undefined) return undefined;
  const at = spot.tokens[index];
  return at?.index === index ? at : spot.tokens.find((t) => t.index === index);
}

/** "BASE/QUOTE" from the pair's token names. */
function pairAlias(spot: T.SpotMetaResponse, pair: T.SpotPair): string | undefined {
  const [b, q] = pair.tokens;
  const base = tokenOf(spot, b);
  const quote = tokenOf(spot, q);
  return base && quote ? `${base.name}/${quote.name}` : undefined;
}

function findPair(spot: T.SpotMetaResponse, coin: string): T.SpotPair | undefined {
  const exact = spot.universe[indexByName(spot.universe).get(coin) ?? -1];
  if (exact) return exact;
  if (!coin.includes("/")) return undefined;
  // A canonical pair's own name wins over a non-canonical pair with the same token names.
  const byAlias = spot.universe.filter((p) => pairAlias(spot, p) === coin);
  return byAlias.find((p) => p.isCanonical) ?? byAlias[0];
}

/** Edit distance (Levenshtein), for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to 5 close names: same letters in another case, a shared base token, then edit distance ≤ 2. */
export function closeNames(coin: string, names: string[]): string[] {
  const lower = coin.toLowerCase();
  const scored = new Map<string, number>();
  for (const n of new Set(names)) {
    const l = n.toLowerCase();
    let score: number | undefined;
    if (l === lower) score = 0;
    else if (l.split("/")[0] === lower || l.split(":").pop() === lower || lower.split(":").pop() === l) score = 1;
    else {
      const d = distance(lower, l);
      if (d <= Math.min(2, Math.max(1, Math.floor(lower.length / 3)))) score = 1 + d;
    }
    if (score !== undefined) scored.set(n, score);
  }
  return [...scored]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([n]) => n);
}

function suggestionHint(coin: string, names: string[]): string | undefined {
  const close = closeNames(coin, names);
  if (close.length) return `Did you mean ${close.map((n) => JSON.stringify(n)).join(", ")}?`;
  return names.length ? `Known coins include ${names.slice(0, 8).join(", ")}…` : undefined;
}
