/** Python examples/basic_spot_to_builder_deployed_perp_dex.py: 1.23 USDC from spot to dex "test" and back. */
import { ok, run, setup } from "./_config.js";

const DUMMY_DEX = "test";
const COLLATERAL_TOKEN = "USDC";

run(async () => {
  const { address, exchange } = await setup({ skipWs: true });
  ok("spot → test dex", await exchange.send_asset(address, "spot", DUMMY_DEX, COLLATERAL_TOKEN, 1.23));
  ok("test dex → spot", await exchange.send_asset(address, DUMMY_DEX, "spot", COLLATERAL_TOKEN, 1.23));
});
