/**
 * `npm start` / `hl start [--port 3001] [--exit]`: starts the local devnet on embedded
 * defaults and runs a demo against it with a throwaway, funded key: streams the BTC book and
 * the wallet's fills, places, modifies and cancels an order, trades, and shows a bad order
 * refused before signing. The devnet keeps running afterwards (Ctrl-C stops it) unless --exit.
 */
import { generatePrivateKey } from "viem/accounts";
import { ExchangeClient } from "../../clients/exchange.js";
import { InfoClient } from "../../clients/info.js";
import { SubscriptionClient } from "../../clients/subscription.js";
import { startDevnet, type Devnet } from "../../../devnet/server.js";
import { ValidationError } from "../../errors/base.js";
import { privateKeyWallet } from "../../signing/index.js";
import { HttpTransport } from "../../transport/http/http-transport.js";
import { runCommand, type CommandSpec } from "../args.js";

type Status = { resting?: { oid: number }; filled?: { totalSz: string; avgPx: string; oid: number }; error?: string };
const statusOf = (res: unknown): Status => (res as { response: { data: { statuses: Status[] } } }).response.data.statuses[0]!;
const show = (s: Status): string =>
  s.resting ? `resting (oid ${s.resting.oid})` : s.filled ? `filled ${s.filled.totalSz} @ ${s.filled.avgPx} (oid ${s.filled.oid})` : `error: ${s.error}`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function listen(port: number): Promise<Devnet> {
  try {
    return await startDevnet({ port });
  } catch (e) {
    if ((e as { code?: string }).code !== "EADDRINUSE") throw e;
    console.log(`port ${port} is busy; using a free port`);
    return startDevnet({ port: 0 });
  }
}

export const spec = {
  name: "start",
  summary: "Local demo: start the devnet, then sign, place, modify, cancel and fill orders against it with a throwaway key.",
  description:
    "Streams the BTC book and the wallet's fills meanwhile, and shows a bad order refused before signing. The devnet keeps running afterwards (Ctrl-C stops it) unless --exit.",
  options: {
    port: { type: "integer", value: "PORT", default: 3001, description: "devnet port; a busy port falls back to a free one, 0 picks one" },
    exit: { type: "boolean", description: "stop the devnet and exit when the demo is done" },
  },
  examples: ["npm start", "hl start --port 0 --exit"],
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, ({ values }) => demo(values.port, values.exit === true));
}

async function demo(port: number, exit: boolean): Promise<number> {
  const devnet = await listen(port);
  console.log(`devnet listening on ${devnet.url} (WebSocket ${devnet.wsUrl}, ${devnet.isMainnet ? "mainnet" : "testnet"} signing)\n`);

  const wallet = privateKeyWallet(generatePrivateKey());
  devnet.fund(wallet.address, 10_000);
  console.log(`demo wallet ${wallet.address} (throwaway key) funded with 10,000 USDC\n`);
  const transport = new HttpTransport({ url: devnet.url });
  const info = new InfoClient({ transport, validation: "strict" });
  const exchange = new ExchangeClient({ wallet, transport, isMainnet: devnet.isMainnet });
  const subs = new SubscriptionClient({ url: devnet.wsUrl, validation: "strict" });

  let books = 0;
  subs.listen("l2Book", { coin: "BTC" }, (book) => {
    if (books++ >= 4) return;
    const [bids, asks] = book.levels;
    console.log(
      `  [stream l2Book BTC] bid ${bids[0]?.sz ?? "-"} @ ${bids[0]?.px ?? "-"} | ask ${asks[0]?.sz ?? "-"} @ ${asks[0]?.px ?? "-"} (${bids.length}×${asks.length} levels)`,
    );
  });
  subs.listen("userFills", { user: wallet.address }, (msg) => {
    for (const f of msg.fills) console.log(`  [stream userFills] ${f.dir} ${f.sz} ${f.coin} @ ${f.px}, fee ${f.fee}${msg.isSnapshot ? " (snapshot)" : ""}`);
  });
  subs.listen("orderUpdates", { user: wallet.address }, (updates) => {
    for (const u of updates) console.log(`  [stream orderUpdates] oid ${u.order.oid} ${u.status}`);
  });
  await pause(200);

  const mid = Number((await info.allMids({})).BTC);
  const px = (x: number) => String(Math.round(x));
  console.log(`BTC mid ${mid}`);
  const placed = statusOf(
    await exchange.order({ orders: [{ a: 0, b: true, p: px(mid * 0.98), s: "0.01", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" }),
  );
  console.log(`place buy 0.01 @ ${px(mid * 0.98)}: ${show(placed)}`);
  await pause(100);
  await exchange.modify({ oid: placed.resting!.oid, order: { a: 0, b: true, p: px(mid * 0.99), s: "0.02", r: false, t: { limit: { tif: "Gtc" } } } });
  const [open] = await info.openOrders({ user: wallet.address });
  console.log(`modify → 0.02 @ ${px(mid * 0.99)}: now oid ${open!.oid} resting ${open!.sz} @ ${open!.limitPx}`);
  await pause(100);
  const cancel = (await exchange.cancel({ cancels: [{ a: 0, o: open!.oid }] })) as { response: { data: { statuses: unknown[] } } };
  console.log(`cancel oid ${open!.oid}: ${JSON.stringify(cancel.response.data.statuses[0])}`);
  await pause(100);
  const bought = statusOf(
    await exchange.order({ orders: [{ a: 0, b: true, p: px(mid * 1.01), s: "0.01", r: false, t: { limit: { tif: "Ioc" } } }], grouping: "na" }),
  );
  console.log(`market buy 0.01 (IOC, 1% slippage): ${show(bought)}`);
  await pause(150);
  const position = (await info.clearinghouseState({ user: wallet.address })).assetPositions[0]?.position;
  console.log(`position: ${position?.szi} BTC @ ${position?.entryPx}, unrealized PnL ${position?.unrealizedPnl}`);
  const closed = statusOf(
    await exchange.order({ orders: [{ a: 0, b: false, p: px(mid * 0.99), s: "0.01", r: true, t: { limit: { tif: "Ioc" } } }], grouping: "na" }),
  );
  console.log(`close (reduce-only IOC): ${show(closed)}`);
  await pause(150);

  try {
    await exchange.order({ orders: [{ a: 0, b: true, p: "30000.0", s: "1e-3", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    console.log("\na bad order is refused before signing:");
    console.log(`  ${e.message.split("\n").join("\n  ")}`);
  }

  await subs.close();
  if (exit) {
    await devnet.close();
    console.log("\ndemo done.");
    return 0;
  }
  console.log(`\ndemo done. The devnet keeps running at ${devnet.url} — point any Hyperliquid client at it (Ctrl-C to stop).`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await devnet.close();
  return 0;
}
