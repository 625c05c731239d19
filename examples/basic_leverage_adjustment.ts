/**
 * Python examples/basic_leverage_adjustment.py: print ETH leverage, set 21x cross, 21x
 * isolated, add $1 of isolated margin, print it again. Adding margin needs an open position,
 * so (unlike the Python script, which assumes one) this port opens a small one first and
 * closes it at the end.
 */
import { ok, run, setup } from "./_config.js";

run(async () => {
  const { address, info, exchange } = await setup({ skipWs: true });
  const printLeverage = async (): Promise<void> => {
    const userState = await info.user_state(address);
    for (const { position } of userState.assetPositions)
      if (position.coin === "ETH") console.log("Current leverage for ETH:", JSON.stringify(position.leverage, null, 2));
  };
  await printLeverage();

  ok("cross 21x", await exchange.update_leverage(21, "ETH"));
  ok("isolated 21x", await exchange.update_leverage(21, "ETH", false));
  ok("open a position to add margin to", await exchange.market_open("ETH", true, 0.01));
  ok("add $1 isolated margin", await exchange.update_isolated_margin(1, "ETH"));
  await printLeverage();
  ok("close the position", await exchange.market_close("ETH"));
});
