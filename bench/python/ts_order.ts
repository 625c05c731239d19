/**
 * The TypeScript ExchangeClient placing resting orders directly against an API URL (what
 * `hl serve` does for each Python order, without the gRPC hop in front): p50 / p99 of `n`
 * sequential orders after 20 warm-up ones. Prints one JSON row.
 *
 * Usage: node --import tsx bench/python/ts_order.ts URL PRIVATE_KEY N PX
 */
import { ExchangeClient } from "../../src/clients/exchange.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";

const [url = "", key = "", n = "200", px = "50000"] = process.argv.slice(2);
const exchange = new ExchangeClient({ wallet: privateKeyWallet(key as `0x${string}`), transport: new HttpTransport({ url }), isMainnet: false });
const count = Number(n);
const times: number[] = [];
for (let i = 0; i < count + 20; i++) {
  const t0 = performance.now();
  await exchange.order({ orders: [{ a: 0, b: true, p: px, s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" });
  if (i >= 20) times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const q = (p: number): number => Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0) * 1000);
console.log(JSON.stringify({ name: "TypeScript ExchangeClient.order, directly (no hl serve)", samples: times.length, p50us: q(0.5), p99us: q(0.99) }));
