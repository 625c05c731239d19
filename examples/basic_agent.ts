/**
 * Python examples/basic_agent.py: approve a fresh agent (API wallet) for this account, trade
 * with it, then approve a named agent ("persist") that outlives the session and trade with it.
 * Agents can trade but not move funds.
 */
import { privateKeyWallet } from "../src/index.js";
import { exchangeFor, ok, restingOid, run, setup } from "./_config.js";

run(async () => {
  const { address, exchange } = await setup({ skipWs: true });
  // An agent approved by an agent would be approved for the agent's address, not the account.
  if (address.toLowerCase() !== exchange.wallet.address.toLowerCase()) throw new Error("You should not create an agent using an agent");

  const [approveResult, agentKey] = await exchange.approve_agent();
  ok("approve agent", approveResult);
  const agentWallet = privateKeyWallet(agentKey);
  console.log("Running with agent address:", agentWallet.address);
  const agentExchange = exchangeFor(agentWallet, { account_address: address });

  const orderResult = ok("agent order", await agentExchange.order("ETH", true, 0.2, 1000, { limit: { tif: "Gtc" } }));
  const oid = restingOid(orderResult);
  if (oid !== undefined) ok("agent cancel", await agentExchange.cancel("ETH", oid));

  // A named agent persists until it is replaced or expires.
  const [extraResult, extraKey] = await exchange.approve_agent("persist");
  ok("approve extra agent", extraResult);
  const extraWallet = privateKeyWallet(extraKey);
  const extraExchange = exchangeFor(extraWallet, { account_address: address });
  console.log("Running with extra agent address:", extraWallet.address);

  console.log("Placing order with extra agent");
  const extraOrder = ok("extra agent order", await extraExchange.order("ETH", true, 0.2, 1000, { limit: { tif: "Gtc" } }));
  const extraOid = restingOid(extraOrder);
  if (extraOid !== undefined) {
    console.log("Canceling order with extra agent");
    ok("extra agent cancel", await extraExchange.cancel("ETH", extraOid));
  }
});
