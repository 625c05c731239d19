/**
 * The kill switch's hands: cancel every open order of the account (all coins, perps and spot,
 * in one cancel action), through the same ExchangeClient and so through the guard (cancels
 * pass it while tripped). Wired to GuardRails.onTrip by {@link attachKillSwitch}, so a
 * drawdown breach cancels too.
 */
import type { CancelAction, CancelOk } from "../../generated/ts/types.js";
import type { AccountState } from "./account.js";
import type { GuardRails } from "./pipeline.js";

export interface Canceller {
  cancel(params: Omit<CancelAction, "type">): Promise<CancelOk>;
}

/** Cancels every order the account has open now; returns how many were cancelled. */
export async function cancelAllOpen(exchange: Canceller, account: Pick<AccountState, "refresh" | "openOrderRefs" | "assetOf">): Promise<number> {
  await account.refresh();
  const cancels = account
    .openOrderRefs()
    .map((o) => ({ a: o.asset >= 0 ? o.asset : (account.assetOf(o.coin) ?? -1), o: o.oid }))
    .filter((c) => c.a >= 0);
  if (cancels.length === 0) return 0;
  const res = await exchange.cancel({ cancels });
  return res.response.data.statuses.filter((s) => s === "success").length;
}

/** After this, tripping `guard` (by hand or by drawdown) cancels every open order. */
export function attachKillSwitch(guard: GuardRails, exchange: Canceller, account: Pick<AccountState, "refresh" | "openOrderRefs" | "assetOf">): void {
  guard.onTrip = async () => {
    await cancelAllOpen(exchange, account);
  };
}
