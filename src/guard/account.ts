/**
 * The account as the risk rules see it: asset ids → coins (meta, spotMeta), mids (allMids),
 * positions and equity (clearinghouseState), open orders (openOrders) — on the default perp dex,
 * spot and every builder-deployed (HIP-3) perp dex that perpDexs lists, each asked with its
 * `dex` (the exchange answers one dex per request). Equity is the default dex's account value. Loaded with
 * {@link AccountState.refresh}; {@link AccountState.follow} refreshes on every userEvents push
 * (fills, liquidations, funding) so the limits see positions as they are.
 */
import type { InfoClient } from "../clients/info.js";
import type { SubscriptionClient } from "../clients/subscription.js";
import type { SubscriptionHandle } from "../transport/ws/index.js";
import type { AccountView } from "./risk.js";

export interface OpenOrderRef {
  coin: string;
  asset: number;
  oid: number;
}

export class AccountState implements AccountView {
  private readonly coins = new Map<number, string>();
  private readonly assets = new Map<string, number>();
  private mids = new Map<string, number>();
  private positions = new Map<string, number>();
  private open: OpenOrderRef[] = [];
  /** Account value (USD) at the last refresh. */
  equity: number | undefined;
  private listeners: ((equity: number) => void)[] = [];

  constructor(
    private readonly info: Pick<InfoClient, "meta" | "spotMeta" | "allMids" | "clearinghouseState" | "openOrders" | "perpDexs">,
    readonly user: string,
  ) {}

  coinOf(asset: number): string | undefined {
    return this.coins.get(asset);
  }

  assetOf(coin: string): number | undefined {
    return this.assets.get(coin);
  }

  mid(coin: string): number | undefined {
    return this.mids.get(coin);
  }

  position(coin: string): number {
    return this.positions.get(coin) ?? 0;
  }

  openOrders(): number {
    return this.open.length;
  }

  openOrderRefs(): readonly OpenOrderRef[] {
    return this.open;
  }

  /** Runs after each refresh with the account value (the drawdown rule listens here). */
  onEquity(listener: (equity: number) => void): void {
    this.listeners.push(listener);
  }

  /** The default dex's perp coins (asset ids below 10000), in asset order. */
  perpCoins(): string[] {
    return [...this.coins].filter(([asset]) => asset < 10_000).map(([, coin]) => coin);
  }

  /** The builder-deployed perp dexes known (their names, by dex index); "" is the default dex. */
  get dexes(): readonly string[] {
    return this.dexNames;
  }

  private dexNames: string[] = [];
  /** Builder-deployed dexes with positions or open orders at the last look, or orders placed since. */
  private active = new Set<string>();
  /** Dexes noted by noteTraded since the refresh in flight started (that refresh may not have asked them). */
  private notes = new Set<string>();

  /**
   * Reloads everything from the info endpoint. `discover` re-reads perpDexs (and the meta of any
   * new dex) first; the first refresh always does. The kill switch's cancel-all discovers, so a dex
   * deployed since the last refresh is not missed.
   */
  async refresh({ discover = false }: { discover?: boolean } = {}): Promise<void> {
    const full = this.coins.size === 0 || discover;
    this.notes = new Set();
    if (full) await this.discover();
    const all = this.dexNames.filter((d) => d !== "");
    // clearinghouseState and openOrders weigh 2 and 20 of the 1200/min budget per dex: between full
    // scans only the dexes in use are asked (positions or open orders at the last look, or orders
    // placed since); allMids (weight 2) is asked of every dex, for the price band.
    const dexes = ["", ...(full ? all : all.filter((d) => this.active.has(d)))];
    const q = (dex: string) => (dex === "" ? {} : { dex });
    const [mids, states, opens] = await Promise.all([
      Promise.all(["", ...all].map((d) => this.info.allMids(q(d)))),
      Promise.all(dexes.map((d) => this.info.clearinghouseState({ user: this.user, ...q(d) }))),
      Promise.all(dexes.map((d) => this.info.openOrders({ user: this.user, ...q(d) }))),
    ]);
    const midDexes = ["", ...all];
    this.mids = new Map(mids.flatMap((m, i) => Object.entries(m).map(([c, px]): [string, number] => [qualified(midDexes[i]!, c), Number(px)])));
    this.positions = new Map(
      states.flatMap((s, i) => s.assetPositions.map((p): [string, number] => [qualified(dexes[i]!, p.position.coin), Number(p.position.szi)])),
    );
    // Spot orders are listed with the default dex only; an oid is listed once all the same.
    const seen = new Set<number>();
    this.open = opens.flatMap((list, i) =>
      list.flatMap((o) => {
        if (seen.has(o.oid)) return [];
        seen.add(o.oid);
        const coin = qualified(dexes[i]!, o.coin);
        return [{ coin, asset: this.assets.get(coin) ?? -1, oid: o.oid }];
      }),
    );
    const inUse = dexes.filter((d, i) => d !== "" && (opens[i]!.length > 0 || states[i]!.assetPositions.some((p) => Number(p.position.szi) !== 0)));
    this.active = new Set([...inUse, ...this.notes]);
    this.equity = Number(states[0]!.marginSummary.accountValue);
    for (const l of this.listeners) l(this.equity);
  }

  /** Asset ids of the default dex (i), spot (10000 + pair index) and HIP-3 dexes (100000 + 10000 × dex index + i). */
  private async discover(): Promise<void> {
    const [meta, spot, perpDexs] = await Promise.all([
      this.coins.size === 0 ? this.info.meta() : undefined,
      this.coins.size === 0 ? this.info.spotMeta() : undefined,
      this.info.perpDexs(),
    ]);
    meta?.universe.forEach((u, i) => this.learn(i, u.name));
    spot?.universe.forEach((p) => this.learn(10000 + p.index, p.name));
    const names = perpDexs.map((d) => d?.name ?? "");
    const fresh = names.map((name, index) => ({ name, index })).filter((d) => d.index > 0 && d.name !== "" && !this.dexNames.includes(d.name));
    const metas = await Promise.all(fresh.map((d) => this.info.meta({ dex: d.name })));
    fresh.forEach((d, k) => metas[k]!.universe.forEach((u, i) => this.learn(100_000 + d.index * 10_000 + i, qualified(d.name, u.name))));
    this.dexNames = names;
  }

  private learn(asset: number, coin: string): void {
    this.coins.set(asset, coin);
    this.assets.set(coin, asset);
  }

  /** Counts orders placed or cancelled since the last refresh (so the open-orders rule holds between refreshes). */
  noteOpened(refs: OpenOrderRef[]): void {
    this.open = [...this.open, ...refs];
  }

  /** Orders placed (resting or filled) on these assets: their builder-deployed dexes are asked from the next refresh on (until one finds nothing there). */
  noteTraded(assets: readonly number[]): void {
    for (const a of assets) {
      const dex = a >= 100_000 ? this.dexNames[Math.floor((a - 100_000) / 10_000)] : undefined;
      if (dex) {
        this.active.add(dex);
        this.notes.add(dex);
      }
    }
  }

  noteCancelled(oids: Set<number>): void {
    this.open = this.open.filter((o) => !oids.has(o.oid));
  }

  /**
   * Refreshes every `intervalMs` (a price move changes equity without any userEvents push, so
   * the drawdown rule needs this); returns a stop function. The timer does not hold the process.
   */
  poll(intervalMs: number, onError: (e: unknown) => void = () => {}): () => void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.refresh()
        .catch(onError)
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Refreshes on every userEvents push; `onError` gets failed refreshes. Returns the subscription. */
  follow(subs: Pick<SubscriptionClient, "listen">, onError: (e: unknown) => void = () => {}): SubscriptionHandle {
    let running: Promise<void> | undefined;
    let again = false;
    const kick = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = this.refresh()
        .catch(onError)
        .finally(() => {
          running = undefined;
          if (again) {
            again = false;
            kick();
          }
        });
    };
    return subs.listen("userEvents", { user: this.user }, kick);
  }
}

/** A coin as the exchange names it across dexes: "dex:COIN" off the default dex (some answers omit the prefix). */
function qualified(dex: string, coin: string): string {
  return dex === "" || coin.includes(":") ? coin : `${dex}:${coin}`;
}
