/**
 * The guard rails for a long-lived process (`hl serve --guard`, a bot): one call loads the TOML
 * config, opens the store, keeps the account current (a userEvents subscription when given, and
 * a poll so a price move reaches the drawdown rule), hot-reloads the config file, makes a trip
 * cancel every open order and optionally keeps a dead-man's switch armed. Hand `guard` to an
 * ExchangeClient, a compat Exchange or `startServer({ exchange: { …, guard } })`.
 */
import { ExchangeClient } from "../clients/exchange.js";
import type { InfoClient } from "../clients/info.js";
import type { SubscriptionClient } from "../clients/subscription.js";
import type { GuardMode } from "../errors/guard.js";
import type { HlWallet } from "../signing/wallet.js";
import type { Transport } from "../transport/types.js";
import { AccountState } from "./account.js";
import { loadGuardConfig, watchGuardConfig, type ConfigWatcher } from "./config.js";
import { startDeadMansSwitch, type DeadMansSwitch } from "./deadman.js";
import { attachKillSwitch, type CancelAccount } from "./killswitch.js";
import { GuardRails, modeFrom, type PaperVenue } from "./pipeline.js";
import type { AccountView } from "./risk.js";
import { openGuardStore, type GuardStore } from "./store.js";

export interface GuardRuntimeOptions {
  /** The TOML config file (watched: an edit applies at once, a bad edit is reported and ignored). */
  configPath: string;
  wallet: HlWallet;
  transport: Transport;
  isMainnet: boolean;
  info: InfoClient;
  /** Shown in every log line and error next to the mode. */
  network: string;
  /** Wins over HL_MODE and the config. */
  mode?: GuardMode;
  /** Refresh the account on every userEvents push. */
  subscriptions?: Pick<SubscriptionClient, "listen">;
  /** Account refresh interval for the drawdown rule (default 5000 ms; 0 = off). */
  pollMs?: number;
  /** Keep scheduleCancel armed: re-arm every `everyMs` with a deadline `windowMs` ahead. */
  deadman?: { everyMs: number; windowMs: number };
  /** Errors of background work (refresh, reload, re-arm); each line names the mode. */
  log?: (line: string) => void;
  /**
   * Builds the paper venue when the mode is paper (e.g. `hl serve`: a PaperExchange fed by the live
   * l2Book stream, src/cli/paper.ts). It is also the account the risk rules and the kill switch see.
   */
  paper?: (context: { store: GuardStore; coins: readonly string[] }) => Promise<PaperRuntimeVenue>;
}

/** A paper venue for the runtime: matches orders, is the account the rules see, has cancellable orders. */
export interface PaperRuntimeVenue {
  venue: PaperVenue & AccountView & CancelAccount;
  close(): void;
}

export interface GuardRuntime {
  guard: GuardRails;
  store: GuardStore;
  account: AccountState;
  /** An ExchangeClient through the guard (the kill switch's cancels go through it too). */
  exchange: ExchangeClient;
  deadman: DeadMansSwitch | undefined;
  /** Stops the watchers and the poll, stops re-arming (the last deadline stays), closes the store. */
  close(): Promise<void>;
}

export async function startGuardRuntime(options: GuardRuntimeOptions): Promise<GuardRuntime> {
  const { config, text } = loadGuardConfig(options.configPath);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = openGuardStore(config.store.path);
  const account = new AccountState(options.info, options.wallet.address);
  const mode = modeFrom({ mode: options.mode, config });
  let guard: GuardRails;
  let paper: PaperRuntimeVenue | undefined;
  try {
    await account.refresh();
    // Paper: the books to follow are the allowlist's, else every perp of the default dex.
    const coins = config.risk.allow.length > 0 ? config.risk.allow : account.perpCoins();
    if (mode === "paper" && options.paper) paper = await options.paper({ store, coins });
    guard = new GuardRails({
      config,
      configText: text,
      store,
      account: paper?.venue ?? account,
      network: options.network,
      ...(options.mode ? { mode: options.mode } : {}),
      ...(paper ? { paper: paper.venue } : {}),
    });
  } catch (e) {
    paper?.close();
    store.close();
    throw e;
  }
  const say = (what: string, e: unknown): void => log(`[guard ${guard.mode} ${options.network}] ${what}: ${e instanceof Error ? e.message : String(e)}`);
  const exchange = new ExchangeClient({ wallet: options.wallet, transport: options.transport, isMainnet: options.isMainnet, guard });
  attachKillSwitch(guard, exchange, paper?.venue ?? account);
  const watcher: ConfigWatcher = watchGuardConfig(
    options.configPath,
    (next, text) => guard.applyConfig(next, "reload", text),
    (e) => say("config reload refused, the previous version stays", e),
  );
  // In paper mode the live account feeds nothing the guard reads: no poll, no userEvents.
  const stopPoll = options.pollMs === 0 || paper ? undefined : account.poll(options.pollMs ?? 5000, (e) => say("account refresh failed", e));
  const follow = options.subscriptions && !paper ? account.follow(options.subscriptions, (e) => say("account refresh failed", e)) : undefined;
  // `hl kill` from another process writes the switch to the same store: pick it up within 250 ms.
  const killSync = setInterval(() => {
    try {
      if (guard.syncKillState())
        log(
          `[guard ${guard.mode} ${options.network}] kill switch ${guard.killState.tripped ? "TRIPPED" : "released"} from the store (${guard.killState.reason})`,
        );
    } catch (e) {
      say("kill switch sync failed", e);
    }
  }, 250);
  killSync.unref();
  const deadman = options.deadman
    ? startDeadMansSwitch(exchange, { ...options.deadman, onError: (e) => say("dead-man's switch re-arm failed", e) })
    : undefined;
  if (deadman) await deadman.ready;
  return {
    guard,
    store,
    account,
    exchange,
    deadman,
    async close() {
      watcher.close();
      clearInterval(killSync);
      stopPoll?.();
      follow?.unsubscribe();
      await deadman?.stop();
      paper?.close();
      store.close();
    },
  };
}
