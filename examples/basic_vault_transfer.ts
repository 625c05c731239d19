/** Python examples/basic_vault_transfer.py: deposit $5 into testnet's HLP vault. */
import { ok, run, setup } from "./_config.js";

const TESTNET_HLP_VAULT = "0xa15099a30bbf2e68942d6f4c43d70d04faeab0a0";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  // usd in micro-USDC: 5_000_000 = $5.
  ok("vault deposit", await exchange.vault_usd_transfer(TESTNET_HLP_VAULT, true, 5_000_000));
});
