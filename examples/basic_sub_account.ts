/**
 * Python examples/basic_sub_account.py: create a sub-account, find it, move $1 and 1.23 HYPE
 * into it. To trade as the sub-account, use its address as vault_address (basic_vault.ts).
 * The HYPE token id is read from spotMeta (the Python script hard-codes testnet's).
 */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const name = "example123";
  ok("create sub-account", await exchange.create_sub_account(name));

  const subAccounts = (await info.query_sub_accounts(address)) ?? [];
  const subAccountUser = subAccounts.find((s) => s.name === name)?.subAccountUser;
  if (!subAccountUser) throw new Error(`sub-account ${name} is not listed by subAccounts`);

  // usd is in micro-USDC: 1_000_000 = $1.
  ok("usd to sub-account", await exchange.sub_account_transfer(subAccountUser, true, 1_000_000));
  const hype = (await info.spot_meta()).tokens.find((t) => t.name === "HYPE");
  if (!hype) throw new Error("spotMeta lists no HYPE token");
  ok("HYPE to sub-account", await exchange.sub_account_spot_transfer(subAccountUser, true, `HYPE:${hype.tokenId}`, 1.23));
});
