/**
 * The account as the risk rules see it: asset ids → coins (meta, spotMeta), mids (allMids),
 * positions and equity (clearinghouseState), open orders (openOrders). Loaded with
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
    private readonly info: Pick<InfoClient, "meta" | "spotMeta" | "allMids" | "clearinghouseState" | "openOrders">,
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

  /** Reloads everything from the info endpoint. */
  async refresh(): Promise<void> {
    const [meta, spot, mids, state, open] = await Promise.all([
      this.coins.size === 0 ? this.info.meta() : undefined,
      this.coins.size === 0 ? this.info.spotMeta() : undefined,
      this.info.allMids(),
      this.info.clearinghouseState({ user: this.user }),
      this.info.openOrders({ user: this.user }),
    ]);
    meta?.universe.forEach((u, i) => this.learn(i, u.name));
    spot?.universe.forEach((p) => this.learn(10000 + p.index, p.name));
    this.mids = new Map(Object.entries(mids).map(([c, px]) => [c, Number(px)]));
    this.positions = new Map(state.assetPositions.map((p) => [p.position.coin, Number(p.position.szi)]));
    this.open = open.map((o) => ({ coin: o.coin, asset: this.assets.get(o.coin) ?? -1, oid: o.oid }));
    this.equity = Number(state.marginSummary.accountValue);
    for (const l of this.listeners) l(this.equity);
  }

  private learn(asset: number, coin: string): void {
    this.coins.set(asset, coin);
    this.assets.set(coin, asset);
  }

  /** Counts orders placed or cancelled since the last refresh (so the open-orders rule holds between refreshes). */
  noteOpened(refs: OpenOrderRef[]): void {
    this.open = [...this.open, ...refs];
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
