/** Python examples/basic_spot_to_perp.py: move 1.23 USDC from perp to spot and back. */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  ok("perp → spot", await exchange.usd_class_transfer(1.23, false));
  ok("spot → perp", await exchange.usd_class_transfer(1.23, true));
});
