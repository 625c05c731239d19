/**
 * SubscriptionService against the devnet over Connect, gRPC and gRPC-Web: pushed data arrives
 * as the rpc's message; a full-state stream goes on across a WebSocket reconnect, an event
 * stream ends with Unavailable and hl-reconnected; bad params: InvalidArgument; shutdown ends
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
    for await (const book of client.l2Book(create(L2BookSubscriptionSchema, { coin: "BTC" }), { signal: abort.signal, timeoutMs: 10_000 })) {
      books.push(book);
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
  it("a full-state stream (l2Book) goes on across a reconnect", async () => {
    const client = createClient(SubscriptionService, createGrpcTransport({ baseUrl: server.url }));
    let n = 0;
    for await (const book of client.l2Book({ coin: "BTC" }, { timeoutMs: 15_000 })) {
      expect(book.coin).toBe("BTC");
      if (++n === 1) await dropWebSockets();
      if (n === 3) break;
    }
    expect(n).toBe(3);
  });

  it("an event stream (trades) ends with Unavailable and hl-reconnected", async () => {
    const client = createClient(SubscriptionService, createGrpcTransport({ baseUrl: server.url }));
    let n = 0;
    const e = await failure(async () => {
      for await (const _ of client.trades(create(TradesSubscriptionSchema, { coin: "BTC" }), { timeoutMs: 15_000 })) if (++n === 1) await dropWebSockets();
    });
    expect(e.code).toBe(Code.Unavailable);
    expect(e.metadata.get("hl-reconnected")).toBe("1");
    expect(n).toBeGreaterThan(0);
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
