/**
 * Server-stream throughput of hl serve (l2Book, 20 levels a side), from two sources:
 * - in-process: the server's WebSocket side replaced by a source that hands each stream a new
 *   l2Book object (its own `time`) whenever the stream reads, with no socket and no conflation,
 *   so every row's rate is hl serve's (translate, encode, HTTP/2) plus its reader's;
 * - a loopback WebSocket server in a worker thread that pushes pre-built l2Book frames as fast
 *   as the socket drains, read by the TS SubscriptionClient directly and by hl serve's own
 *   SubscriptionClient. l2Book is a full-state feed: a reader slower than the socket gets the
 *   latest snapshot of each socket read (conflation), so these rows show how many snapshots a
 *   reader gets, which the WebSocket path (frame parsing, one delivery per socket read) limits.
 *
 * Two kinds of gRPC reader (both over one kept-alive h2c connection per stream):
 * - connect-es `createGrpcTransport` (binary protobuf), decoding every message: what a TS
 *   client gets; in this process its decoding (protobuf-es fromBinary) costs about as much as
 *   the server's work, so it is the limit of the row;
 * - a node:http2 reader that counts the gRPC frames without decoding them: the server's own
 *   rate (what a client in a faster language would see).
 */
import { setMaxListeners } from "node:events";
import http2 from "node:http2";
import { Worker } from "node:worker_threads";
import { create, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { L2BookRequestSchema } from "../generated/connect/hl/v1/info_market_pb.js";
import { SubscriptionService } from "../generated/connect/hl/v1/subscription_service_pb.js";
import { SubscriptionClient } from "../src/clients/subscription.js";
import type { InfoClient } from "../src/clients/info.js";
import type { Subscription, SubscriptionStream } from "../src/transport/ws/index.js";
import { startServer } from "../src/serve/server.js";
import { printGroup, summarize, type Result } from "./harness.js";

const STREAM_MS = 1500;
const WARM_MS = 400;

/** The feed: answers subscribe and ping, then pushes l2Book frames while the socket drains. */
const FEED = `
const { parentPort } = require("node:worker_threads");
const { WebSocketServer } = require("ws");
const level = (px, i) => ({ px: String(px), sz: (1 + i / 10).toFixed(4), n: 1 + (i % 5) });
const frames = Array.from({ length: 256 }, (_, k) => JSON.stringify({ channel: "l2Book", data: {
  coin: "BTC", time: 1700000000000 + k,
  levels: [Array.from({ length: 20 }, (_, i) => level(97000 - i - (k % 7), i)), Array.from({ length: 20 }, (_, i) => level(97001 + i + (k % 5), i))],
} }));
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
let sent = 0;
wss.on("connection", (socket) => {
  let on = false, k = 0, inFlight = 0;
  const pump = () => {
    while (on && inFlight < 64 && socket.readyState === 1) {
      inFlight++;
      socket.send(frames[k++ & 255], () => { inFlight--; sent++; pump(); });
    }
  };
  socket.on("message", (raw) => {
    const msg = JSON.parse(raw.toString());
    if (msg.method === "ping") socket.send('{"channel":"pong"}');
    if (msg.method === "subscribe") {
      socket.send(JSON.stringify({ channel: "subscriptionResponse", data: msg }));
      on = true;
      pump();
    }
    if (msg.method === "unsubscribe") on = false;
  });
});
wss.on("listening", () => parentPort.postMessage(wss.address().port));
parentPort.on("message", (m) => {
  if (m === "sent") return parentPort.postMessage(sent);
  for (const c of wss.clients) c.terminate();
  wss.close(() => process.exit(0));
});
`;

interface Feed {
  url: string;
  /** Frames written to sockets so far. */
  sent: () => Promise<number>;
  close: () => Promise<void>;
}

async function startFeed(): Promise<Feed> {
  const worker = new Worker(FEED, { eval: true });
  const port = await new Promise<number>((resolve, reject) => worker.once("message", resolve).once("error", reject));
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    sent: () => {
      const answer = new Promise<number>((resolve) => worker.once("message", resolve));
      worker.postMessage("sent");
      return answer;
    },
    close: async () => {
      worker.postMessage("stop");
      await new Promise((r) => worker.once("exit", r));
    },
  };
}

/** Messages per second summed over `readers`, each counting into its slot until `stop`. */
async function rate(name: string, readers: number, read: (count: () => void, stop: AbortSignal) => Promise<void>): Promise<Result> {
  const stop = AbortSignal.timeout(WARM_MS + STREAM_MS);
  setMaxListeners(0, stop);
  let counting = false;
  let total = 0;
  const count = () => void (counting && total++);
  const all = Promise.all(Array.from({ length: readers }, () => read(count, stop).catch(() => undefined)));
  await new Promise((r) => setTimeout(r, WARM_MS)); // connections open, feeds flowing, JIT settled
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  counting = true;
  await all;
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const perMsgUs = total ? (elapsed * 1000) / total : 0;
  return {
    ...summarize(name, [], elapsed),
    opsPerSec: (total / elapsed) * 1000,
    p50us: perMsgUs,
    p99us: Number.NaN,
    samples: total,
    cpuUsPerOp: (cpu.user + cpu.system) / Math.max(1, total),
  };
}

const REQUEST = (() => {
  const body = toBinary(L2BookRequestSchema, create(L2BookRequestSchema, { coin: "BTC" }));
  const frame = Buffer.alloc(5 + body.length);
  frame.writeUInt32BE(body.length, 1);
  frame.set(body, 5);
  return frame;
})();

/** A gRPC l2Book stream read with node:http2, its length-prefixed messages counted, not decoded. */
function countFrames(session: http2.ClientHttp2Session, count: () => void, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stream = session.request(
      { ":method": "POST", ":path": "/hl.v1.SubscriptionService/L2Book", "content-type": "application/grpc", te: "trailers" },
      { signal: stop },
    );
    let header = Buffer.alloc(0);
    let left = 0; // bytes of the current message still to come
    stream.on("data", (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (left > 0) {
          const n = Math.min(left, chunk.length - at);
          left -= n;
          at += n;
          if (left === 0) count();
          continue;
        }
        const need = 5 - header.length;
        header = Buffer.concat([header, chunk.subarray(at, at + need)]);
        at += Math.min(need, chunk.length - at);
        if (header.length === 5) {
          left = header.readUInt32BE(1);
          header = Buffer.alloc(0);
          if (left === 0) count();
        }
      }
    });
    stream.on("close", () => resolve());
    stream.on("error", () => resolve());
    stream.end(REQUEST);
  });
}

const level = (px: number, i: number) => ({ px: String(px), sz: (1 + i / 10).toFixed(4), n: 1 + (i % 5) });
const LEVELS = [Array.from({ length: 20 }, (_, i) => level(97_000 - i, i)), Array.from({ length: 20 }, (_, i) => level(97_001 + i, i))];

/** The in-process source: every read of every stream gets a new l2Book object. */
function freshBooks(): SubscriptionClient {
  let time = 1_700_000_000_000;
  const stream = (subscription: Subscription): SubscriptionStream<unknown> => ({
    subscription,
    active: true,
    overflow: 0,
    size: 0,
    policy: "conflate",
    unsubscribe: () => undefined,
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.resolve({ value: { coin: "BTC", time: time++, levels: LEVELS }, done: false }),
      return: () => Promise.resolve({ value: undefined, done: true }),
    }),
  });
  // hl serve reads only manager.stream of a subscription client; its generic message type is
  // whatever the caller names, here the untyped l2Book objects the source makes.
  return { manager: { stream } } as unknown as SubscriptionClient;
}

/** A connect-es gRPC client (binary, one kept-alive h2c connection) decoding every message. */
const connectEs = (url: string) => (count: () => void, stop: AbortSignal) =>
  (async () => {
    const client = createClient(SubscriptionService, createGrpcTransport({ baseUrl: url }));
    for await (const _ of client.l2Book({ coin: "BTC" }, { signal: stop })) count();
  })();

/** node:http2 readers counting frames, one connection each (closed by `close`). */
function frameCounters(url: string): { read: (count: () => void, stop: AbortSignal) => Promise<void>; close: () => void } {
  const sessions: http2.ClientHttp2Session[] = [];
  return {
    read: (count, stop) => {
      const session = http2.connect(url);
      session.on("error", () => undefined); // the server's close resets it
      sessions.push(session);
      return countFrames(session, count, stop);
    },
    close: () => sessions.forEach((s) => s.destroy()),
  };
}

export async function runStreamBench(info: InfoClient, token: string): Promise<void> {
  const inProcess = await startServer({ port: 0, info, subscriptions: freshBooks(), token, maxConcurrentStreams: 200 });
  const counters = frameCounters(inProcess.url);
  try {
    printGroup(`server stream, l2Book 20 levels, in-process source (a new object per read; ${STREAM_MS} ms; messages/s; "p50" = µs per message)`, [
      await rate("1 stream, connect-es (decodes)", 1, connectEs(inProcess.url)),
      await rate("1 stream, frames counted", 1, counters.read),
      await rate("100 streams, connect-es (sum)", 100, connectEs(inProcess.url)),
      await rate("100 streams, frames counted (sum)", 100, counters.read),
    ]);
  } finally {
    counters.close();
    await inProcess.close();
  }

  const feed = await startFeed();
  // hl serve's own SubscriptionClient on the feed: one WebSocket, one subscription shared by its streams.
  const upstream = new SubscriptionClient({ url: feed.url });
  const server = await startServer({ port: 0, info, subscriptions: upstream, token, maxConcurrentStreams: 200 });
  const wsCounters = frameCounters(server.url);
  try {
    const direct = (count: () => void, stop: AbortSignal) =>
      (async () => {
        const subs = new SubscriptionClient({ url: feed.url });
        try {
          for await (const _ of subs.l2Book({ coin: "BTC" }, { signal: stop })) count();
        } catch {
          // the timeout ends the stream
        } finally {
          await subs.close();
        }
      })();
    // The frames the feed wrote while a row ran (the WebSocket side parsed them all; conflation kept the latest).
    const fed = async (row: Promise<Result>): Promise<Result> => {
      const [f0, t0] = [await feed.sent(), performance.now()];
      const r = await row;
      const perSec = ((await feed.sent()) - f0) / ((performance.now() - t0) / 1000);
      return { ...r, name: `${r.name} [feed ${(perSec / 1000).toFixed(1)}k fr/s]` };
    };
    printGroup(`server stream, l2Book fed by a loopback WebSocket worker as fast as it drains (snapshots delivered after conflation; ${STREAM_MS} ms)`, [
      await fed(rate("TS SubscriptionClient, direct", 1, direct)),
      await fed(rate("hl serve, 1 stream, frames", 1, wsCounters.read)),
      await fed(rate("hl serve, 1 stream, connect-es", 1, connectEs(server.url))),
      await fed(rate("hl serve, 100 streams, frames", 100, wsCounters.read)),
    ]);
  } finally {
    wsCounters.close();
    await server.close();
    await upstream.close();
    await feed.close();
  }
}
