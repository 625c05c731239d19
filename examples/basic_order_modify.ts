/** Python examples/basic_order_modify.py: rest an order with a cloid, modify it by oid, then by cloid. */
import { Cloid } from "../src/index.js";
import { ok, restingOid, run, setup, show } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const cloid = Cloid.from_str("0x00000000000000000000000000000001");

  const orderResult = ok("order", await exchange.order("ETH", true, 0.2, 1100, { limit: { tif: "Gtc" } }, false, cloid));
  const oid = restingOid(orderResult);
  if (oid === undefined) return;
  show("Order status by oid", await info.query_order_by_oid(address, oid));
  ok("modify result with oid", await exchange.modify_order(oid, "ETH", true, 0.1, 1105, { limit: { tif: "Gtc" } }, false, cloid));
  // The modified order keeps the cloid, so it can be addressed by it.
  ok("modify result with cloid", await exchange.modify_order(cloid, "ETH", true, 0.1, 1105, { limit: { tif: "Gtc" } }));
});
