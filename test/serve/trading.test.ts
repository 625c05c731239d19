/**
 * TradingService.TradingStream against the devnet, over gRPC and Connect (HTTP/2: Connect bidi
 * needs it): ready first; place / modify / cancel / cancel-all acked with the exchange's
 * statuses and a latency; the wallet's order updates and fills pushed in between; bad input
 * is an error event carrying the client id and BadRequest details, nothing signed; no token or
 * a wrong one is Unauthenticated; the stream ends after the last ack when the client ends.
 */
import { create } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { BadRequestSchema } from "../../generated/connect/google/rpc/error_details_pb.js";
import { TradingCommandSchema, TradingService, type TradingCommand, type TradingEvent } from "../../generated/connect/hl/serve/v1/trading_pb.js";
import { ModifyActionSchema, OrderActionSchema } from "../../generated/connect/hl/v1/exchange_order_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import { SubscriptionClient } from "../../src/clients/subscription.js";
import { startServer, type Server } from "../../src/serve/server.js";
import { toProto } from "../../src/serve/translate.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";

const TOKEN = "0123456789abcdef0123456789abcdef";
const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
let devnet: Devnet;
let server: Server;
let subs: SubscriptionClient;
let info: InfoClient;
const wallet = privateKeyWallet(generatePrivateKey());

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, flow: 0, seed: 3 });
  devnet.fund(wallet.address, 10_000);
  const transport = new HttpTransport({ url: devnet.url });
  info = new InfoClient({ transport });
  subs = new SubscriptionClient({ url: devnet.wsUrl, reconnect: { baseMs: 20, capMs: 100 } });
  server = await startServer({
    port: 0,
    info,
    exchange: { wallet, transport, isMainnet: devnet.isMainnet },
    subscriptions: subs,
    token: TOKEN,
    closeGraceMs: 500,
  });
});

afterAll(async () => {
  await server?.close();
  await subs?.close();
  await devnet?.close();
});

/** The client's side of a stream: commands pushed as the test goes, events awaited by predicate. */
class Session {
  private readonly pending: TradingCommand[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  readonly events: TradingEvent[] = [];
  private waiters: (() => void)[] = [];
  readonly done: Promise<unknown>;

  constructor(transport: Transport, options: { headers?: Record<string, string> } = auth) {
    const commands = async function* (this: Session): AsyncGenerator<TradingCommand> {
      for (;;) {
        while (this.pending.length) yield this.pending.shift()!;
        if (this.closed) return;
        await new Promise<void>((r) => (this.wake = r));
      }
    }.bind(this);
    const stream = createClient(TradingService, transport).tradingStream(commands(), { ...options, timeoutMs: 30_000 });
    this.done = (async () => {
      for await (const e of stream) {
        this.events.push(e);
        for (const w of this.waiters.splice(0)) w();
      }
    })();
    this.done.catch(() => undefined).finally(() => this.waiters.splice(0).forEach((w) => w()));
  }

  send(clientId: string, command: TradingCommand["command"]): void {
    this.pending.push(create(TradingCommandSchema, { clientId, command }));
    this.wake?.();
  }

  end(): void {
    this.closed = true;
    this.wake?.();
  }

  async next<T extends TradingEvent["event"]["case"]>(kind: T, match: (e: Extract<TradingEvent["event"], { case: T }>["value"]) => boolean = () => true) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.events.find((e) => e.event.case === kind && match(e.event.value as never));
      if (found) return found.event.value as Extract<TradingEvent["event"], { case: T }>["value"];
      if (Date.now() > deadline) throw new Error(`no ${kind} event; got ${this.events.map((e) => e.event.case).join(",")}`);
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), new Promise((r) => setTimeout(r, 200)), this.done.catch(() => undefined)]);
    }
  }
}

const order = (p: string, tif: string, b = true) =>
  toProto(OrderActionSchema, { type: "order", orders: [{ a: 0, b, p, s: "0.001", r: false, t: { limit: { tif } } }], grouping: "na" });

const transports: [string, () => Transport][] = [
  ["grpc", () => createGrpcTransport({ baseUrl: server.url })],
  ["connect http/2", () => createConnectTransport({ baseUrl: server.url, httpVersion: "2" })],
];

describe.each(transports)("%s", (_name, make) => {
  it("ready, then place / modify / cancel acked with statuses, order updates and fills pushed", async () => {
    const s = new Session(make());
    expect((await s.next("ready")).address.toLowerCase()).toBe(wallet.address.toLowerCase());
    const mid = Number((await info.allMids()).BTC);

    s.send("p1", { case: "place", value: order(String(Math.round(mid * 0.8)), "Gtc") });
    const placed = await s.next("ack", (a) => a.clientId === "p1");
    expect(placed.latencyUs).toBeGreaterThan(0n);
    expect(placed.response.case).toBe("order");
    const statuses =
      placed.response.case === "order" && placed.response.value.value.case === "ok" ? placed.response.value.value.value.response?.data?.statuses : [];
    const resting = statuses?.[0]?.value.case === "keyed" ? statuses[0].value.value.status : undefined;
    expect(resting?.case).toBe("resting");
    const oid = resting?.case === "resting" ? resting.value.oid : -1n;
    await s.next("orderUpdates", (u) => u.updates.some((x) => x.order?.oid === oid));

    const modify = toProto(ModifyActionSchema, {
      type: "modify",
      oid: Number(oid),
      order: { a: 0, b: true, p: String(Math.round(mid * 0.7)), s: "0.002", r: false, t: { limit: { tif: "Gtc" } } },
    });
    s.send("m1", { case: "modify", value: modify });
    const modified = await s.next("ack", (a) => a.clientId === "m1");
    expect(modified.response.case === "modify" && modified.response.value.value.case).toBe("ok");

    s.send("ca", { case: "cancelAll", value: { $typeName: "hl.serve.v1.CancelAll", coin: "BTC" } });
    const cancelled = await s.next("ack", (a) => a.clientId === "ca");
    expect(cancelled.cancelled).toBe(1);
    expect(cancelled.response.case === "cancel" && cancelled.response.value.value.case).toBe("ok");
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);

    s.send("ca2", { case: "cancelAll", value: { $typeName: "hl.serve.v1.CancelAll", coin: "" } });
    expect((await s.next("ack", (a) => a.clientId === "ca2")).cancelled).toBe(0);

    s.send("x1", { case: "place", value: order(String(Math.round(mid * 1.05)), "Ioc") });
    const crossed = await s.next("ack", (a) => a.clientId === "x1");
    expect(crossed.response.case).toBe("order");
    const fills = await s.next("fills", (f) => !f.isSnapshot && f.fills.length > 0);
    expect(fills.fills[0]?.coin).toBe("BTC");
    s.end();
    await s.done;
  }, 60_000);

  it("bad input: an error event with the client id and BadRequest details; the stream goes on", async () => {
    const s = new Session(make());
    await s.next("ready");
    s.send("bad", { case: "place", value: order("1.000", "Gtc") });
    const e = await s.next("error", (x) => x.clientId === "bad");
    expect(e.code).toBe(Code.InvalidArgument);
    expect(e.message).toMatch(/orders.*p/);
    const badRequest = e.details.map((d) => anyUnpack(d, BadRequestSchema)).find(Boolean);
    expect(badRequest?.fieldViolations[0]?.description).toContain('"1.000"');
    s.send("empty", { case: undefined });
    expect((await s.next("error", (x) => x.clientId === "empty")).code).toBe(Code.InvalidArgument);
    s.send("unknown-coin", { case: "cancelAll", value: { $typeName: "hl.serve.v1.CancelAll", coin: "NOPE" } });
    expect((await s.next("error", (x) => x.clientId === "unknown-coin")).code).toBe(Code.InvalidArgument);
    s.end();
    await s.done;
    expect(s.events.filter((x) => x.event.case === "ack")).toHaveLength(0);
  }, 30_000);

  it("no token or a wrong one: Unauthenticated, nothing sent", async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}x` }] as Record<string, string>[]) {
      const s = new Session(make(), { headers });
      s.send("p", { case: "place", value: order("1000", "Gtc") });
      const e = await s.done.then(
        () => undefined,
        (err: unknown) => ConnectError.from(err),
      );
      expect(e?.code).toBe(Code.Unauthenticated);
      expect(s.events).toHaveLength(0);
    }
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
  });
});

describe("reconnects", () => {
  it("a WebSocket drop reaches the stream as reconnected events naming each feed", async () => {
    const s = new Session(createGrpcTransport({ baseUrl: server.url }));
    await s.next("ready");
    await fetch(`${devnet.url}/devnet/faults`, {
      method: "POST",
      body: JSON.stringify({ dropWebSockets: true }),
      headers: { "content-type": "application/json" },
    });
    await s.next("reconnected", (r) => r.channel === "userFills");
    // The stream goes on: a command after the reconnect is acked.
    s.send("after", { case: "cancelAll", value: { $typeName: "hl.serve.v1.CancelAll", coin: "" } });
    expect((await s.next("ack", (a) => a.clientId === "after")).clientId).toBe("after");
    s.end();
    await s.done;
  }, 30_000);

  it("shutdown ends an open stream with Unavailable", async () => {
    const s2 = await startServer({
      port: 0,
      info,
      exchange: { wallet, transport: new HttpTransport({ url: devnet.url }), isMainnet: devnet.isMainnet },
      subscriptions: subs,
      token: TOKEN,
      closeGraceMs: 1000,
    });
    const s = new Session(createGrpcTransport({ baseUrl: s2.url }));
    await s.next("ready");
    const closed = s2.close();
    const e = await s.done.then(
      () => undefined,
      (err: unknown) => ConnectError.from(err),
    );
    await closed;
    expect(e?.code).toBe(Code.Unavailable);
    expect(e?.rawMessage).toMatch(/shutting down/);
  }, 30_000);
});
