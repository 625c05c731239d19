/**
 * SubscriptionService against the devnet over Connect, gRPC and gRPC-Web: pushed data arrives
 * as the `data` of the rpc's envelope; across a WebSocket reconnect both a full-state and an
 * event stream go on after a `reconnected` marker; a slow reader of an event stream gets an
 * `overflow` marker; bad params: InvalidArgument; shutdown ends
 * open streams with a status.
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { SubscriptionService } from "../../generated/connect/hl/v1/subscription_service_pb.js";
import { L2BookSubscriptionSchema, TradesSubscriptionSchema } from "../../generated/connect/hl/v1/ws_market_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import { SubscriptionClient } from "../../src/clients/subscription.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { startServer, type Server } from "../../src/serve/server.js";

const TOKEN = "0123456789abcdef0123456789abcdef";
let devnet: Devnet;
let server: Server;
let subs: SubscriptionClient;
let info: InfoClient;

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, flow: 50, seed: 1 });
  info = new InfoClient({ transport: new HttpTransport({ url: devnet.url }) });
  subs = new SubscriptionClient({ url: devnet.wsUrl, reconnect: { baseMs: 20, capMs: 100 } });
  server = await startServer({ port: 0, info, subscriptions: subs, token: TOKEN, closeGraceMs: 500 });
});

afterAll(async () => {
  await server?.close();
  await subs?.close();
  await devnet?.close();
});

const transports: [string, () => Transport][] = [
  ["connect http/1.1", () => createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" })],
  ["grpc", () => createGrpcTransport({ baseUrl: server.url })],
  ["grpc-web", () => createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" })],
];

const dropWebSockets = () =>
  fetch(`${devnet.url}/devnet/faults`, { method: "POST", body: JSON.stringify({ dropWebSockets: true }), headers: { "content-type": "application/json" } });

async function failure(run: () => Promise<void>): Promise<ConnectError> {
  try {
    await run();
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("the stream ended without an error");
}

describe.each(transports)("%s", (_name, make) => {
  it("streams l2Book BTC books", async () => {
    const client = createClient(SubscriptionService, make());
    const abort = new AbortController();
    const books = [];
    for await (const e of client.l2Book(create(L2BookSubscriptionSchema, { coin: "BTC" }), { signal: abort.signal, timeoutMs: 10_000 })) {
      if (e.event.case === "data") books.push(e.event.value);
      if (books.length === 2) break;
    }
    expect(books.map((b) => b.coin)).toEqual(["BTC", "BTC"]);
    expect(books[0]!.levels?.bids.length).toBeGreaterThan(0);
  });

  it("bad params: InvalidArgument naming the field", async () => {
    const client = createClient(SubscriptionService, make());
    const e = await failure(async () => {
      for await (const _ of client.userFills({ user: "nope" }, { timeoutMs: 5000 })) void _;
    });
    expect(e.code).toBe(Code.InvalidArgument);
    expect(e.rawMessage).toMatch(/user/);
  });
});

describe("reconnects", () => {
  it("a full-state stream (l2Book) goes on across a reconnect, a reconnected marker before the fresh snapshot", async () => {
    const client = createClient(SubscriptionService, createGrpcTransport({ baseUrl: server.url }));
    const seen: string[] = [];
    for await (const e of client.l2Book({ coin: "BTC" }, { timeoutMs: 15_000 })) {
      seen.push(e.event.case === "data" ? e.event.value.coin : `${e.event.case}:${e.event.case === "reconnected" ? e.event.value.channel : ""}`);
      if (seen.length === 1) await dropWebSockets();
      if (seen.includes("reconnected:l2Book") && seen.at(-1) === "BTC") break;
    }
    expect(seen[0]).toBe("BTC");
    const marker = seen.indexOf("reconnected:l2Book");
    expect(marker).toBeGreaterThan(0);
    expect(seen.slice(marker + 1)).toEqual(["BTC"]);
  });

  it("an event stream (trades) gets a reconnected marker and goes on", async () => {
    const client = createClient(SubscriptionService, createGrpcTransport({ baseUrl: server.url }));
    const seen: string[] = [];
    for await (const e of client.trades(create(TradesSubscriptionSchema, { coin: "BTC" }), { timeoutMs: 15_000 })) {
      seen.push(e.event.case ?? "none");
      if (seen.length === 1) await dropWebSockets();
      if (seen.includes("reconnected") && seen.at(-1) === "data") break;
    }
    expect(seen[0]).toBe("data");
    expect(seen.filter((c) => c === "reconnected")).toHaveLength(1);
    expect(seen.at(-1)).toBe("data");
  });

  it("dropped messages of an event stream: an overflow marker with the count, before the next message", async () => {
    // A manager whose trades stream dropped 5 messages before its second one (as a slow reader's buffer does).
    const pushes = [[{ coin: "BTC" }], [{ coin: "BTC" }]];
    const manager = {
      stream: () => {
        let i = 0;
        const stream = {
          overflow: 0,
          unsubscribe: () => undefined,
          async *[Symbol.asyncIterator]() {
            for (const p of pushes) {
              if (i++ === 1) stream.overflow = 5;
              yield p.map((t) => ({
                ...t,
                side: "B",
                px: "1",
                sz: "1",
                time: 1,
                hash: `0x${"0".repeat(64)}`,
                tid: 1,
                users: [`0x${"1".repeat(40)}`, `0x${"2".repeat(40)}`],
              }));
            }
          },
        };
        return stream;
      },
    } as unknown as SubscriptionClient["manager"];
    const s = await startServer({ port: 0, info, subscriptions: { manager } as SubscriptionClient, token: TOKEN, closeGraceMs: 500 });
    try {
      const client = createClient(SubscriptionService, createGrpcTransport({ baseUrl: s.url }));
      const seen: string[] = [];
      for await (const e of client.trades({ coin: "BTC" }, { timeoutMs: 5000 }))
        seen.push(e.event.case === "overflow" ? `overflow:${e.event.value.dropped}` : String(e.event.case));
      expect(seen).toEqual(["data", "overflow:5", "data"]);
    } finally {
      await s.close();
    }
  });
});

describe("shutdown", () => {
  it("ends open streams with Unavailable", async () => {
    const s = await startServer({ port: 0, info, subscriptions: subs, token: TOKEN, closeGraceMs: 2000 });
    const client = createClient(SubscriptionService, createConnectTransport({ baseUrl: s.url, httpVersion: "1.1" }));
    let closed: Promise<void> | undefined;
    const e = await failure(async () => {
      for await (const _ of client.l2Book({ coin: "BTC" }, { timeoutMs: 10_000 })) closed ??= s.close();
    });
    expect(e.code).toBe(Code.Unavailable);
    expect(e.rawMessage).toMatch(/shutting down/);
    await closed;
  });
});
