/**
 * Python examples/cancel_open_orders.py: cancel every open order of the account. So that there
 * is something to cancel on a fresh account, this port first rests two bids.
 */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  ok("order to cancel", await exchange.order("ETH", true, 0.2, 1100, { limit: { tif: "Gtc" } }));
  ok("order to cancel", await exchange.order("BTC", true, 0.001, 60000, { limit: { tif: "Gtc" } }));

  for (const openOrder of await info.open_orders(address)) {
    console.log(`cancelling order ${JSON.stringify(openOrder)}`);
    ok("cancel", await exchange.cancel(openOrder.coin, openOrder.oid));
  }
  const left = await info.open_orders(address);
  if (left.length > 0) throw new Error(`${left.length} orders are still open`);
});
