/**
 * Python examples/basic_schedule_cancel.py: rest an order, schedule a cancel of all orders 10 s
 * ahead (the dead man's switch), wait, and check that the order is gone.
 */
import { ok, restingOid, run, setup, show, sleep } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const orderResult = ok("order", await exchange.order("ETH", true, 0.2, 1100, { limit: { tif: "Gtc" } }));
  const oid = restingOid(orderResult);
  if (oid !== undefined) show("Order status by oid", await info.query_order_by_oid(address, oid));

  const cancelTime = Date.now() + 10_000;
  ok("schedule cancel", await exchange.schedule_cancel(cancelTime));
  await sleep(10_000);
  // The exchange runs the cancel at its next block after the time; give it a few seconds.
  let openOrders = await info.open_orders(address);
  for (let i = 0; i < 10 && openOrders.length > 0; i++) {
    await sleep(500);
    openOrders = await info.open_orders(address);
  }
  show("open orders", openOrders);
  if (openOrders.length > 0) throw new Error(`${openOrders.length} orders are still open after the scheduled cancel`);
});
