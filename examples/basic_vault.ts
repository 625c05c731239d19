/**
 * Python examples/basic_vault.py: trade for a vault you lead or a sub-account you own by
 * signing with vault_address. The address is HL_EXAMPLES_VAULT (default: the Python
 * example's placeholder, which you do not lead).
 */
import { exchangeFor, ok, restingOid, run, setup } from "./_config.js";

run(async () => {
  const { exchange: own } = await setup({ skipWs: true });
  const vault = process.env.HL_EXAMPLES_VAULT || "0x1719884eb866cb12b2287399b15f7db5e7d775ea";
  const exchange = exchangeFor(own.wallet, { vault_address: vault });

  const orderResult = ok("vault order", await exchange.order("ETH", true, 0.2, 1100, { limit: { tif: "Gtc" } }));
  const oid = restingOid(orderResult);
  if (oid !== undefined) ok("vault cancel", await exchange.cancel("ETH", oid));
});
