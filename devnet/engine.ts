/**
 * The devnet's exchange core: markets, books, accounts, order placement and matching with
 * settlement. Signature checks happen before this (see auth.ts); actions reach it as
 * `(user, wire action)` and come back as the real API's response bodies.
 */
import { Decimal } from "decimal.js";
import { ZERO, addSpot, newAccount, pushBounded, spotBalance, wire, type Account, type Leverage, type OpenOrder, type Position } from "./accounts.js";
import { OrderBook, type Side, type Tif } from "./book.js";
import { marginSummary, type MarkSource } from "./margin.js";
import { buildMarkets, roundPx, type Market, type MarketsConfig, type PerpMarket, type SpotMarket, type SpotToken } from "./markets.js";
import { firstDex, type DexHost, type PerpDex } from "./dexes.js";
import type { DeployHost, DeployState } from "./spot-deploy.js";
import type { StakeState, StakingHost, Validator } from "./staking.js";
import { HLP_SEED_EQUITY, PRESETS } from "./presets.js";
import { depositShares, openVault, type VaultHost, type VaultShare } from "./vaults.js";
import { placeOne, type WireOrder } from "./orders.js";
import { initialMargin } from "./rules.js";
import type { Wire as T } from "../src/index.js";
import { orderUpdate, type DevnetEvent, type TwapState, type Venue } from "./venue.js";

export interface EngineOptions {
  markets?: MarketsConfig;
  /** Canonical token names, ids and indexes of this network's listing (see presets.ts). */
  network?: "mainnet" | "testnet";
  seed?: number;
  now?: () => number;
  /** Levels per side the built-in market maker quotes (0 disables it). */
  makerLevels?: number;
}

/** The built-in liquidity account: quotes every market around its oracle price. */
export const MARKET_MAKER = "0x000000000000000000000000000000000000face";

export class Engine implements Venue, MarkSource, DexHost, DeployHost, StakingHost, VaultHost {
  /** Every perp market of every dex (the first dex's come first). */
  readonly perps: PerpMarket[];
  /** Perp dexes by index: 0 is the first dex (name ""), then the builder-deployed ones. */
  readonly dexes: PerpDex[] = [];
  /** Spot tokens being deployed (registerToken2 → genesis), by token index. */
  readonly deploys = new Map<number, DeployState>();
  readonly validators = new Map<string, Validator>();
  /** Vault address → follower → shares (see vaults.ts). */
  readonly vaultShares = new Map<string, Map<string, VaultShare>>();
  /** Staking balance and delegations per user. */
  readonly stakes = new Map<string, StakeState>();
  /** spotDeploy setTokenAnnotation, by token index. */
  readonly tokenAnnotations = new Map<number, T.TokenAnnotation>();
  /** spotDeploy setDeployerLabel, by deployer. */
  readonly deployerLabels = new Map<string, string>();
  /** Tokens a spot pair may be quoted in: USDC (0) and those enableQuoteToken turned on. */
  readonly quoteTokens = new Set<number>([0]);
  readonly spots: SpotMarket[];
  readonly tokens: SpotToken[];
  readonly markets = new Map<string, Market>();
  readonly byAsset = new Map<number, Market>();
  readonly books = new Map<string, OrderBook<OpenOrder>>();
  readonly oracle = new Map<string, Decimal>();
  readonly accounts = new Map<string, Account>();
  /** Oids of trigger orders per coin, checked when the mark moves. */
  readonly triggers = new Map<string, Set<OpenOrder>>();
  readonly trades = new Map<string, T.WsTrade[]>();
  readonly fundingHistory = new Map<string, T.FundingRecord[]>();
  /** Every order ever placed, by oid (status lookups). */
  readonly orders = new Map<number, { user: string; entry: { order: OpenOrder; status: string; statusTimestamp: number } }>();
  readonly now: () => number;
  readonly makerLevels: number;
  readonly twaps = new Map<number, TwapState>();
  /** Registered referral code → its owner. */
  readonly referralCodes = new Map<string, string>();
  /** Approved agent → the user it trades for. */
  readonly agentOwners = new Map<string, string>();
  nextTwapId = 1;
  /** Next funding time (ms); startDevnet sets it to the first interval boundary. */
  nextFunding = 0;
  nextOid = 1;
  nextTid = 1;
  nextHash = 1;
  private listeners: ((e: DevnetEvent) => void)[] = [];

  constructor(options: EngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.makerLevels = options.makerLevels ?? 10;
    const { perps, spots, tokens } = buildMarkets(options.markets ?? {}, options.seed ?? 1, options.network);
    this.perps = [];
    this.spots = [];
    this.tokens = [];
    this.dexes.push(firstDex());
    const mm = this.account(MARKET_MAKER);
    mm.system = true;
    mm.usdc = new Decimal("1e12");
    for (const t of tokens) this.addToken(t);
    for (const m of [...perps, ...spots]) this.addMarket(m);
    if (options.network) {
      // The network's HLP vault, at its real address, so vaultTransfer examples have a target.
      const { address, leader, name } = PRESETS[options.network].hlp;
      const hlp = openVault(this, address, { name, description: "The protocol vault (devnet preset).", leader });
      const seedAccount = this.account(leader);
      seedAccount.usdc = new Decimal(HLP_SEED_EQUITY);
      depositShares(this, hlp, seedAccount, new Decimal(HLP_SEED_EQUITY));
    }
  }

  /** Lists a spot token (the built-in market maker holds plenty of it). */
  addToken(token: SpotToken): void {
    this.tokens.push(token);
    this.account(MARKET_MAKER).spot.set(token.index, new Decimal("1e12"));
  }

  token(index: number): SpotToken | undefined {
    return this.tokens.find((t) => t.index === index);
  }

  /** Opens a market: its book, oracle price, trade and funding history, and the maker's quotes. */
  addMarket(m: Market): void {
    if (m.kind === "perp") {
      this.perps.push(m);
      this.dexes.find((d) => d.name === m.dex)?.coins.push(m.coin);
    } else this.spots.push(m);
    this.markets.set(m.coin, m);
    if (m.kind === "spot") this.markets.set(m.name, m);
    this.byAsset.set(m.asset, m);
    this.books.set(m.coin, new OrderBook<OpenOrder>(m.coin));
    this.oracle.set(m.coin, new Decimal(roundPx(m.basePx, m)));
    this.trades.set(m.coin, []);
    this.fundingHistory.set(m.coin, []);
    this.requote(m);
  }

  dex(name: string | undefined | null): PerpDex | undefined {
    return this.dexes.find((d) => d.name === (name ?? ""));
  }

  /** The perp markets of one dex, in universe order. */
  perpsOf(dex: string | undefined | null): PerpMarket[] {
    const name = dex ?? "";
    return this.perps.filter((m) => m.dex === name);
  }

  on(listener: (e: DevnetEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(event: DevnetEvent): void {
    for (const l of this.listeners) l(event);
  }

  hash(): string {
    return `0x${(this.nextHash++).toString(16).padStart(64, "0")}`;
  }

  account(address: string): Account {
    const key = address.toLowerCase();
    let a = this.accounts.get(key);
    if (!a) this.accounts.set(key, (a = newAccount(key)));
    return a;
  }

  existing(address: string): Account | undefined {
    return this.accounts.get(address.toLowerCase());
  }

  market(coin: string): Market | undefined {
    return this.markets.get(coin);
  }

  markPx(coin: string): Decimal {
    const mid = this.books.get(coin)?.mid();
    const market = this.markets.get(coin);
    if (mid !== undefined && market) return new Decimal(roundPx(mid, market));
    return this.oracle.get(coin) ?? ZERO;
  }

  midPx(coin: string): string | undefined {
    const mid = this.books.get(coin)?.mid();
    const market = this.markets.get(coin);
    return mid !== undefined && market ? roundPx(mid, market) : undefined;
  }

  maxLeverage(coin: string): number {
    const m = this.markets.get(coin);
    return m?.kind === "perp" ? m.maxLeverage : 1;
  }

  leverageOf(account: Account, coin: string): Leverage {
    return account.positions.get(coin)?.leverage ?? account.leverage.get(coin) ?? { type: "cross", value: Math.min(20, this.maxLeverage(coin)) };
  }

  /** Free collateral for new perp orders. */
  availableMargin(account: Account): Decimal {
    const s = marginSummary(account, this);
    return s.crossAccountValue.minus(s.crossMarginUsed).minus(account.reserved.margin);
  }

  /** Spot balance not held by open orders. */
  availableSpot(account: Account, token: number): Decimal {
    return spotBalance(account, token).minus(account.reserved.spot.get(token) ?? ZERO);
  }

  /** Adds a resting or trigger order to the account and reserves what it needs. */
  addOpen(account: Account, order: OpenOrder): void {
    account.openOrders.set(order.oid, order);
    this.reserve(account, order);
  }

  removeOpen(account: Account, order: OpenOrder): void {
    if (account.openOrders.delete(order.oid)) this.release(account, order);
  }

  /** Re-reserves after a partial fill changed the order's size. */
  resized(account: Account, order: OpenOrder): void {
    this.release(account, order);
    this.reserve(account, order);
  }

  reserve(account: Account, order: OpenOrder): void {
    if (order.trigger || account.system) return;
    const market = this.byAsset.get(order.asset);
    if (market?.kind === "perp") {
      if (order.reduceOnly) return;
      const margin = initialMargin(order.sz.times(order.limitPx), this.leverageOf(account, order.coin).value);
      order.reserved = { margin };
      account.reserved.margin = account.reserved.margin.plus(margin);
    } else if (market?.kind === "spot") {
      const token = order.side === "B" ? market.quote : market.base;
      const amount = order.side === "B" ? order.sz.times(order.limitPx) : order.sz;
      order.reserved = { token, amount };
      account.reserved.spot.set(token, (account.reserved.spot.get(token) ?? ZERO).plus(amount));
    }
  }

  release(account: Account, order: OpenOrder): void {
    const r = order.reserved;
    if (!r) return;
    if (r.margin) account.reserved.margin = account.reserved.margin.minus(r.margin);
    if (r.token !== undefined && r.amount) account.reserved.spot.set(r.token, (account.reserved.spot.get(r.token) ?? ZERO).minus(r.amount));
    delete order.reserved;
  }

  /** Places a batch of orders (one `order` action) and returns its statuses. */
  placeOrders(user: string, orders: WireOrder[], grouping: T.OrderAction["grouping"], builder?: { b: string; f: number }): T.OrderStatus[] {
    const account = this.account(user);
    const statuses: T.OrderStatus[] = [];
    let parent: { oid: number; filled: boolean } | undefined;
    orders.forEach((order, i) => {
      const child = grouping === "normalTpsl" && i > 0 && parent !== undefined && "trigger" in order.t;
      const status = placeOne(this, account, order, { builder, parentOid: child && parent && !parent.filled ? parent.oid : undefined });
      if (i === 0 && grouping === "normalTpsl")
        parent = status.resting ? { oid: status.resting.oid, filled: false } : status.filled ? { oid: status.filled.oid, filled: true } : undefined;
      if (child && parent && status.resting) statuses.push(parent.filled ? "waitingForTrigger" : "waitingForFill");
      else statuses.push(status);
    });
    this.afterAction();
    return statuses;
  }

  /** Cancels an open order; returns false when it is not open. */
  cancelOrder(account: Account, oid: number, status = "canceled"): boolean {
    const order = account.openOrders.get(oid);
    if (!order) return false;
    this.removeOpen(account, order);
    if (order.trigger) this.triggers.get(order.coin)?.delete(order);
    else this.books.get(order.coin)?.remove(order);
    this.finish(account, order, status);
    return true;
  }

  /** Records an order's final status in the user's history and pushes an orderUpdate. */
  finish(account: Account, order: OpenOrder, status: string): void {
    const entry = { order, status, statusTimestamp: this.now() };
    if (!account.system) {
      pushBounded(account.history, entry);
      this.orders.set(order.oid, { user: account.address, entry });
      this.emit({ kind: "orderUpdates", user: account.address, updates: [orderUpdate(order, status, entry.statusTimestamp)] });
      this.emit({ kind: "user", user: account.address });
    }
  }

  /** Re-quotes the built-in market maker around the oracle price. */
  requote(market: Market): void {
    if (this.makerLevels <= 0) return;
    const mm = this.account(MARKET_MAKER);
    for (const o of [...mm.openOrders.values()]) if (o.coin === market.coin) this.cancelOrder(mm, o.oid);
    const oracle = this.oracle.get(market.coin)!.toNumber();
    for (let i = 0; i < this.makerLevels; i++) {
      const step = 0.0005 * (i + 1);
      const sz = new Decimal((2000 * (1 + i * 0.5)) / oracle).toDecimalPlaces(market.szDecimals, Decimal.ROUND_DOWN);
      const size = sz.gt(0) ? sz : new Decimal(1).div(10 ** market.szDecimals);
      for (const [b, px] of [
        [true, oracle * (1 - step)],
        [false, oracle * (1 + step)],
      ] as const) {
        placeOne(this, mm, { a: market.asset, b, p: roundPx(px, market), s: size.toFixed(), r: false, t: { limit: { tif: "Gtc" } } }, {});
      }
    }
  }

  /**
   * Moves a coin's oracle price (rounded as the chain rounds prices): the built-in maker re-quotes
   * around it, trigger orders see the new mark, and the new book and mids are pushed. How tests and
   * fault scripts move a market.
   */
  movePrice(coin: string, px: number | string | Decimal): void {
    const market = this.market(coin);
    if (!market) throw new Error(`movePrice: unknown coin ${JSON.stringify(coin)}`);
    this.oracle.set(coin, new Decimal(roundPx(new Decimal(px), market)));
    this.requote(market);
    this.afterAction();
    this.emit({ kind: "book", coin });
    this.emit({ kind: "mids" });
  }

  /** Work after each action: trigger checks, maker refill, scheduled cancels. */
  afterAction(): void {
    for (const m of [...this.perps, ...this.spots]) {
      const book = this.books.get(m.coin)!;
      if (this.makerLevels > 0 && (book.bids.length < 3 || book.asks.length < 3)) this.requote(m);
      this.checkTriggers(m.coin);
    }
  }

  checkTriggers(coin: string): void {
    const set = this.triggers.get(coin);
    if (!set?.size) return;
    const mark = this.markPx(coin).toNumber();
    for (const order of [...set]) {
      const t = order.trigger!;
      if (t.parentOid !== undefined) continue;
      const up = mark >= t.triggerPxNum;
      const down = mark <= t.triggerPxNum;
      const fire = order.side === "A" ? (t.tpsl === "tp" ? up : down) : t.tpsl === "tp" ? down : up;
      if (!fire) continue;
      const account = this.account(order.user);
      set.delete(order);
      this.removeOpen(account, order);
      this.finish(account, order, "triggered");
      const market = this.byAsset.get(order.asset)!;
      const px = t.isMarket ? roundPx(mark * (order.side === "B" ? 1.1 : 0.9), market) : order.limitPx;
      placeOne(
        this,
        account,
        {
          a: order.asset,
          b: order.side === "B",
          p: px,
          s: order.sz.toFixed(),
          r: order.reduceOnly,
          t: { limit: { tif: t.isMarket ? "FrontendMarket" : "Gtc" } },
          ...(order.cloid ? { c: order.cloid } : {}),
        },
        {},
      );
    }
  }

  /** Children of a normalTpsl group become live once their parent fills. */
  activateChildren(parentOid: number): void {
    for (const set of this.triggers.values()) for (const o of set) if (o.trigger?.parentOid === parentOid) delete o.trigger.parentOid;
  }

  /** Cancels the children of a parent that was canceled. */
  cancelChildren(account: Account, parentOid: number): void {
    for (const o of [...account.openOrders.values()]) if (o.trigger?.parentOid === parentOid) this.cancelOrder(account, o.oid);
  }

  position(account: Account, coin: string): Position {
    let p = account.positions.get(coin);
    if (!p) {
      p = {
        coin,
        szi: ZERO,
        entryNtl: ZERO,
        leverage: this.leverageOf(account, coin),
        isolatedMargin: ZERO,
        cumFunding: { allTime: ZERO, sinceOpen: ZERO, sinceChange: ZERO },
      };
      account.positions.set(coin, p);
    }
    return p;
  }

  /** Credits perp USDC (faucet, deposits) and records a ledger update. */
  deposit(user: string, usdc: Decimal): void {
    const account = this.account(user);
    account.usdc = account.usdc.plus(usdc);
    this.ledger(account, { type: "deposit", usdc: wire(usdc) });
  }

  /** `delta` is the variant's fields (the schema keeps the variant-specific ones open). */
  ledger(account: Account, delta: T.LedgerDelta & Record<string, unknown>): void {
    const update = { time: this.now(), hash: this.hash(), delta };
    pushBounded(account.ledger, update);
    this.emit({ kind: "ledger", user: account.address, update });
    this.emit({ kind: "user", user: account.address });
  }

  spotTokenByWire(token: string): SpotToken | undefined {
    const [name, id] = token.split(":");
    return this.tokens.find((t) => t.name === name && (id === undefined || t.tokenId.toLowerCase() === id.toLowerCase()));
  }

  spotTokenById(tokenId: string): SpotToken | undefined {
    return this.tokens.find((t) => t.tokenId.toLowerCase() === tokenId.toLowerCase());
  }

  addSpot(account: Account, token: number, delta: Decimal): void {
    addSpot(account, token, delta);
  }
}

export { FEES, basicOrder, frontendOrder, orderUpdate, type DevnetEvent, type TwapState, type Venue } from "./venue.js";
export type { Side, Tif };
