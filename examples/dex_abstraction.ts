/**
 * Python examples/dex_abstraction.py (legacy; prefer user_abstraction.ts): enable HIP-3 dex
 * abstraction through the agent path, disable it as the user, then enable and disable it
 * for the sub-account named "One".
 */
import { exchangeFor, ok, run, setup, show } from "./_config.js";

const SUB_ACCOUNT_NAME = "One";

run(async () => {
  const { info, exchange } = await setup({ skipWs: true });
  ok("agent enable dex abstraction", await exchange.agent_enable_dex_abstraction());

  const user = exchange.account_address ?? exchange.wallet.address;
  if (user.toLowerCase() !== exchange.wallet.address.toLowerCase()) {
    console.log("not performing user dex abstraction because not user", user, exchange.wallet.address);
    return;
  }
  ok("user dex abstraction off", await exchange.user_dex_abstraction(user, false));
  show("current user dex abstraction state", await info.query_user_dex_abstraction_state(user));

  const subAccounts = (await info.query_sub_accounts(user)) ?? [];
  const sub = subAccounts.find((s) => s.name === SUB_ACCOUNT_NAME);
  if (!sub) throw new Error(`no sub-account named ${SUB_ACCOUNT_NAME}`);
  console.log("found sub-account, enabling and disabling dex abstraction for", sub.subAccountUser);
  // The agent path acts for the sub-account when vault_address is set to it.
  const withSubAccount = exchangeFor(exchange.wallet, { vault_address: sub.subAccountUser });
  ok("sub-account agent_enable_dex_abstraction", await withSubAccount.agent_enable_dex_abstraction());
  for (const enabled of [true, false]) {
    ok(`sub-account dex abstraction ${enabled ? "on" : "off"}`, await exchange.user_dex_abstraction(sub.subAccountUser, enabled));
    show("current sub-account user dex abstraction state", await info.query_user_dex_abstraction_state(sub.subAccountUser));
  }
});
