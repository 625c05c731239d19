/** Python examples/basic_market_order.py: market sell 0.05 ETH (1% slippage), wait 2 s, market close. */
import type { PyResponse } from "../src/index.js";
import { ok, run, setup, sleep, statusesOf } from "./_config.js";

function printFills(res: PyResponse): void {
  for (const status of statusesOf(res) as { filled?: { oid: number; totalSz: string; avgPx: string }; error?: string }[]) {
    if (status.filled) console.log(`Order #${status.filled.oid} filled ${status.filled.totalSz} @${status.filled.avgPx}`);
    else console.log(`Error: ${status.error}`);
  }
}

run(async () => {
  const { exchange } = await setup({ skipWs: true });
  const coin = "ETH";
  const isBuy = false;
  const sz = 0.05;
  console.log(`We try to Market ${isBuy ? "Buy" : "Sell"} ${sz} ${coin}.`);
  printFills(ok("market open", await exchange.market_open(coin, isBuy, sz, null, 0.01)));

  console.log("We wait for 2s before closing");
  await sleep(2000);
  console.log(`We try to Market Close all ${coin}.`);
  printFills(ok("market close", await exchange.market_close(coin)));
});
