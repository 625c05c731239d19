/**
 * One AlgoRunner drives 100 concurrent algorithms on a devnet with synthetic flow
 * (mids move, trades print): 40 TWAPs (IOC slices), 30 icebergs (resting display orders) and
 * 30 trailing stops on the mid. Measured inside the runner: event → command (from the event's
 * arrival at the runner, before any algorithm is stepped, to the command handed to the
 * ExchangeClient: every transition of that event + the state write before sending) and every transition (step + write), p50/p99. Target: p99 event → command ≤ 1 ms.
 * The devnet runs in its own process (`hl devnet`), as the exchange is remote in use: in the
 * runner's process its matching, flow and garbage collection would be charged to the runner.
 * HL_BENCH_DEVNET=inprocess runs it in the runner's process instead (the earlier setup).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey } from "viem/accounts";
import { startDevnet } from "../devnet/index.js";
import { AlgoRunner } from "../src/algos/runner.js";
import { AlgoStore } from "../src/algos/store.js";
import { ExchangeClient } from "../src/clients/exchange.js";
import { InfoClient } from "../src/clients/info.js";
import { SubscriptionClient } from "../src/clients/subscription.js";
import { GuardRails } from "../src/guard/pipeline.js";
import { privateKeyWallet } from "../src/signing/wallet.js";
import { HttpTransport } from "../src/transport/http/http-transport.js";
import { printGroup, summarize } from "./harness.js";

const DURATION_MS = Number(process.env.HL_BENCH_MS ?? 6000);

interface BenchDevnet {
  url: string;
  wsUrl: string;
  isMainnet: boolean;
  close(): Promise<void>;
}

/** `hl devnet --flow 50` in a child process (bin/hl.js: dist/, built by prebench), the wallet funded at start. */
async function devnetProcess(fund: string): Promise<BenchDevnet> {
  const child = spawn(process.execPath, ["bin/hl.js", "devnet", "--port", "0", "--flow", "50", "--fund", `${fund}=100000000`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`hl devnet exited (${code}) before listening: ${out}`)));
  });
  return {
    url,
    wsUrl: `${url.replace(/^http/, "ws")}/ws`,
    isMainnet: false,
    close: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))),
  };
}

async function benchDevnet(fund: string): Promise<BenchDevnet> {
  if (process.env.HL_BENCH_DEVNET !== "inprocess") return devnetProcess(fund);
  const devnet = await startDevnet({ port: 0, flow: 50 });
  devnet.fund(fund, 100_000_000);
  return devnet;
}

export async function runAlgosBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hl-bench-algos-"));
  const wallet = privateKeyWallet(generatePrivateKey());
  const devnet = await benchDevnet(wallet.address);
  const transport = new HttpTransport({ url: devnet.url });
  const info = new InfoClient({ transport });
  const store = AlgoStore.open(join(dir, "bench.db"));
  const guard = new GuardRails({ store: store.guardStore, mode: "live", network: "local", env: {} });
  const exchange = new ExchangeClient({ wallet, transport, isMainnet: devnet.isMainnet, guard });
  const subscriptions = new SubscriptionClient({ url: devnet.wsUrl });
  const commandMs: number[] = [];
  const transitionMs: number[] = [];
  let measuring = false;
  const errors = new Set<string>();
  const runner = new AlgoRunner({
    exchange,
    info,
    user: wallet.address,
    store,
    subscriptions,
    tickMs: 50,
    pollMs: 500,
    onCommand: (_id, _c, ms) => measuring && commandMs.push(ms),
    onTransition: (_id, _e, ms) => measuring && transitionMs.push(ms),
    onError: (_id, e) => errors.add(e instanceof Error ? e.message.split("\n")[0]! : String(e)),
  });
  await runner.start();
  const mids = await info.allMids();
  const coins = ["BTC", "ETH", "SOL"];
  const launches = Array.from({ length: 100 }, (_, i) => {
    const coin = coins[i % coins.length]!;
    const mid = Number(mids[coin]);
    const decimals = coin === "BTC" ? 5 : coin === "ETH" ? 4 : 2;
    // ≥ $15 a child order, in whole lots.
    const small = Math.ceil((15 / mid) * 10 ** decimals) / 10 ** decimals;
    if (i < 40)
      return runner.twap({
        coin,
        side: i % 2 ? "buy" : "sell",
        size: (small * 100).toFixed(decimals),
        durationMs: 40_000,
        intervalMs: 200,
        randomize: 0.3,
        minSlice: small,
        maxSlice: small * 3,
      });
    if (i < 70) return runner.iceberg({ coin, side: "buy", size: (small * 10).toFixed(decimals), displaySize: small, limitPx: mid * 0.95 });
    return runner.trailingStop({ coin, side: "sell", size: small, trailPercent: 0.2, source: "mid" });
  });
  const handles = await Promise.all(launches);
  await new Promise((r) => setTimeout(r, 500)); // warm-up: first slices, subscriptions up
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, DURATION_MS));
  measuring = false;
  const elapsed = performance.now() - start;
  const running = handles.filter((h) => h.status === "running").length;
  const ended = handles.filter((h) => h.status !== "running").map((h) => `${h.status}: ${h.state.reason}`);
  if (ended.length) console.log(`ended: ${[...new Set(ended)].join("; ")}`);
  if (errors.size) console.log(`errors: ${[...errors].slice(0, 5).join("; ")}`);
  const load = loadavg()[0]!.toFixed(1);
  printGroup(
    `algos: one runner, 100 concurrent algorithms (${running} running at the end), devnet with --flow 50 (${process.env.HL_BENCH_DEVNET === "inprocess" ? "in process" : "own process"}), load average ${load}`,
    [summarize("event → command (commands)", commandMs, elapsed), summarize("transition: step + state write (events)", transitionMs, elapsed)],
  );
  const sorted = [...commandMs].sort((a, b) => a - b);
  const within = commandMs.filter((ms) => ms <= 1).length;
  console.log(
    `${commandMs.length} commands, ${transitionMs.length} transitions; ${((100 * within) / Math.max(1, commandMs.length)).toFixed(1)}% of commands within 1 ms; slowest ${sorted.at(-1)?.toFixed(2)} ms`,
  );
  await runner.stop();
  await subscriptions.close();
  store.close();
  await devnet.close();
  rmSync(dir, { recursive: true, force: true });
}
