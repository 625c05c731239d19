/**
 * Paper mode for the algorithms: the guard's paper venue matches the child orders locally
 * (hyperliquid-sdk/devnet's PaperExchange, fed by the live books), so the exchange never sees
 * them and its feeds never report their fills. The runner then reads fills and order
 * statuses from the venue instead: live through `listen`, and by `orderStatus` /
 * `userFillsByTime` (the /info shapes) when it reconciles. Prices and traded volume still come
 * from the exchange's streams (the market is real; only the orders are not).
 */
import type * as Wire from "../../generated/ts/types.js";

export interface AlgoVenue {
  orderStatus(req: { user: string; oid: string | number }): Wire.OrderStatusResponse;
  userFillsByTime(req: { user: string; startTime: number }): Wire.UserFillsByTimeResponse;
  /** Calls back on every fill and order update of the venue's account; returns the unsubscribe. */
  listen(handlers: { fills(fills: Wire.WsUserFill[]): void; orderUpdates(updates: Wire.WsOrderUpdate[]): void }): () => void;
}
