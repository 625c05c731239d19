/** Python examples/basic_order_with_builder_deployed_dex.py: trade on builder-deployed (HIP-3) perp dex "test". */
import { ok, restingOid, run, setup, show } from "./_config.js";

const DUMMY_DEX = "test";
const COIN = `${DUMMY_DEX}:ABC`;

run(async () => {
  // The dex must be named so that "test:ABC" resolves to its asset id.
  const { address, info, exchange } = await setup({ skipWs: true, perpDexs: [DUMMY_DEX] });

  const userState = await info.user_state(address);
  const positions = userState.assetPositions.map((p) => p.position);
  if (positions.length > 0) {
    console.log("positions:");
    for (const position of positions) console.log(JSON.stringify(position, null, 2));
  } else console.log("no open positions");

  show("dummy dex meta", await info.meta(DUMMY_DEX));

  const orderResult = ok("order", await exchange.order(COIN, true, 20, 1, { limit: { tif: "Gtc" } }));
  const oid = restingOid(orderResult);
  if (oid !== undefined) {
    show("Order status by oid", await info.query_order_by_oid(address, oid));
    ok("cancel", await exchange.cancel(COIN, oid));
  }
});
