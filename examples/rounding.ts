/**
 * Python examples/rounding.py: round a price and size to what the exchange accepts. Prices: at
 * most 5 significant figures and 6 − szDecimals decimals (8 − szDecimals for spot); integer
 * prices always pass. Sizes: szDecimals decimals. Rounded here with Python's rules (pyRound /
 * 5 significant figures) as the original does; formatPrice / formatSize do it from metadata.
 */
import { formatPrice, formatSize } from "../src/index.js";
import { ok, restingOid, run, setup } from "./_config.js";

/** Python's round(x, n) is half-to-even on the exact double; toFixed is close enough to show the steps. */
const round = (x: number, decimals: number): number => Number(x.toFixed(decimals));

run(async () => {
  const { info, exchange } = await setup({ skipWs: true });
  const meta = await info.meta();
  console.log(JSON.stringify(meta, null, 2));
  const szDecimals = new Map(meta.universe.map((a) => [a.name, a.szDecimals]));

  let sz = 12.345678;
  let px = 1.2345678;
  const coin = "OP";
  const maxDecimals = 6; // 8 for spot
  const decimals = szDecimals.get(coin);
  if (decimals === undefined) throw new Error(`${coin} is not listed`);

  if (px > 100_000) px = Math.round(px);
  else px = round(Number(px.toPrecision(5)), maxDecimals - decimals);
  sz = round(sz, decimals);
  // The SDK's helpers give the same answer from the same rules.
  console.log(`SDK: price ${formatPrice(1.2345678, { szDecimals: decimals, isSpot: false }, "round")}, size ${formatSize(12.345678, decimals, "round")}`);
  console.log(`placing order with px ${px} and sz ${sz}`);

  const orderResult = ok("order", await exchange.order(coin, true, sz, px, { limit: { tif: "Gtc" } }));
  const oid = restingOid(orderResult);
  if (oid !== undefined) ok("cancel", await exchange.cancel(coin, oid));
});
