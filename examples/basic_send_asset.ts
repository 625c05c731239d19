/** Python examples/basic_send_asset.py: send 1.23 USDC from the default perp dex to the zero address on dex "test". */
import { ok, run, setup } from "./_config.js";

const SOURCE_DEX = "";
const DESTINATION_DEX = "test";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  if (exchange.account_address?.toLowerCase() !== exchange.wallet.address.toLowerCase())
    throw new Error("Agents do not have permission to perform internal transfers");
  // Both dexs must use the same collateral token.
  ok("send asset", await exchange.send_asset("0x0000000000000000000000000000000000000000", SOURCE_DEX, DESTINATION_DEX, "USDC", 1.23));
});
