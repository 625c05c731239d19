/**
 * The kill switch's hands: cancel every open order of the account (all coins: the default perp
 * dex and spot in one cancel action, each builder-deployed perp dex in one of its own, sent
 * together), through the same ExchangeClient and so through the guard (cancels
 * pass it while tripped). Wired to GuardRails.onTrip by {@link attachKillSwitch}, so a
 * drawdown breach cancels too.
 */
import type { CancelAction, CancelOk } from "../../generated/ts/types.js";
import type { AccountState } from "./account.js";
import type { GuardRails } from "./pipeline.js";

export interface Canceller {
  cancel(params: Omit<CancelAction, "type">): Promise<CancelOk>;
}

/** Whose open orders to cancel: an AccountState, or a paper venue (hyperliquid-sdk/devnet's PaperExchange). */
export type CancelAccount = Pick<AccountState, "refresh" | "openOrderRefs" | "assetOf">;

/**
 * Cancels every order the account has open now, on every dex (perpDexs is re-read first, so a dex
 * deployed since the last refresh is included); returns how many were cancelled.
 */
export async function cancelAllOpen(exchange: Canceller, account: CancelAccount): Promise<number> {
  await account.refresh({ discover: true });
  const byDex = new Map<number, { a: number; o: number }[]>();
  for (const o of account.openOrderRefs()) {
    const a = o.asset >= 0 ? o.asset : (account.assetOf(o.coin) ?? -1);
    if (a < 0) continue;
    // 100000 + 10000 × dex index + i for a builder-deployed dex; below that the default dex and spot.
    const dex = a >= 100_000 ? Math.floor((a - 100_000) / 10_000) : 0;
    const list = byDex.get(dex) ?? [];
    list.push({ a, o: o.oid });
    byDex.set(dex, list);
  }
  const results = await Promise.all([...byDex.values()].map((cancels) => exchange.cancel({ cancels })));
  return results.reduce((n, res) => n + res.response.data.statuses.filter((s) => s === "success").length, 0);
}

/** After this, tripping `guard` (by hand or by drawdown) cancels every open order. */
export function attachKillSwitch(guard: GuardRails, exchange: Canceller, account: CancelAccount): void {
  guard.onTrip = async () => {
    await cancelAllOpen(exchange, account);
  };
}
