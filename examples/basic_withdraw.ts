/** Python examples/basic_withdraw.py: withdraw $2 to this address on Arbitrum (the bridge keeps a $1 fee). */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { address, exchange } = await setup({ skipWs: true });
  if (exchange.account_address?.toLowerCase() !== exchange.wallet.address.toLowerCase())
    throw new Error("Agents do not have permission to perform withdrawals");
  ok("withdraw", await exchange.withdraw_from_bridge(2, address));
});
