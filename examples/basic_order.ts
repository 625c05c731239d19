/** Python examples/basic_order.py: show positions, rest a low bid on ETH, query it by oid, cancel it. */
import { ok, restingOid, run, setup, show } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });

  const userState = await info.user_state(address);
  const positions = userState.assetPositions.map((p) => p.position);
  if (positions.length > 0) {
    console.log("positions:");
    for (const position of positions) console.log(JSON.stringify(position, null, 2));
  } else console.log("no open positions");

  // Priced far below the market so that it rests.
  const orderResult = ok("order", await exchange.order("ETH", true, 0.2, 1100, { limit: { tif: "Gtc" } }));
  const oid = restingOid(orderResult);
  if (oid !== undefined) {
    show("Order status by oid", await info.query_order_by_oid(address, oid));
    ok("cancel", await exchange.cancel("ETH", oid));
  }
});
