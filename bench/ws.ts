/**
 * WebSocket message path: what each SDK does with one pushed frame of l2Book (20 levels a
 * side), trades (10 trades) and allMids (230 coins), from the raw frame to the listener.
 *
 * - this SDK: the manager's real per-frame path, entered where the `ws` "message" event
 *   enters it (`Connection.receive` via `receiveRawFrame`): Buffer → text, the generated
 *   single-pass parser of the channel's message (schema checked while parsing; JSON.parse +
 *   validator when it declines), channel → subscription routing, dispatch to a callback
 *   (SubscriptionClient `validation: "strict"`).
 * - @nktkas/hyperliquid 0.32: its WebSocketTransport's path from the frame bytes: the text
 *   frame decoded as undici's WebSocket does (fatal TextDecoder), rews re-dispatches it as a
 *   MessageEvent, HyperliquidEventTarget JSON.parses it and dispatches a CustomEvent per channel, the l2Book/trades/allMids subscription functions
 *   filter by coin/dex and call the listener. It validates subscription *requests* with
 *   valibot but pushes events unvalidated (no schema check on this path in 0.32).
 * - official Python SDK 0.24: WebsocketManager.on_message (json.loads, ws_msg_to_identifier,
 *   callbacks), in bench/python/ws_bench.py on the same frames.
 *
 * Frame sizes come from ../shared/conformance/recorded-info at run time when present (the
 * recorded l2Book levels and allMids prices, padded to today's ~230 coins), else synthetic.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";
import { SubscriptionClient } from "../src/clients/subscription.js";
import { receiveRawFrame } from "../src/transport/ws/manager.js";
import { printGroup, summarize, type Result } from "./harness.js";
import { runPythonBench } from "./python.js";

const RECORDED = fileURLToPath(new URL("../../shared/conformance/recorded-info/", import.meta.url));

export interface BenchFrames {
  l2Book: string;
  trades: string;
  allMids: string;
  /** Where the shapes came from. */
  source: string;
}

interface Level {
  px: string;
  sz: string;
  n: number;
}

function recordedBody(file: string, type: string): unknown {
  const path = join(RECORDED, file);
  if (!existsSync(path)) return undefined;
  const cassette = JSON.parse(readFileSync(path, "utf8")) as { interactions?: { request?: { body?: { type?: string } }; response?: { body?: unknown } }[] };
  return cassette.interactions?.find((i) => i.request?.body?.type === type)?.response?.body;
}

function hex(n: number, digits: number): string {
  let out = "";
  let x = n >>> 0;
  for (let i = 0; i < digits; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += (x >>> 24).toString(16).padStart(2, "0").slice(0, 1);
  }
  return out;
}

/** Realistic frames, shaped like the live API's (recorded sizes when available). */
export function buildFrames(time = 1_700_000_000_000): BenchFrames {
  const sources: string[] = [];
  const book = recordedBody("get_l2_snapshot.json", "l2Book") as { coin: string; levels: [Level[], Level[]] } | undefined;
  let levels: [Level[], Level[]];
  let coin = "BTC";
  if (book && Array.isArray(book.levels) && book.levels[0]?.length) {
    levels = book.levels;
    coin = book.coin;
    sources.push(`l2Book ${book.coin} recorded (${book.levels[0].length}+${book.levels[1].length} levels)`);
  } else {
    const side = (sign: number): Level[] =>
      Array.from({ length: 20 }, (_, i) => ({ px: String(30_000 + sign * (i + 1)), sz: (0.01 * (i + 3)).toFixed(4).replace(/0+$/, ""), n: 1 + (i % 7) }));
    levels = [side(-1), side(1)];
    sources.push("l2Book synthetic (20+20 levels)");
  }
  const recordedMids = recordedBody("get_all_mids.json", "allMids") as Record<string, string> | undefined;
  const mids: Record<string, string> = { ...(recordedMids ?? {}) };
  const prices = Object.values(mids).length ? Object.values(mids) : ["30135.0", "1903.95", "0.069277", "14.1705"];
  const recordedCount = Object.keys(mids).length;
  // Today's allMids carries ~230 perp coins plus spot pairs ("@107"): pad to 230 entries.
  for (let i = 0; Object.keys(mids).length < 230; i++) mids[i % 3 === 0 ? `@${i}` : `COIN${i}`] = prices[i % prices.length]!;
  sources.push(`allMids ${recordedCount ? `${recordedCount} recorded coins padded` : "synthetic"} to ${Object.keys(mids).length}`);
  const trades = Array.from({ length: 10 }, (_, i) => ({
    coin,
    side: i % 2 ? "A" : "B",
    px: levels[i % 2]![i]!.px,
    sz: levels[i % 2]![i]!.sz,
    time: time + i,
    hash: `0x${hex(i + 1, 64)}`,
    tid: 900_000_000_000_000 + i,
    users: [`0x${hex(i + 100, 40)}`, `0x${hex(i + 200, 40)}`],
  }));
  return {
    l2Book: JSON.stringify({ channel: "l2Book", data: { coin, time, levels } }),
    trades: JSON.stringify({ channel: "trades", data: trades }),
    allMids: JSON.stringify({ channel: "allMids", data: { mids } }),
    source: sources.join("; "),
  };
}

/** Synchronous timing loop (no await per call, unlike harness.measure). */
export function measureSync(name: string, fn: () => void, { warmupMs = 300, durationMs = 1500 } = {}): Result {
  const stopWarm = performance.now() + warmupMs;
  while (performance.now() < stopWarm) fn();
  const times: number[] = [];
  const start = performance.now();
  const stop = start + durationMs;
  let now = start;
  while (now < stop) {
    const t0 = performance.now();
    fn();
    now = performance.now();
    times.push(now - t0);
  }
  return summarize(name, times, now - start);
}

/** A loopback server that acknowledges subscriptions and pushes nothing: the bench feeds frames itself. */
async function ackServer(): Promise<{ url: string; subscribes: () => number; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve, reject) => wss.once("listening", resolve).once("error", reject));
  let subscribes = 0;
  wss.on("connection", (socket) => {
    socket.on("message", (raw) => {
      const msg = JSON.parse(raw.toString()) as { method?: string; subscription?: unknown };
      if (msg.method === "subscribe") {
        subscribes++;
        socket.send(JSON.stringify({ channel: "subscriptionResponse", data: { method: "subscribe", subscription: msg.subscription } }));
      }
    });
  });
  const address = wss.address();
  if (!address || typeof address === "string") throw new Error("no server address");
  return {
    url: `ws://127.0.0.1:${address.port}/ws`,
    subscribes: () => subscribes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

type Kind = "l2Book" | "trades" | "allMids";
const KINDS: Kind[] = ["l2Book", "trades", "allMids"];

/** This SDK: real manager + SubscriptionClient strict validation, frames fed at the socket boundary. */
async function oursSetup(
  frames: BenchFrames,
): Promise<{ run: Record<Kind, () => void>; delivered: Record<Kind, number>; errors: string[]; close: () => Promise<void> }> {
  const server = await ackServer();
  const client = new SubscriptionClient({ url: server.url, validation: "strict" });
  const errors: string[] = [];
  client.manager.on("error", (e) => errors.push(e.shortMessage));
  const delivered: Record<Kind, number> = { l2Book: 0, trades: 0, allMids: 0 };
  const coin = (JSON.parse(frames.l2Book) as { data: { coin: string } }).data.coin;
  client.listen("l2Book", { coin }, () => void delivered.l2Book++);
  client.listen("trades", { coin }, () => void delivered.trades++);
  client.listen("allMids", {}, () => void delivered.allMids++);
  const deadline = Date.now() + 5000;
  while (server.subscribes() < 3) {
    if (Date.now() > deadline) throw new Error("bench server saw no subscriptions");
    await new Promise((r) => setTimeout(r, 5));
  }
  // ws hands the manager a Buffer per frame: feed the same.
  const buffers = { l2Book: Buffer.from(frames.l2Book), trades: Buffer.from(frames.trades), allMids: Buffer.from(frames.allMids) };
  const run = {} as Record<Kind, () => void>;
  for (const kind of KINDS) {
    const buf = buffers[kind];
    run[kind] = () => {
      receiveRawFrame(client.manager, buf);
    };
  }
  return {
    run,
    delivered,
    errors,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** @nktkas/hyperliquid: HyperliquidEventTarget over a relaying socket, with its subscription functions. */
async function nkSetup(frames: BenchFrames): Promise<{ run: Record<Kind, () => void>; delivered: Record<Kind, number> }> {
  const { allMids: nkAllMids, l2Book: nkL2Book, trades: nkTrades } = await import("@nktkas/hyperliquid/api/subscription");
  const entry = import.meta.resolve("@nktkas/hyperliquid");
  const mod = (await import(new URL("./transport/websocket/_hyperliquidEventTarget.js", entry).href)) as {
    HyperliquidEventTarget: new (socket: EventTarget) => EventTarget;
  };
  // Stands for rews' ReconnectingWebSocket: it re-dispatches each frame as a new MessageEvent.
  const socket = new EventTarget();
  const hlEvents = new mod.HyperliquidEventTarget(socket);
  const transport = {
    subscribe: (channel: string, _payload: unknown, listener: (event: CustomEvent) => void) => {
      hlEvents.addEventListener(channel, listener as (event: Event) => void);
      return Promise.resolve({
        unsubscribe: async () => hlEvents.removeEventListener(channel, listener as (event: Event) => void),
        failureSignal: new AbortController().signal,
      });
    },
  };
  const delivered: Record<Kind, number> = { l2Book: 0, trades: 0, allMids: 0 };
  const coin = (JSON.parse(frames.l2Book) as { data: { coin: string } }).data.coin;
  await nkL2Book({ transport }, { coin }, () => void delivered.l2Book++);
  await nkTrades({ transport }, { coin }, () => void delivered.trades++);
  await nkAllMids({ transport }, () => void delivered.allMids++);
  // Both SDKs start from the frame's bytes: undici's WebSocket (nk's socket on Node) decodes a
  // text frame with a fatal UTF-8 TextDecoder before dispatching it; ws hands ours a Buffer.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const run = {} as Record<Kind, () => void>;
  for (const kind of KINDS) {
    const bytes = Buffer.from(frames[kind]);
    run[kind] = () => {
      socket.dispatchEvent(new MessageEvent("message", { data: decoder.decode(bytes) }));
    };
  }
  return { run, delivered };
}

export async function runWsBench(): Promise<void> {
  const frames = buildFrames();
  console.log(`\nws frames: ${frames.source}; bytes l2Book ${frames.l2Book.length}, trades ${frames.trades.length}, allMids ${frames.allMids.length}`);
  const dir = mkdtempSync(join(tmpdir(), "hl-ws-bench-"));
  const framesFile = join(dir, "frames.json");
  writeFileSync(framesFile, JSON.stringify(frames));
  let py: ReturnType<typeof runPythonBench>;
  try {
    py = runPythonBench("ws_bench.py", [framesFile]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ours = await oursSetup(frames);
  const nk = await nkSetup(frames);
  try {
    for (const [i, kind] of KINDS.entries()) {
      const before = { ours: ours.delivered[kind], nk: nk.delivered[kind] };
      const a = measureSync("hyperliquid-sdk (this, strict)", ours.run[kind]);
      const b = measureSync("@nktkas/hyperliquid (no validation)", nk.run[kind]);
      // Every timed call must have reached the listener, or the numbers mean nothing.
      const oursCalls = ours.delivered[kind] - before.ours;
      const nkCalls = nk.delivered[kind] - before.nk;
      if (oursCalls < a.samples || nkCalls < b.samples)
        throw new Error(
          `${kind}: listener missed frames (ours ${oursCalls}/${a.samples}, nk ${nkCalls}/${b.samples}); errors: ${ours.errors.slice(0, 3).join("; ")}`,
        );
      const pyRow = "skipped" in py ? { name: "python sdk WebsocketManager", skipped: py.skipped } : py[i]!;
      printGroup(`ws message ${kind} (${frames[kind].length} B): parse + route + validate + dispatch`, [a, b, pyRow]);
      console.log(
        `  p99 target < 100 µs: ${a.p99us < 100 ? "met" : "MISSED"} (${a.p99us.toFixed(1)} µs); ≥ 2× nk throughput: ${a.opsPerSec >= 2 * b.opsPerSec ? "met" : "MISSED"} (${(a.opsPerSec / b.opsPerSec).toFixed(2)}×)`,
      );
    }
    if (ours.errors.length) console.log(`  errors emitted by ours: ${ours.errors.length} (first: ${ours.errors[0]})`);
  } finally {
    await ours.close();
  }
}
