/** Python examples/basic_transfer.py: send $1 of perp USDC to the zero address. */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  if (exchange.account_address?.toLowerCase() !== exchange.wallet.address.toLowerCase())
    throw new Error("Agents do not have permission to perform internal transfers");
  ok("usd transfer", await exchange.usd_transfer(1, "0x0000000000000000000000000000000000000000"));
});
