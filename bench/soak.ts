/**
 * Soak: 50 subscriptions fed 2,000 msg/s in total for SOAK_SECONDS (default 600), sampling
 * RSS every 10 s. Passes with RSS < 100 MB throughout and no growth: the RSS peaks of the
 * run's second half within 5 MB of the first half's, and the JS heap of the last minute within
 * 2 MB of the first minute's (window = min(60 s, a third of the run) for short runs).
 *
 *   npm run bench soak                     # in-process loopback pusher (ws, 127.0.0.1, port 0)
 *   npm run bench -- --soak                # every suite, the soak included
 *   SOAK_SECONDS=60 npm run bench soak -- --url=ws://127.0.0.1:3001/ws   # an external server (hl devnet)
 *
 * The measured client (SubscriptionClient, strict validation, half callbacks, half async
 * iterators) runs in its own plain `node` process, bundled with esbuild, so its RSS is the
 * SDK's and not tsx's loader thread or the pusher's. The pusher runs in this process.
 * Without esbuild the client runs in this process (RSS then includes tsx and the pusher).
 * SOAK_RATE overrides the total rate (msg/s) of the in-process pusher; SOAK_NODE_FLAGS passes
 * V8 flags to the client process.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { WebSocketServer, type WebSocket } from "ws";
import { SubscriptionClient } from "../src/clients/subscription.js";
import type { Subscription } from "../src/transport/ws/index.js";
import { buildFrames } from "./ws.js";

const COINS = [
  "BTC",
  "ETH",
  "SOL",
  "ARB",
  "DOGE",
  "AVAX",
  "OP",
  "LINK",
  "LTC",
  "MATIC",
  "ATOM",
  "APT",
  "SUI",
  "INJ",
  "TIA",
  "SEI",
  "WIF",
  "PEPE",
  "BNB",
  "XRP",
  "ADA",
  "DOT",
  "NEAR",
  "FIL",
  "HYPE",
];

/** 25 l2Book, 24 trades and allMids: 50 subscriptions. */
function subscriptions(): Subscription[] {
  const subs: Subscription[] = [{ type: "allMids" }];
  for (const coin of COINS) subs.push({ type: "l2Book", coin });
  for (const coin of COINS.slice(0, 24)) subs.push({ type: "trades", coin });
  return subs;
}

/** The frame the pusher sends for a subscription (the bench frames with the coin swapped in). */
function frameFor(sub: Subscription, base: ReturnType<typeof buildFrames>): string {
  if (sub.type === "allMids") return base.allMids;
  const coin = String(sub.coin);
  if (sub.type === "l2Book") {
    const book = JSON.parse(base.l2Book) as { data: { coin: string } };
    book.data.coin = coin;
    return JSON.stringify(book);
  }
  const trades = JSON.parse(base.trades) as { data: { coin: string }[] };
  for (const t of trades.data) t.coin = coin;
  return JSON.stringify(trades);
}

interface Pusher {
  url: string;
  sent: () => number;
  close: () => Promise<void>;
}

/** A loopback server that acknowledges subscriptions and pushes `rate` frames/s round-robin over all of them. */
async function startPusher(rate: number): Promise<Pusher> {
  const base = buildFrames();
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve, reject) => wss.once("listening", resolve).once("error", reject));
  const active: { socket: WebSocket; key: string; frame: string }[] = [];
  wss.on("connection", (socket) => {
    socket.on("error", () => {});
    socket.send("Websocket connection established.");
    socket.on("close", () => {
      for (let k = active.length - 1; k >= 0; k--) if (active[k]!.socket === socket) active.splice(k, 1);
    });
    socket.on("message", (raw) => {
      const msg = JSON.parse(raw.toString()) as { method?: string; subscription?: Subscription };
      if (msg.method === "ping") return socket.send('{"channel":"pong"}');
      if (!msg.subscription) return;
      const key = JSON.stringify(msg.subscription);
      if (msg.method === "subscribe") active.push({ socket, key, frame: frameFor(msg.subscription, base) });
      else if (msg.method === "unsubscribe") {
        const k = active.findIndex((a) => a.socket === socket && a.key === key);
        if (k >= 0) active.splice(k, 1);
      }
      socket.send(JSON.stringify({ channel: "subscriptionResponse", data: { method: msg.method, subscription: msg.subscription } }));
    });
  });
  let sent = 0;
  let next = 0;
  const started = performance.now();
  // Send what the elapsed time calls for every 10 ms (bounded, so a stall never becomes a burst).
  const timer = setInterval(() => {
    if (active.length === 0) return;
    const due = Math.min(Math.floor(((performance.now() - started) / 1000) * rate) - sent, rate / 10);
    for (let k = 0; k < due; k++) {
      const target = active[next++ % active.length]!;
      // Skip a socket whose send buffer is backing up instead of growing it without bound.
      if (target.socket.bufferedAmount < 8 << 20) target.socket.send(target.frame);
      sent++;
    }
  }, 10);
  const address = wss.address();
  if (!address || typeof address === "string") throw new Error("no server address");
  return {
    url: `ws://127.0.0.1:${address.port}/ws`,
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

const mb = (bytes: number): number => bytes / (1 << 20);

interface Sample {
  t: number;
  rss: number;
  heap: number;
  received: number;
  overflow: number;
  errors: number;
  reconnects: number;
}

/**
 * The measured client: subscribes, counts, and reports a Sample as one JSON line every 10 s
 * (and one at the start) until `seconds` have passed, then closes.
 */
export async function soakClient(url: string, seconds: number, report: (s: Sample) => void): Promise<void> {
  const subs = subscriptions();
  const client = new SubscriptionClient({ url, validation: "strict", reconnect: { baseMs: 100, capMs: 5000 } });
  let received = 0;
  let errors = 0;
  let reconnects = 0;
  client.manager.on("error", () => void errors++);
  client.manager.on("reconnected", () => void reconnects++);
  // Half of the subscriptions through callbacks, half through async iterators that read.
  const streams: { overflow: number; unsubscribe(): void }[] = [];
  const readers: Promise<void>[] = [];
  for (const [k, sub] of subs.entries()) {
    if (k % 2 === 0) {
      client.manager.subscribe(sub, () => void received++);
    } else {
      const stream = client.manager.stream(sub);
      streams.push(stream);
      readers.push(
        (async () => {
          for await (const _ of stream) received++;
        })(),
      );
    }
  }
  const t0 = performance.now();
  const sample = (): void => {
    const m = process.memoryUsage();
    report({
      t: (performance.now() - t0) / 1000,
      rss: mb(m.rss),
      heap: mb(m.heapUsed),
      received,
      overflow: streams.reduce((a, s) => a + s.overflow, 0),
      errors,
      reconnects,
    });
  };
  sample();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      sample();
      if (performance.now() - t0 >= seconds * 1000 - 100) {
        clearInterval(timer);
        resolve();
      }
    }, 10_000);
  });
  await client.close();
  await Promise.allSettled(readers);
}

/** Bundles this file for plain node (no tsx loader) and runs soakClient there; undefined without esbuild. */
async function spawnClient(url: string, seconds: number, onSample: (s: Sample) => void): Promise<boolean | undefined> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    return undefined;
  }
  // Inside node_modules so the bundle's bare imports (ws, ajv ...) resolve from the project.
  const dir = fileURLToPath(new URL("../node_modules/.cache/hl-soak/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const out = `${dir}client-${process.pid}.mjs`;
  await esbuild.build({
    entryPoints: [fileURLToPath(import.meta.url)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: out,
    logLevel: "error",
  });
  try {
    // SOAK_NODE_FLAGS: V8 flags for the measured client, e.g. "--max-semi-space-size=8" to cap
    // the young generation (its growth is what steps RSS up late in a run; the JS heap stays flat).
    const flags = (process.env.SOAK_NODE_FLAGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, [...flags, out, "--soak-client", url, String(seconds)], { stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      if (line.startsWith("{")) onSample(JSON.parse(line) as Sample);
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    return code === 0;
  } finally {
    rmSync(out, { force: true });
  }
}

export async function runSoak(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { url: { type: "string" }, soak: { type: "boolean" } }, allowPositionals: true, strict: false });
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  const rate = Number(process.env.SOAK_RATE ?? 2000);
  if (!(seconds > 0) || !(rate > 0)) throw new Error("SOAK_SECONDS and SOAK_RATE must be positive numbers");
  const external = typeof values.url === "string" ? values.url : undefined;
  const pusher = external ? undefined : await startPusher(rate);
  const url = external ?? pusher!.url;
  const samples: Sample[] = [];
  const print = (s: Sample): void => {
    const prev = samples[samples.length - 1];
    samples.push(s);
    const mps = prev ? (s.received - prev.received) / (s.t - prev.t) : 0;
    console.log(`${s.t.toFixed(0).padStart(6)} ${s.rss.toFixed(1).padStart(8)} ${s.heap.toFixed(1).padStart(8)} ${mps.toFixed(0).padStart(8)}`);
  };
  const header = (where: string): void => {
    console.log(
      `\n## soak: ${subscriptions().length} subscriptions, ${external ? `server ${external}` : `in-process pusher ${rate} msg/s`}, ${seconds} s, client RSS every 10 s (${where})`,
    );
    console.log(`${"t s".padStart(6)} ${"RSS MB".padStart(8)} ${"heap MB".padStart(8)} ${"msg/s".padStart(8)}`);
  };
  let where = "client in its own node process";
  header(where);
  try {
    const spawned = await spawnClient(url, seconds, print);
    if (spawned === undefined) {
      where = "no esbuild: client in this process, RSS includes tsx and the pusher";
      console.log(`(${where})`);
      await soakClient(url, seconds, print);
    } else if (!spawned) console.log("soak client exited with an error");
  } finally {
    await pusher?.close();
  }
  if (samples.length < 2) {
    console.log("soak FAIL: no samples");
    process.exitCode = 1;
    return;
  }
  const window = Math.max(10, Math.min(60, seconds / 3));
  const last = samples[samples.length - 1]!;
  const end = last.t;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  // The first window starts after the first sample (start-up: JIT, connection, buffers).
  const first = mean(samples.filter((s) => s.t > 0.5 && s.t <= window + 0.5).map((s) => s.rss));
  const lastMean = mean(samples.filter((s) => s.t >= end - window - 0.5).map((s) => s.rss));
  const maxRss = Math.max(...samples.map((s) => s.rss));
  const growth = lastMean - first;
  console.log(
    `received ${last.received} messages (${(last.received / end).toFixed(0)} msg/s${pusher ? `, pusher sent ${pusher.sent()}` : ""}), conflated/dropped in stream buffers ${last.overflow}, errors ${last.errors}, reconnects ${last.reconnects}`,
  );
  console.log(
    `max RSS ${maxRss.toFixed(1)} MB; mean RSS first ${window.toFixed(0)} s ${first.toFixed(1)} MB, last ${window.toFixed(0)} s ${lastMean.toFixed(1)} MB, growth ${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB`,
  );
  // RSS saw-tooths with V8's young generation and malloc arenas, so two windows of it can
  // differ by a GC phase; the least-squares trend over the whole run (after start-up) and the
  // JS heap are the leak signals.
  const steady = samples.filter((s) => s.t > 0.5);
  const trend = (pick: (s: Sample) => number): number => {
    const mx = mean(steady.map((s) => s.t));
    const my = mean(steady.map(pick));
    const num = steady.reduce((a, s) => a + (s.t - mx) * (pick(s) - my), 0);
    const den = steady.reduce((a, s) => a + (s.t - mx) ** 2, 0);
    return den ? (num / den) * 60 : 0;
  };
  const rssSlope = trend((s) => s.rss);
  const heapSlope = trend((s) => s.heap);
  const heapGrowth =
    mean(samples.filter((s) => s.t >= end - window - 0.5).map((s) => s.heap)) -
    mean(samples.filter((s) => s.t > 0.5 && s.t <= window + 0.5).map((s) => s.heap));
  console.log(
    `trend over the run: RSS ${rssSlope >= 0 ? "+" : ""}${rssSlope.toFixed(2)} MB/min, JS heap ${heapSlope >= 0 ? "+" : ""}${heapSlope.toFixed(2)} MB/min (first → last window ${heapGrowth >= 0 ? "+" : ""}${heapGrowth.toFixed(1)} MB)`,
  );
  // Growth is judged on the sawtooth's envelope: its peaks in the second half of the run against
  // those in the first half. Window means and a straight-line trend depend on where in a GC
  // cycle the run ends (RSS swings ~10 MB between V8 shrinking and regrowing its young
  // generation); a leak, or V8 doubling the young generation for good, raises the peaks.
  const half = end / 2;
  const peakFirst = Math.max(...steady.filter((s) => s.t <= half).map((s) => s.rss));
  const peakSecond = Math.max(...steady.filter((s) => s.t > half).map((s) => s.rss));
  const peakGrowth = peakSecond - peakFirst;
  console.log(
    `RSS peaks: first half ${peakFirst.toFixed(1)} MB, second half ${peakSecond.toFixed(1)} MB (${peakGrowth >= 0 ? "+" : ""}${peakGrowth.toFixed(1)} MB)`,
  );
  const noGrowth = peakGrowth < 5 && heapGrowth < 2;
  const pass = maxRss < 100 && noGrowth;
  console.log(
    `soak ${pass ? "PASS" : "FAIL"}: RSS < 100 MB ${maxRss < 100 ? "yes" : "no"}, no growth (second-half RSS peak within 5 MB of the first half's, JS heap within 2 MB) ${noGrowth ? "yes" : "no"}`,
  );
  if (!pass) process.exitCode = 1;
}

// The bundled client process (see spawnClient).
if (process.argv[2] === "--soak-client") {
  await soakClient(process.argv[3]!, Number(process.argv[4]), (s) => console.log(JSON.stringify(s)));
}
