/** A devnet, a funded trader whose ExchangeClient runs the guard pipeline, and algorithm runners on one store. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { startDevnet, type Devnet, type DevnetOptions } from "../../devnet/index.js";
import { ExchangeClient, HttpTransport, InfoClient, privateKeyWallet, SubscriptionClient, type HlWallet } from "../../src/index.js";
import { AlgoRunner, type AlgoRunnerOptions } from "../../src/algos/runner.js";
import { AlgoStore } from "../../src/algos/store.js";
import { GuardRails } from "../../src/guard/pipeline.js";
import type { GuardMode } from "../../src/errors/guard.js";
import type { GuardConfig } from "../../src/guard/config.js";
import { AccountState } from "../../src/guard/account.js";
import type { PaperExchange } from "../../devnet/index.js";
import { counting, type Counting } from "../guard/setup.js";

export interface AlgoSetup {
  devnet: Devnet;
  info: InfoClient;
  dir: string;
  key: `0x${string}`;
  wallet: HlWallet;
  /** Counts the /exchange requests of every runner's ExchangeClient. */
  transport: Counting;
  /** Every (cloid → oids) the devnet accepted for this trader, from its own order events. */
  placements: Map<string, Set<number>>;
  /** `paper`: the guard's paper venue and the runner's (mode "paper"). */
  /** `config`: guard-rails config with risk rules (the account is refreshed first: call `await ready`). */
  runner(options?: Partial<AlgoRunnerOptions> & { storePath?: string; ws?: boolean; mode?: GuardMode; paper?: PaperExchange; config?: GuardConfig }): {
    ready?: Promise<void>;
    runner: AlgoRunner;
    store: AlgoStore;
    subs?: SubscriptionClient;
  };
  close(): Promise<void>;
}

export async function startAlgoSetup(devnetOptions: DevnetOptions = {}): Promise<AlgoSetup> {
  const devnet = await startDevnet({ port: 0, ...devnetOptions });
  const key = generatePrivateKey();
  const wallet = privateKeyWallet(key);
  devnet.fund(wallet.address, 10_000_000);
  const transport = counting(new HttpTransport({ url: devnet.url, retry: { attempts: 1 } }));
  const info = new InfoClient({ transport });
  const dir = mkdtempSync(join(tmpdir(), "hl-algos-"));
  const placements = new Map<string, Set<number>>();
  const triggered = new Set<string>();
  devnet.engine.on((e) => {
    if (e.kind !== "orderUpdates" || e.user !== wallet.address.toLowerCase()) return;
    for (const u of e.updates) {
      const cloid = u.order.cloid;
      if (!cloid) continue;
      // A triggered TP/SL goes on as a new order (new oid) with the same cloid: the exchange's doing.
      if (u.status === "triggered") {
        triggered.add(cloid);
        continue;
      }
      const set = placements.get(cloid) ?? new Set<number>();
      if (!set.has(u.order.oid) && triggered.delete(cloid) && set.size > 0) continue;
      set.add(u.order.oid);
      placements.set(cloid, set);
    }
  });
  const opened: { runner: AlgoRunner; store: AlgoStore; subs?: SubscriptionClient }[] = [];
  let n = 0;
  return {
    devnet,
    info,
    dir,
    key,
    wallet,
    placements,
    transport,
    runner({ storePath, ws = true, mode = "live", paper, config, ...options } = {}) {
      const store = AlgoStore.open(storePath ?? join(dir, `a${n++}.db`));
      const account = config && !paper ? new AccountState(info, wallet.address) : undefined;
      const guard = new GuardRails({
        store: store.guardStore,
        mode,
        network: "local",
        env: {},
        ...(paper ? { paper, account: paper } : {}),
        ...(config ? { config } : {}),
        ...(account ? { account } : {}),
      });
      const exchange = new ExchangeClient({ wallet, transport, isMainnet: devnet.isMainnet, guard });
      const subs = ws ? new SubscriptionClient({ url: devnet.wsUrl }) : undefined;
      const runner = new AlgoRunner({
        exchange,
        info,
        user: wallet.address,
        store,
        tickMs: 20,
        pollMs: 200,
        ...(subs ? { subscriptions: subs } : {}),
        ...(paper ? { venue: paper } : {}),
        ...options,
      });
      const entry = { runner, store, ...(subs ? { subs } : {}), ...(account ? { ready: account.refresh() } : {}) };
      opened.push(entry);
      return entry;
    },
    async close() {
      for (const o of opened) {
        await o.runner.stop();
        await o.subs?.close();
        o.store.close();
      }
      await devnet.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cloids the devnet accepted more than once (must be empty). */
export function duplicated(placements: Map<string, Set<number>>): string[] {
  return [...placements].filter(([, oids]) => oids.size > 1).map(([c]) => c);
}
