/** Python examples/basic_builder_fee.py: approve a builder fee, then a market order that pays it to the builder. */
import { ok, run, setup } from "./_config.js";

const BUILDER = "0x8c967E73E7B15087c42A10D344cFf4c96D877f1D";

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  if (exchange.account_address?.toLowerCase() !== exchange.wallet.address.toLowerCase())
    throw new Error("Only the main wallet has permission to approve a builder fee");

  ok("approve builder fee", await exchange.approve_builder_fee(BUILDER, "0.001%"));
  // f is in tenths of a basis point: 1 = 0.001%, the most this approval allows.
  ok("market open with builder", await exchange.market_open("ETH", true, 0.05, null, 0.01, null, { b: BUILDER, f: 1 }));
});
