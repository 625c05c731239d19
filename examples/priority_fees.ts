/**
 * Python examples/priority_fees.py: bid for gossip priority slot 0, then an IoC order with a
 * priority fee (grouping {"p": …}) priced to miss, so it is refused. The compat bulk_orders
 * takes named groupings only; the typed client takes the priority one.
 */
import type { PyResponse } from "../src/index.js";
import { ok, refusedOrder, run, setup } from "./_config.js";

run(async () => {
  const { exchange } = await setup({ skipWs: true, perpDexs: ["test"] });
  ok("gossip priority bid", await exchange.gossip_priority_bid(0, "8.8.8.8", 1));

  const order = { a: await exchange.info.name_to_asset("test:ABC"), b: true, p: "0.9", s: "100", r: false, t: { limit: { tif: "Ioc" as const } } };
  // The typed client throws ExchangeError when the whole action is refused; per-order refusals are in the answer.
  const result = (await exchange.client.order({ orders: [order], grouping: { p: 12345 } })) as unknown as PyResponse;
  const errors = refusedOrder("priority-fee order (meant to be refused)", result);
  console.log("refused as expected:", errors.join("; "));
});
