/**
 * Python examples/basic_spot_order.py: spot balances, a resting PURR/USDC bid (queried and
 * cancelled), then an order on another pair by its "@index" name, cancelled by its
 * "BASE/QUOTE" name (on testnet @8 is KORILA/USDC).
 */
import { ok, restingOid, run, setup, show } from "./_config.js";

const PURR = "PURR/USDC";
const OTHER_COIN = "@8";
const OTHER_COIN_NAME = "KORILA/USDC";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const spotUserState = await info.spot_user_state(address);
  if (spotUserState.balances.length > 0) {
    console.log("spot balances:");
    for (const balance of spotUserState.balances) console.log(JSON.stringify(balance, null, 2));
  } else console.log("no available token balances");

  const orderResult = ok("PURR order", await exchange.order(PURR, true, 24, 0.5, { limit: { tif: "Gtc" } }));
  const oid = restingOid(orderResult);
  if (oid !== undefined) {
    show("Order status by oid", await info.query_order_by_oid(address, oid));
    ok("PURR cancel", await exchange.cancel(PURR, oid));
  }

  const other = ok(`${OTHER_COIN} order`, await exchange.order(OTHER_COIN, true, 1, 12, { limit: { tif: "Gtc" } }));
  const otherOid = restingOid(other);
  // Names work too, but they are not always unique across deployers.
  if (otherOid !== undefined) ok(`cancel by ${OTHER_COIN_NAME}`, await exchange.cancel(OTHER_COIN_NAME, otherOid));
});
