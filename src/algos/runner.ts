/**
 * The runner: feeds events (streams, timers, order answers, reconciliation) to each
 * algorithm's pure transition, writes the new state to the store, then sends the commands
 * through the ExchangeClient (with its guard rails when it has them: every child order
 * passes modes, risk and audit). A send whose outcome is unknown (429/5xx storm, a cut
 * connection) pauses the algorithm until a reconcile (orderStatus by cloid, userFillsByTime)
 * has told it what happened; a dropped WebSocket pauses every algorithm the same way.
 * A runner started on a store with running algorithms reconciles and resumes them.
 */
import type { ExchangeClient } from "../clients/exchange.js";
import type { InfoClient } from "../clients/info.js";
import { MetadataCache } from "../clients/metadata.js";
import type { SubscriptionClient } from "../clients/subscription.js";
import { HyperliquidError } from "../errors/base.js";
import { ActionOutcomeUnknownError } from "../errors/exchange.js";
import { bind, resumable, type BoundAlgo, type ResumableDefinition } from "./bound.js";
import { cloidOf, liveChildren, type AlgoCommand, type AlgoDefinition, type AlgoEvent, type AlgoState, type MarketRef } from "./core.js";
import { executeCommand, executePlaces, fillEvent, statusEvent, type CommandIo, type Outcome } from "./execute.js";
import { newEntry, stepEntry, type Entry, type Step } from "./entry.js";
import { AlgoFeeds } from "./feeds.js";
import { AlgoHandleImpl, type AlgoHandle, type AlgoUpdate } from "./handle.js";
import { conditionalAlgo, createConditional, type ConditionalParams } from "./conditional.js";
import { createIceberg, icebergAlgo, type IcebergParams } from "./iceberg.js";
import { createNativeTwap, nativeTwapAlgo, type NativeTwapParams } from "./native-twap.js";
import type { AlgoStore } from "./store.js";
import { createTrailingStop, trailingAlgo, type TrailingParams } from "./trailing.js";
import { createTwap, twapAlgo, type TwapParams } from "./twap.js";
import type { AlgoVenue } from "./venue.js";

const DEFINITIONS = new Map<string, ResumableDefinition>(
  [resumable(twapAlgo), resumable(icebergAlgo), resumable(trailingAlgo), resumable(conditionalAlgo), resumable(nativeTwapAlgo)].map((d) => [d.kind, d]),
);

export interface AlgoRunnerOptions {
  exchange: Pick<ExchangeClient, "order" | "cancelByCloid" | "modify" | "twapOrder" | "twapCancel">;
  info: InfoClient;
  /** The trading account (the agent's user when the wallet is an agent). */
  user: string;
  store: AlgoStore;
  /**
   * Paper mode: the venue the guard's paper mode matches children on (the same object as
   * GuardRailsOptions.paper, e.g. hyperliquid-sdk/devnet's PaperExchange); fills and order
   * statuses are read from it instead of the exchange.
   */
  venue?: AlgoVenue;
  /** Live events (fills, order updates, mids, marks, trades); without it the runner polls. */
  subscriptions?: SubscriptionClient;
  metadata?: Pick<MetadataCache, "resolve">;
  /** Timer events (default 100 ms). */
  tickMs?: number;
  /** Polls: cancel requests, positions, prices without a subscription, stuck orders (default 1000 ms). */
  pollMs?: number;
  now?: () => number;
  /** Told about every command handed to the exchange, with the time since its event reached the runner (ms). */
  onCommand?: (id: string, command: AlgoCommand, latencyMs: number) => void;
  /** Market-only state changes (reference price, traded volume) are written at most this often (default 250 ms). */
  saveIntervalMs?: number;
  /** Told about every transition: its event, how long step + write took (ms), how many commands. */
  onTransition?: (id: string, event: AlgoEvent["type"], ms: number, commands: number) => void;
  onError?: (id: string, error: unknown) => void;
}

export interface AlgoOptions {
  /** The algorithm's id (default: kind + time + random). */
  id?: string;
}

export class AlgoRunner {
  private readonly entries = new Map<string, Entry>();
  private readonly byCloid = new Map<string, string>();
  private readonly metadata: Pick<MetadataCache, "resolve">;
  private readonly now: () => number;
  private readonly feeds: AlgoFeeds;
  private readonly io: CommandIo;
  private readonly saveIntervalMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private poller: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  /** Commands on their way: stop() waits for them (their outcomes are left to the next reconcile). */
  private readonly inflight = new Set<Promise<void>>();
  private readonly watchers = new Set<(update: AlgoUpdate) => void>();

  constructor(private readonly options: AlgoRunnerOptions) {
    this.metadata = options.metadata ?? new MetadataCache({ info: options.info });
    this.now = options.now ?? Date.now;
    this.saveIntervalMs = options.saveIntervalMs ?? 250;
    this.io = { exchange: options.exchange, info: options.info, user: options.user };
    this.feeds = new AlgoFeeds({
      info: options.info,
      user: options.user,
      subscriptions: options.subscriptions,
      venue: options.venue,
      now: this.now,
      onEvent: (ids, event) => {
        const entries: Entry[] = [];
        for (const id of ids) {
          const e = this.entries.get(id);
          if (e) entries.push(e);
        }
        this.dispatchAll(entries, event);
      },
      onFill: (fill) => {
        const event = fillEvent(fill, (cloid, oid) => this.ownerOf(cloid, oid), this.now());
        if (event) this.dispatchTo(event.id, event.event);
      },
      onOrderUpdate: (update) => {
        const id = update.cloid === undefined ? undefined : this.byCloid.get(update.cloid);
        const e = id === undefined ? undefined : this.entries.get(id);
        if (e && update.cloid)
          this.dispatch(e, statusEvent(update.cloid, update.status, update.origSz, update.sz, update.oid, e.algo.state.market, this.now()));
      },
      onReconnected: () => {
        for (const e of this.entries.values()) if (e.algo.state.status === "running") this.pause(e, "the WebSocket reconnected: events may have been missed");
      },
    });
  }

  /** Resumes every running algorithm of the store (reconciled first) and starts timers and feeds. */
  async start(): Promise<AlgoHandle[]> {
    const resumed: AlgoHandle[] = [];
    for (const state of this.options.store.running()) {
      const def = DEFINITIONS.get(state.kind);
      if (!def) continue;
      const e = this.add(def.resume(state));
      e.paused = true;
      resumed.push(e.handle);
    }
    await this.feeds.seedPrices([...this.entries.values()].flatMap((e) => e.algo.sources()));
    await Promise.all([...this.entries.values()].map((e) => this.reconcile(e)));
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 100);
    this.poller = setInterval(() => void this.poll(), this.options.pollMs ?? 1000);
    return resumed;
  }

  twap(params: TwapParams, options: AlgoOptions = {}): Promise<AlgoHandle> {
    return this.launch(twapAlgo, params.coin, options, (id, m, now) => createTwap(id, m, params, now));
  }

  iceberg(params: IcebergParams, options: AlgoOptions = {}): Promise<AlgoHandle> {
    return this.launch(icebergAlgo, params.coin, options, (id, m, now) => createIceberg(id, m, params, now));
  }

  trailingStop(params: TrailingParams, options: AlgoOptions = {}): Promise<AlgoHandle> {
    return this.launch(trailingAlgo, params.coin, options, (id, m, now) => createTrailingStop(id, m, params, now));
  }

  when(params: ConditionalParams, options: AlgoOptions = {}): Promise<AlgoHandle> {
    return this.launch(conditionalAlgo, params.coin, options, (id, m, now) => createConditional(id, m, params, now));
  }

  nativeTwap(params: NativeTwapParams, options: AlgoOptions = {}): Promise<AlgoHandle> {
    return this.launch(nativeTwapAlgo, params.coin, options, (id, m, now) => createNativeTwap(id, m, params, now));
  }

  handle(id: string): AlgoHandle | undefined {
    return this.entries.get(id)?.handle;
  }

  handles(): AlgoHandle[] {
    return [...this.entries.values()].map((e) => e.handle);
  }

  /**
   * Calls `listener` on every update of every algorithm of this runner, those started later
   * too (hl serve's AlgoService.Watch); returns the unsubscribe.
   */
  watch(listener: (update: AlgoUpdate) => void): () => void {
    this.watchers.add(listener);
    for (const e of this.entries.values()) e.handle.on(listener);
    return () => {
      this.watchers.delete(listener);
      for (const e of this.entries.values()) e.handle.off(listener);
    };
  }

  /** Stops timers and feeds; state stays in the store (a later runner resumes it). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.poller);
    await Promise.allSettled([...this.inflight]);
    await this.feeds.close();
  }

  private async launch<D, P>(
    def: AlgoDefinition<D, P>,
    coin: string,
    options: AlgoOptions,
    create: (id: string, market: MarketRef, now: number) => AlgoState<D, P>,
  ): Promise<AlgoHandle> {
    const asset = await this.metadata.resolve(coin);
    const market: MarketRef = { coin: asset.coin, asset: asset.asset, szDecimals: asset.szDecimals, isSpot: asset.kind === "spot" };
    const now = this.now();
    const id = options.id ?? `${def.kind}-${now.toString(36)}-${cloidOf(String(Math.random()), now).slice(2, 8)}`;
    if (this.entries.has(id) || this.options.store.load(id))
      throw new HyperliquidError(`An algorithm with id ${id} already exists.`, { details: "ids are unique per store" });
    const e = this.add(bind(def, create(id, market, now)));
    await this.feeds.seedPrices(e.algo.sources());
    this.dispatch(e, { type: "start", now });
    return e.handle;
  }

  private add(algo: BoundAlgo): Entry {
    const state = algo.state;
    const handle = new AlgoHandleImpl(state, () => this.cancel(state.id));
    const e = newEntry(algo, handle);
    this.entries.set(state.id, e);
    for (const w of this.watchers) handle.on(w);
    for (const c of Object.keys(state.children)) this.byCloid.set(c, state.id);
    this.feeds.want(state.id, algo.sources(), state.market.coin, state.kind === "when");
    if (state.status !== "running") handle.settle(state);
    return e;
  }

  private async cancel(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (e) this.dispatch(e, { type: "cancel", now: this.now(), reason: "canceled by the user" });
  }

  private ownerOf(cloid: string | undefined, oid: number): { id: string; cloid: string; szDecimals: number } | undefined {
    if (cloid !== undefined) {
      const e = this.entries.get(this.byCloid.get(cloid) ?? "");
      return e === undefined ? undefined : { id: e.algo.state.id, cloid, szDecimals: e.algo.state.market.szDecimals };
    }
    for (const e of this.entries.values())
      for (const c of Object.values(e.algo.state.children))
        if (c.oid === oid) return { id: e.algo.state.id, cloid: c.cloid, szDecimals: e.algo.state.market.szDecimals };
    return undefined;
  }

  private dispatchTo(id: string, event: AlgoEvent): void {
    const e = this.entries.get(id);
    if (e) this.dispatch(e, event);
  }

  /** One transition: step, write, then hand the commands to the exchange. */
  private dispatch(e: Entry, event: AlgoEvent, reconciled = false): void {
    this.dispatchAll([e], event, reconciled);
  }

  /**
   * One event to one or many algorithms (a price tick, a timer): every transition first, then
   * one commit with the states of those that send commands, then their commands, then the
   * other changed states. A crash after a commit resumes from the written states; no command
   * is sent before the state that implies it is written. `arrived`: when the event
   * reached the runner (the start of event → command).
   */
  private dispatchAll(entries: Iterable<Entry>, event: AlgoEvent, reconciled = false, arrived = performance.now()): void {
    const steps: Step[] = [];
    for (const e of entries) {
      const step = this.step(e, event, reconciled);
      if (step) steps.push(step);
    }
    if (steps.length === 0) return;
    // The states that imply commands are written (one commit) before anything is sent; those
    // that imply none (a fill counted, a reference price due for its write) right after the
    // sends, in a second commit: serialising a few dozen large states is not on the way to the order.
    const writeMs = this.write(steps.filter((st) => st.write && st.commands.length > 0));
    // The placements of every algorithm as one order action; cancels and the rest one by one.
    const places: { e: Entry; market: MarketRef; command: Extract<AlgoCommand, { type: "place" }> }[] = [];
    for (const { e, commands } of steps)
      for (const command of commands) {
        if (command.type === "place") places.push({ e, market: e.algo.state.market, command });
        else this.execute(e, command, arrived);
      }
    if (places.length > 0) {
      for (const p of places) this.options.onCommand?.(p.e.algo.state.id, p.command, performance.now() - arrived);
      this.track(executePlaces(this.io, places, this.now), (outcomes) => outcomes.forEach((o, i) => this.outcome(places[i]!.e, o)));
    }
    const laterMs = this.write(steps.filter((st) => st.write && st.commands.length === 0));
    for (const st of steps) this.report(st, st.write ? (st.commands.length > 0 ? writeMs : laterMs) : 0);
  }

  /** Serialises and writes these states in one commit; returns how long it took (ms). */
  private write(steps: Step[]): number {
    if (steps.length === 0) return 0;
    const t = performance.now();
    this.options.store.saveAll(steps.map((st) => ({ state: st.e.algo.state, json: JSON.stringify(st.e.algo.state) })));
    for (const st of steps) {
      st.e.saved = st.e.algo.state;
      st.e.savedAt = t;
    }
    return performance.now() - t;
  }

  /** The transition of one algorithm, and the JSON to write when its state must be written now. */
  private step(e: Entry, event: AlgoEvent, reconciled: boolean): Step | undefined {
    if (e.algo.state.status !== "running" || this.stopped) return undefined;
    const st = stepEntry(e, event, reconciled, this.saveIntervalMs, (error) => this.options.onError?.(e.algo.state.id, error));
    for (const c of st?.commands ?? []) {
      if (c.type === "place") this.byCloid.set(c.cloid, e.algo.state.id);
      if (c.type === "modify") this.byCloid.set(c.newCloid, e.algo.state.id);
    }
    return st;
  }

  private execute(e: Entry, command: AlgoCommand, arrived: number): void {
    this.options.onCommand?.(e.algo.state.id, command, performance.now() - arrived);
    this.track(executeCommand(this.io, e.algo.state.market, command, this.now), (o) => this.outcome(e, o));
  }

  /** A send in flight (stop() waits for it), and what to do with its outcome. */
  private track<T>(pending: Promise<T>, then: (value: T) => void): void {
    const done: Promise<void> = pending.then((v) => {
      this.inflight.delete(done);
      then(v);
    });
    this.inflight.add(done);
  }

  private outcome(e: Entry, outcome: Outcome): void {
    if (outcome.event) this.dispatch(e, outcome.event);
    if (outcome.unknown) this.pause(e, outcome.unknown);
    if (outcome.error) this.options.onError?.(e.algo.state.id, outcome.error);
  }

  /** Tells the listeners (and onTransition) about a transition whose commands are on their way. */
  private report(st: Step, writeMs: number): void {
    const { e, commands } = st;
    this.options.onTransition?.(e.algo.state.id, st.event.type, st.stepMs + writeMs, commands.length);
    if (st.write || commands.length > 0) e.handle.update(e.algo.state, e.paused, st.event.type, commands);
    else e.handle.track(e.algo.state);
    if (e.algo.state.status !== "running") {
      this.feeds.drop(e.algo.state.id);
      e.handle.settle(e.algo.state);
    }
  }

  private pause(e: Entry, reason: string): void {
    if (e.algo.state.status !== "running" || this.stopped) return;
    e.paused = true;
    e.dirty = true;
    e.handle.update(e.algo.state, true, "paused", [], reason);
    if (!e.reconciling) this.schedule(e);
  }

  private schedule(e: Entry): void {
    if (e.scheduled || this.stopped) return;
    e.scheduled = true;
    setTimeout(() => {
      e.scheduled = false;
      void this.reconcile(e);
    }, e.backoffMs).unref();
  }

  /** Asks the exchange what became of every live child and every fill; then unpauses. */
  private async reconcile(e: Entry): Promise<void> {
    if (e.reconciling || this.stopped) return;
    e.reconciling = true;
    e.dirty = false;
    try {
      const now = this.now();
      const orders = this.options.venue ?? this.options.info;
      const fills = await orders.userFillsByTime({ user: this.options.user, startTime: e.algo.state.created - 60_000 });
      for (const fill of fills) {
        const event = fillEvent(fill, (cloid, oid) => this.ownerOf(cloid, oid), now);
        if (event && event.id === e.algo.state.id) this.dispatch(e, event.event, true);
      }
      for (const child of liveChildren(e.algo.state)) {
        const answer = await orders.orderStatus({ user: this.options.user, oid: child.cloid });
        if (answer.status === "order") {
          const o = answer.order.order;
          this.dispatch(e, statusEvent(child.cloid, answer.order.status, o.origSz, o.sz, o.oid, e.algo.state.market, now), true);
        } else this.dispatch(e, { type: "status", cloid: child.cloid, status: "unknown", now }, true);
      }
      if (e.algo.state.kind === "native-twap") await this.feeds.nativeTwapProgress(e.algo.state, (event) => this.dispatch(e, event, true));
      if (e.dirty) {
        e.reconciling = false;
        this.schedule(e);
        return;
      }
      e.paused = false;
      for (const event of e.buffered.splice(0)) this.dispatch(e, event);
      e.backoffMs = 200;
      e.handle.update(e.algo.state, false, "resumed", []);
      this.dispatch(e, { type: "timer", now: this.now() });
    } catch (error) {
      this.options.onError?.(e.algo.state.id, error);
      e.backoffMs = Math.min(5000, e.backoffMs * 2);
      e.reconciling = false;
      this.schedule(e);
    } finally {
      e.reconciling = false;
    }
  }

  private tick(): void {
    const now = this.now();
    const due: Entry[] = [];
    for (const e of this.entries.values()) if (!e.paused && e.algo.state.status === "running") due.push(e);
    this.dispatchAll(due, { type: "timer", now });
  }

  private async poll(): Promise<void> {
    try {
      for (const id of this.options.store.cancelRequests()) {
        const e = this.entries.get(id);
        if (e) this.dispatch(e, { type: "cancel", now: this.now(), reason: "cancel requested through the store" });
      }
      this.options.store.checkpoint(true);
      await this.feeds.poll();
      const now = this.now();
      for (const e of this.entries.values()) {
        if (e.paused || e.algo.state.status !== "running") continue;
        // A child without an answer for a while, or no stream to tell us: ask.
        const stale = liveChildren(e.algo.state).some((c) => now - c.placedAt > (this.options.subscriptions || this.options.venue ? 5000 : 0));
        if (stale || e.algo.state.kind === "native-twap") void this.reconcile(e);
      }
    } catch (error) {
      this.options.onError?.("runner", error);
    }
  }
}

export { ActionOutcomeUnknownError };
