/** A devnet per test file, with funded wallets and SDK clients pointed at it. */
import { generatePrivateKey } from "viem/accounts";
import { startDevnet, type Devnet, type DevnetOptions } from "../../devnet/index.js";
import { ExchangeClient, HttpTransport, InfoClient, privateKeyWallet, type HlWallet } from "../../src/index.js";

export interface Trader {
  wallet: HlWallet;
  exchange: ExchangeClient;
}

export interface Harness {
  devnet: Devnet;
  info: InfoClient;
  /** Milliseconds added to the devnet's clock (funding, scheduled cancels, TWAP slices). */
  clock: { offset: number };
  trader(options?: { fund?: number; wallet?: HlWallet; accountAddress?: string; vaultAddress?: string }): Trader;
  close(): Promise<void>;
}

export async function startHarness(options: DevnetOptions = {}): Promise<Harness> {
  const clock = { offset: 0 };
  const devnet = await startDevnet({ port: 0, now: () => Date.now() + clock.offset, ...options });
  const transport = new HttpTransport({ url: devnet.url, retry: { attempts: 1 } });
  return {
    devnet,
    clock,
    info: new InfoClient({ transport, validation: "strict" }),
    trader({ fund = 100_000, wallet = privateKeyWallet(generatePrivateKey()), accountAddress, vaultAddress } = {}) {
      if (fund > 0) devnet.fund(wallet.address, fund);
      const exchange = new ExchangeClient({
        wallet,
        transport,
        isMainnet: devnet.isMainnet,
        ...(accountAddress ? { accountAddress } : {}),
        ...(vaultAddress ? { vaultAddress } : {}),
      });
      return { wallet, exchange };
    },
    close: () => devnet.close(),
  };
}

export type OrderStatuses = { response: { data: { statuses: unknown[] } } };

export function statuses(res: unknown): unknown[] {
  return (res as OrderStatuses).response.data.statuses;
}

export function oidOf(status: unknown): number {
  const s = status as { resting?: { oid: number }; filled?: { oid: number } };
  const oid = s.resting?.oid ?? s.filled?.oid;
  if (oid === undefined) throw new Error(`no oid in ${JSON.stringify(status)}`);
  return oid;
}

export const limit = (a: number, b: boolean, p: string, s: string, tif: "Gtc" | "Ioc" | "Alo" = "Gtc", extra: Record<string, unknown> = {}) => ({
  a,
  b,
  p,
  s,
  r: false,
  t: { limit: { tif } },
  ...extra,
});
