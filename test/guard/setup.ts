/** A devnet, a funded trader and a guarded ExchangeClient whose transport counts /exchange requests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { ExchangeClient, HttpTransport, InfoClient, privateKeyWallet, type HlWallet, type Transport } from "../../src/index.js";
import { AccountState } from "../../src/guard/account.js";
import { parseGuardConfig, type GuardConfig } from "../../src/guard/config.js";
import { GuardRails, type GuardRailsOptions } from "../../src/guard/pipeline.js";
import { openGuardStore, type GuardStore } from "../../src/guard/store.js";

export interface Counting extends Transport {
  exchangeRequests: number;
}

export function counting(inner: Transport): Counting {
  const t: Counting = {
    exchangeRequests: 0,
    request(endpoint, body, options) {
      if (endpoint === "exchange") t.exchangeRequests++;
      return inner.request(endpoint, body, options);
    },
  };
  return t;
}

export interface GuardedTrader {
  wallet: HlWallet;
  exchange: ExchangeClient;
  guard: GuardRails;
  account: AccountState;
  store: GuardStore;
  transport: Counting;
  assets: Record<string, number>;
}

export interface GuardSetup {
  devnet: Devnet;
  info: InfoClient;
  /** A temporary directory removed by close(). */
  dir: string;
  trader(options?: {
    toml?: string;
    config?: GuardConfig;
    fund?: number;
    guard?: Partial<GuardRailsOptions>;
    storePath?: string;
    wallet?: HlWallet;
  }): Promise<GuardedTrader>;
  close(): Promise<void>;
}

export async function startGuardSetup(): Promise<GuardSetup> {
  const devnet = await startDevnet({ port: 0 });
  const base = new HttpTransport({ url: devnet.url, retry: { attempts: 1 } });
  const info = new InfoClient({ transport: base });
  const dir = mkdtempSync(join(tmpdir(), "hl-guard-"));
  const stores: GuardStore[] = [];
  let n = 0;
  return {
    devnet,
    info,
    dir,
    async trader({ toml = "", config, fund = 1_000_000, guard = {}, storePath, wallet = privateKeyWallet(generatePrivateKey()) } = {}) {
      if (fund > 0) devnet.fund(wallet.address, fund);
      const store = openGuardStore(storePath ?? join(dir, `g${n++}.db`));
      stores.push(store);
      const account = new AccountState(info, wallet.address);
      await account.refresh();
      const cfg = config ?? parseGuardConfig(toml);
      const rails = new GuardRails({ config: cfg, store, account, network: "local", env: {}, ...guard });
      const transport = counting(base);
      const exchange = new ExchangeClient({ wallet, transport, isMainnet: devnet.isMainnet, guard: rails });
      const assets: Record<string, number> = {};
      for (const coin of ["BTC", "ETH", "SOL", "PURR/USDC"]) assets[coin] = account.assetOf(coin)!;
      return { wallet, exchange, guard: rails, account, store, transport, assets };
    },
    async close() {
      for (const s of stores) s.close();
      await devnet.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Gtc (or other tif) limit order on the wire. */
export const wireOrder = (a: number, b: boolean, p: string, s: string, { r = false, tif = "Gtc" }: { r?: boolean; tif?: "Gtc" | "Ioc" | "Alo" } = {}) => ({
  a,
  b,
  p,
  s,
  r,
  t: { limit: { tif } },
});
