/**
 * Python examples/user_abstraction.py: read the abstraction state, set unified account through
 * the agent path ("u"), set it as the user, then the same for a sub-account
 * (HL_EXAMPLES_SUB_ACCOUNT; Python's placeholder is the zero address) with "disabled" and
 * "portfolioMargin". The account must be in the default mode for the first step.
 */
import type { Abstraction } from "../src/index.js";
import { exchangeFor, ok, run, setup, show } from "./_config.js";

const SUB_ACCOUNT_USER = process.env.HL_EXAMPLES_SUB_ACCOUNT || "0x0000000000000000000000000000000000000000";

run(async () => {
  const { info, exchange } = await setup({ skipWs: true });
  const user = exchange.account_address ?? exchange.wallet.address;
  show("current user abstraction state", await info.query_user_abstraction_state(user));
  ok("agent set abstraction", await exchange.agent_set_abstraction("u"));

  if (user.toLowerCase() !== exchange.wallet.address.toLowerCase()) {
    console.log("not performing user set abstraction because not user", user, exchange.wallet.address);
    return;
  }
  ok("user set abstraction", await exchange.user_set_abstraction(user, "unifiedAccount"));
  show("current user abstraction state", await info.query_user_abstraction_state(user));

  console.log("setting abstraction for", SUB_ACCOUNT_USER);
  const withSubAccount = exchangeFor(exchange.wallet, { vault_address: SUB_ACCOUNT_USER });
  ok("sub-account agent_set_abstraction", await withSubAccount.agent_set_abstraction("u"));
  for (const abstraction of ["disabled", "portfolioMargin"] satisfies Abstraction[]) {
    ok(`sub-account ${abstraction}`, await exchange.user_set_abstraction(SUB_ACCOUNT_USER, abstraction));
    show("current sub-account user abstraction state", await info.query_user_abstraction_state(SUB_ACCOUNT_USER));
  }
});
