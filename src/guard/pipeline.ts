/**
 * The guard-rail pipeline every action passes when an ExchangeClient has a `guard` (compat
 * Exchange included: both run through ExchangeClient.executeAction):
 *   mode → kill switch → risk rules → audit (before) → sign → send → audit (after) → state update.
 * Refusals are audited and thrown before anything is signed. dry-run signs and returns a
 * simulated answer of the action's response shape (with the signed payload under `dryRun`),
 * sending nothing. The wallet never reaches this module: it gets a `sign` callback.
 */
import { actionSpecs, type ActionType } from "../../generated/ts/actions.js";
import { ExchangeError } from "../errors/exchange.js";
import { GUARD_MODES, GuardConfigError, KillSwitchError, PaperModeError, ReadOnlyModeError, type GuardMode } from "../errors/guard.js";
import type { GuardConfig } from "./config.js";
import { onlyReduces, ordersOf, RiskEngine, type AccountView } from "./risk.js";
import type { AuditStatus, GuardStore, KillState } from "./store.js";

export interface GuardAccount extends AccountView {
  noteOpened?(refs: { coin: string; asset: number; oid: number }[]): void;
  noteCancelled?(oids: Set<number>): void;
  /** Orders were placed on these assets (resting or filled). */
  noteTraded?(assets: readonly number[]): void;
  onEquity?(listener: (equity: number) => void): void;
}

export interface GuardRailsOptions {
  /** Wins over HL_MODE, which wins over `config.mode`; default "live". */
  mode?: GuardMode;
  config?: GuardConfig;
  /** The TOML text `config` came from: stored in config_versions instead of its JSON. */
  configText?: string;
  /** Where the audit log, config versions, orders and the kill switch live (required for live). */
  store?: GuardStore;
  /** Positions, mids and open orders for the risk rules (e.g. an AccountState). */
  account?: GuardAccount;
  /** Shown in every error next to the mode (mainnet, testnet, local). */
  network?: string;
  /** Runs after the kill switch trips (e.g. cancel every open order; see attachKillSwitch). */
  onTrip?: (reason: string) => Promise<void> | void;
  env?: Record<string, string | undefined>;
  /** Where paper mode matches orders (e.g. hyperliquid-sdk/devnet's PaperExchange, fed by live books). */
  paper?: PaperVenue;
}

/**
 * A local exchange for paper mode: takes an action (with its type) and answers as the exchange
 * would (order statuses, cancel statuses); throws or returns undefined for actions it does not model.
 */
export interface PaperVenue {
  execute(type: string, action: Record<string, unknown>): unknown;
}

/** What the client hands the pipeline: how to sign (it holds the wallet) and how to send. */
export interface GuardIo {
  sign(): Promise<Record<string, unknown>>;
  send(payload: Record<string, unknown>): Promise<unknown>;
}

/** A dry-run answer: the simulated response plus what would have been sent. */
export interface DryRunInfo {
  payload: Record<string, unknown>;
}

/** Actions the kill switch lets through: they only take risk off. */
const KILL_SAFE = new Set(["cancel", "cancelByCloid", "scheduleCancel"]);

export function modeFrom(options: Pick<GuardRailsOptions, "mode" | "config" | "env">): GuardMode {
  const env = (options.env ?? process.env).HL_MODE;
  if (options.mode !== undefined) return options.mode;
  if (env !== undefined && env !== "") {
    if (!GUARD_MODES.includes(env as GuardMode)) throw new GuardConfigError("HL_MODE", env, `one of ${GUARD_MODES.join(", ")}`, { source: "(environment)" });
    return env as GuardMode;
  }
  return options.config?.mode ?? "live";
}

export class GuardRails {
  mode: GuardMode;
  readonly network: string | undefined;
  readonly store: GuardStore | undefined;
  readonly risk: RiskEngine | undefined;
  onTrip: ((reason: string) => Promise<void> | void) | undefined;
  private kill: KillState;
  private highWater: number | undefined;

  constructor(private readonly options: GuardRailsOptions = {}) {
    this.mode = modeFrom(options);
    this.network = options.network;
    this.store = options.store;
    this.onTrip = options.onTrip;
    if ((this.mode === "live" || this.mode === "paper") && !this.store)
      throw new GuardConfigError("store.path", undefined, `a store for ${this.mode} mode (every action is audited before it is sent)`);
    if (this.mode === "paper" && !options.paper) throw new GuardConfigError("mode", "paper", "a paper venue (GuardRailsOptions.paper) for paper mode");
    this.kill = this.store?.killState() ?? { tripped: false, reason: "", at: 0 };
    this.highWater = this.store?.state<number | null>("equity_hwm") ?? undefined;
    if (options.account && options.config) this.risk = new RiskEngine(options.config.risk, options.account);
    options.account?.onEquity?.((equity) => {
      // A failed cancel-all after a trip must not become an unhandled rejection; it is audited.
      this.observeEquity(equity).catch((e: unknown) => {
        try {
          this.event("kill-switch-error", { error: e instanceof Error ? e.message : String(e) });
        } catch {
          // The store is closed (a refresh that landed after shutdown): nothing left to record into.
        }
      });
    });
    if (options.config) this.store?.addConfigVersion(options.configText ?? JSON.stringify(options.config), "loaded");
    this.event("mode", { mode: this.mode, network: this.network ?? null });
  }

  get killState(): Readonly<KillState> {
    return this.kill;
  }

  /** Applies a new config version (hot reload): risk limits now, stored with `reason`. */
  applyConfig(config: GuardConfig, reason = "reload", text?: string): void {
    this.store?.addConfigVersion(text ?? JSON.stringify(config), reason);
    if (this.risk) this.risk.config = config.risk;
    if (this.options.mode === undefined && !(this.options.env ?? process.env).HL_MODE && config.mode !== this.mode) this.setMode(config.mode, reason);
  }

  setMode(mode: GuardMode, reason: string): void {
    if (mode === "live" && !this.store) throw new GuardConfigError("mode", mode, "read-only or dry-run without a store");
    if (mode === "paper" && !this.options.paper) throw new GuardConfigError("mode", mode, "a paper venue (GuardRailsOptions.paper) for paper mode");
    const from = this.mode;
    this.mode = mode;
    this.event("mode", { from, mode, reason });
  }

  /** Trips the kill switch (persisted) and runs onTrip (cancel everything). */
  async trip(reason: string): Promise<void> {
    if (!this.kill.tripped) {
      this.kill = { tripped: true, reason, at: Date.now() };
      this.store?.setStateValue("kill_switch", this.kill);
      this.event("kill-switch", { tripped: true, reason });
    }
    await this.onTrip?.(reason);
  }

  /**
   * Re-reads the kill switch from the store: another process on the same store (`hl kill`,
   * `hl kill --release`) may have changed it. Returns true when it changed.
   */
  syncKillState(): boolean {
    const stored = this.store?.killState();
    if (!stored || (stored.tripped === this.kill.tripped && stored.at === this.kill.at)) return false;
    this.kill = stored;
    this.highWater = this.store?.state<number | null>("equity_hwm") ?? undefined;
    return true;
  }

  /**
   * Releases the kill switch. The equity high-water mark restarts from the next equity seen:
   * otherwise a release during a drawdown would trip again on the next refresh.
   */
  release(reason = "released"): void {
    this.highWater = undefined;
    this.store?.setStateValue("equity_hwm", null);
    this.kill = { tripped: false, reason, at: Date.now() };
    this.store?.setStateValue("kill_switch", this.kill);
    this.event("kill-switch", { tripped: false, reason });
  }

  /** Drawdown from the equity high-water mark; a breach of risk.max_drawdown trips the kill switch. */
  async observeEquity(equity: number): Promise<void> {
    if (!Number.isFinite(equity)) return;
    if (this.highWater === undefined || equity > this.highWater) {
      this.highWater = equity;
      this.store?.setStateValue("equity_hwm", equity);
    }
    const max = this.risk?.config.max_drawdown;
    if (max === undefined || this.highWater <= 0 || this.kill.tripped) return;
    const drawdown = (this.highWater - equity) / this.highWater;
    if (drawdown > max) await this.trip(`max_drawdown: drawdown ${drawdown.toPrecision(4)} of the high-water mark ${this.highWater} exceeds ${max}`);
  }

  /** The pipeline. `action` includes its `type`. */
  async execute(type: ActionType, action: Record<string, unknown>, io: GuardIo): Promise<unknown> {
    const mode = this.mode;
    try {
      if (mode === "read-only") throw new ReadOnlyModeError(type, this.network);
      if (this.kill.tripped && !KILL_SAFE.has(type) && !onlyReduces(type, action)) throw new KillSwitchError(type, mode, this.kill.reason, this.network);
      this.risk?.check(type, action, mode, this.network);
    } catch (e) {
      this.store?.append({ operation: type, mode, phase: "event", status: "rejected", payload: action, error: e });
      throw e;
    }
    if (mode === "paper") return this.paperExecute(type, action);
    const payload = await io.sign();
    if (mode === "dry-run") {
      const response = simulatedAnswer(type, action);
      this.store?.append({ operation: type, mode, phase: "event", status: "dry-run", payload, response });
      return { ...response, dryRun: { payload } satisfies DryRunInfo };
    }
    const ref = this.store?.append({ operation: type, mode, phase: "before", status: "pending", payload });
    let response: unknown;
    try {
      response = await io.send(payload);
    } catch (e) {
      const status: AuditStatus = e instanceof ExchangeError ? "exchange-error" : "outcome-unknown";
      this.store?.append({ operation: type, mode, phase: "after", ref: ref ?? null, status, error: e });
      throw e;
    }
    // The answer and the state it implies (order_state) commit together after the caller has its
    // answer (the next turn of the event loop, or every 256 for a caller that never yields), so the
    // next order's "before" commit stays one row; see GuardStore.deferWrites.
    const complete = (): void => {
      this.store?.append({ operation: type, mode, phase: "after", ref: ref ?? null, status: "ok", response });
      this.afterOk(type, action, response);
    };
    if (this.store) this.store.deferWrites(complete);
    else complete();
    return response;
  }

  /** Paper mode: audited like live, matched by the venue instead of signed and sent. */
  private paperExecute(type: ActionType, action: Record<string, unknown>): unknown {
    const venue = this.options.paper!;
    const ref = this.store!.append({ operation: type, mode: "paper", phase: "before", status: "pending", payload: action });
    let response: unknown;
    try {
      response = venue.execute(type, action);
      if (response === undefined) throw new PaperModeError(type, "the paper venue does not model this action", this.network);
    } catch (e) {
      this.store!.append({ operation: type, mode: "paper", phase: "after", ref, status: "rejected", error: e });
      throw e;
    }
    this.store!.batch(() => {
      this.store!.append({ operation: type, mode: "paper", phase: "after", ref, status: "ok", response });
      this.afterOk(type, action, response);
    });
    return response;
  }

  /** State update: orders that rest are recorded (order_state) and counted as open. */
  private afterOk(type: string, action: Record<string, unknown>, response: unknown): void {
    const account = this.options.account;
    if (type === "cancel" || type === "cancelByCloid") {
      const oids = new Set(
        (Array.isArray(action.cancels) ? action.cancels : []).map((c: { o?: number }) => c.o).filter((o): o is number => typeof o === "number"),
      );
      account?.noteCancelled?.(oids);
      for (const oid of oids) this.store?.setOrderStatus(String(oid), "canceled");
      return;
    }
    const orders = ordersOf(type, action);
    if (orders.length === 0) return;
    const statuses = statusesOf(response);
    const opened: { coin: string; asset: number; oid: number }[] = [];
    orders.forEach((o, i) => {
      const st = statuses[i];
      const resting = isRecord(st) && isRecord(st.resting) ? st.resting : undefined;
      const filled = isRecord(st) && isRecord(st.filled) ? st.filled : undefined;
      const oid = resting?.oid ?? filled?.oid;
      if (typeof oid !== "number") return;
      const coin = account?.coinOf(o.a) ?? String(o.a);
      if (resting) opened.push({ coin, asset: o.a, oid });
      this.store?.recordOrder({
        oid: String(oid),
        symbol: coin,
        type: o.t?.trigger ? "trigger" : "limit",
        side: o.b ? "buy" : "sell",
        price: o.p,
        quantity: o.s,
        filled: filled ? String(filled.totalSz ?? o.s) : "0",
        status: resting ? "open" : "filled",
        metadata: { reduceOnly: o.r, tif: o.t?.limit?.tif },
      });
    });
    if (opened.length) account?.noteOpened?.(opened);
    account?.noteTraded?.(orders.map((o) => o.a));
  }

  private event(operation: string, payload: unknown): void {
    this.store?.append({ operation, mode: this.mode, phase: "event", status: "event", payload });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function statusesOf(response: unknown): unknown[] {
  if (!isRecord(response) || !isRecord(response.response) || !isRecord(response.response.data)) return [];
  const s = response.response.data.statuses;
  return Array.isArray(s) ? s : [];
}

/**
 * An answer of the action's response shape for dry-run: orders "waitingForFill" (nothing
 * rests: it was not sent), cancels "success", everything else the default ok answer.
 */
export function simulatedAnswer(type: ActionType, action: Record<string, unknown>): Record<string, unknown> {
  const response = actionSpecs[type].response;
  if (response === "OrderResponse")
    return { status: "ok", response: { type: "order", data: { statuses: ordersOf(type, action).map(() => "waitingForFill") } } };
  if (response === "CancelResponse") {
    const n = Array.isArray(action.cancels) ? action.cancels.length : 0;
    return { status: "ok", response: { type: "cancel", data: { statuses: Array.from({ length: n }, () => "success") } } };
  }
  return { status: "ok", response: { type: "default" } };
}

/** The DryRunInfo of a value returned in dry-run mode, or undefined for a real answer. */
export function dryRunOf(result: unknown): DryRunInfo | undefined {
  return isRecord(result) && isRecord(result.dryRun) && isRecord(result.dryRun.payload) ? { payload: result.dryRun.payload } : undefined;
}
