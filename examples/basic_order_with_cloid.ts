/** Python examples/basic_order_with_cloid.py: an order with a client order id, queried and cancelled by it. */
import { Cloid } from "../src/index.js";
import { ok, restingOid, run, setup, show } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const cloid = Cloid.from_str("0x00000000000000000000000000000001");
  // Or from an integer: Cloid.from_int(1)

  const orderResult = ok("order", await exchange.order("ETH", true, 0.2, 1100, { limit: { tif: "Gtc" } }, false, cloid));
  const found = await info.query_order_by_cloid(address, cloid.to_raw());
  show("Order status by cloid", found);
  if (found.status !== "order") throw new Error(`the order placed with ${cloid} is not found by its cloid`);

  const unknown = await info.query_order_by_cloid(address, Cloid.from_int(2).to_raw());
  show("Order status by cloid (never used)", unknown);

  if (restingOid(orderResult) !== undefined) ok("cancel by cloid", await exchange.cancel_by_cloid("ETH", cloid));
});
