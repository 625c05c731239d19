/**
 * hl serve against an embedded devnet, over Connect (HTTP/1.1 and h2c), gRPC and gRPC-Web:
 * info calls, a signed order, auth (no / wrong token: Unauthenticated, nothing reaches the
 * devnet), bad input (InvalidArgument naming the field, nothing signed), the TLS refusal and
 * graceful close. Loopback only; everything stops in afterAll.
 */
import net from "node:net";
import { create } from "@bufbuild/protobuf";
import { Code, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { BadRequestSchema } from "../../generated/connect/google/rpc/error_details_pb.js";
import { TradingService } from "../../generated/connect/hl/serve/v1/trading_pb.js";
import { OrderActionSchema } from "../../generated/connect/hl/v1/exchange_order_pb.js";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { InfoService } from "../../generated/connect/hl/v1/info_service_pb.js";
import { L2BookRequestSchema } from "../../generated/connect/hl/v1/info_market_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { startServer, type Server } from "../../src/serve/server.js";
import { toProto } from "../../src/serve/translate.js";
import { codeOf } from "../helpers/connect.js";

const TOKEN = "t".repeat(8) + "0123456789abcdef";
let devnet: Devnet;
let server: Server;
let info: InfoClient;
const wallet = privateKeyWallet(generatePrivateKey());

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, flow: 0 });
  devnet.fund(wallet.address, 10_000);
  const transport = new HttpTransport({ url: devnet.url });
  info = new InfoClient({ transport });
  server = await startServer({ port: 0, info, exchange: { wallet, transport, isMainnet: devnet.isMainnet }, token: TOKEN, closeGraceMs: 500 });
});

afterAll(async () => {
  await server?.close();
  await devnet?.close();
});

const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
const transports: [string, () => Transport][] = [
  ["connect http/1.1", () => createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" })],
  ["connect h2c", () => createConnectTransport({ baseUrl: server.url, httpVersion: "2" })],
  ["grpc", () => createGrpcTransport({ baseUrl: server.url })],
  ["grpc-web", () => createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" })],
];

describe.each(transports)("%s", (_name, make) => {
  it("l2Book and allMids match the SDK's own answer", async () => {
    const client = createClient(InfoService, make());
    const book = await client.l2Book(create(L2BookRequestSchema, { coin: "BTC" }));
    const direct = await info.l2Book({ coin: "BTC" });
    expect(book.coin).toBe("BTC");
    expect(book.levels?.bids.map((l) => l.px)).toEqual(direct.levels[0].map((l) => l.px));
    const mids = await client.allMids({});
    expect(Object.keys(mids.mids)).toContain("BTC");
  });

  it("places a resting order signed by the server's wallet, then cancels it", async () => {
    const client = createClient(ExchangeService, make());
    const mid = Number((await info.allMids()).BTC);
    const px = String(Math.round(mid * 0.8));
    // toProto builds the nested unions from the familiar wire form; a client sets the same fields.
    const order = toProto(OrderActionSchema, {
      type: "order",
      orders: [{ a: 0, b: true, p: px, s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    });
    const res = await client.order(order, auth);
    expect(res.value.case).toBe("ok");
    const status = res.value.case === "ok" ? res.value.value.response?.data?.statuses[0] : undefined;
    expect(status?.value.case).toBe("keyed");
    const keyed = status?.value.case === "keyed" ? status.value.value.status : undefined;
    expect(keyed?.case).toBe("resting");
    const oid = keyed?.case === "resting" ? keyed.value.oid : -1n;
    expect((await info.openOrders({ user: wallet.address })).map((o) => o.oid)).toContain(Number(oid));
    const cancelled = await client.cancel({ cancels: [{ a: 0, o: oid }] }, auth);
    expect(cancelled.value.case).toBe("ok");
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
  });

  it("refuses trading without the token, or with a wrong one: nothing reaches the devnet", async () => {
    const client = createClient(ExchangeService, make());
    const order = toProto(OrderActionSchema, {
      type: "order",
      orders: [{ a: 0, b: true, p: "1000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    });
    expect((await codeOf(client.order(order))).code).toBe(Code.Unauthenticated);
    expect((await codeOf(client.order(order, { headers: { authorization: `Bearer ${TOKEN}x` } }))).code).toBe(Code.Unauthenticated);
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
  });

  it("bad input is InvalidArgument naming the field; nothing is signed", async () => {
    const client = createClient(ExchangeService, make());
    const bad = toProto(OrderActionSchema, {
      type: "order",
      orders: [{ a: 0, b: true, p: "1.000", s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    });
    const e = await codeOf(client.order(bad, auth));
    expect(e.code).toBe(Code.InvalidArgument);
    expect(e.rawMessage).toMatch(/orders\[0\]\.p|orders\.0\.p/);
    const [violations] = e.findDetails(BadRequestSchema);
    expect(violations?.fieldViolations[0]).toMatchObject({ field: expect.stringMatching(/orders.*p/), description: expect.stringContaining('"1.000"') });
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
  });
});

describe("protocol sniffing on the h2c port", () => {
  /** The first bytes the server answers on a raw connection that sends `parts` 30 ms apart. */
  async function answer(parts: Buffer[]): Promise<Buffer> {
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    const got = new Promise<Buffer>((resolve) => socket.once("data", resolve));
    for (const p of parts) {
      socket.write(p);
      await new Promise((r) => setTimeout(r, 30));
    }
    const first = await got;
    socket.destroy();
    return first;
  }

  it("an HTTP/2 preface split after 2 bytes is still HTTP/2 (the server's SETTINGS frame comes back)", async () => {
    const settings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
    const first = await answer([Buffer.from("PR"), Buffer.concat([Buffer.from("I * HTTP/2.0\r\n\r\nSM\r\n\r\n"), settings])]);
    expect(first.toString("latin1")).not.toMatch(/^HTTP\/1/);
    expect(first[3]).toBe(4); // frame type SETTINGS
  });

  it("an HTTP/1.1 request split after 1 byte is HTTP/1.1", async () => {
    const first = await answer([Buffer.from("G"), Buffer.from("ET /nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")]);
    expect(first.toString("latin1")).toMatch(/^HTTP\/1\.1 404/);
  });
});

describe("server options", () => {
  it("refuses a non-loopback address without TLS", async () => {
    await expect(startServer({ host: "0.0.0.0", port: 0, info, token: TOKEN })).rejects.toThrow(/without TLS/);
  });

  it("can require the token for reads", async () => {
    const s = await startServer({ port: 0, info, token: TOKEN, requireTokenForReads: true });
    try {
      const client = createClient(InfoService, createConnectTransport({ baseUrl: s.url, httpVersion: "1.1" }));
      expect((await codeOf(client.allMids({}))).code).toBe(Code.Unauthenticated);
      expect(Object.keys((await client.allMids({}, auth)).mids)).toContain("BTC");
    } finally {
      await s.close();
    }
  });

  it("by default serves the docs site at /docs over HTTP/1.1 and HTTP/2, and 404 elsewhere", async () => {
    const s = await startServer({ port: 0, info, token: TOKEN });
    try {
      const page = await fetch(`${s.url}/docs/`);
      expect([page.status, await page.text()]).toEqual([200, expect.stringContaining("Swagger UI")]);
      expect((await fetch(`${s.url}/nope`)).status).toBe(404);
      const { connect } = await import("node:http2");
      const session = connect(s.url);
      try {
        const status = await new Promise<number>((resolve, reject) => {
          const req = session.request({ ":path": "/docs/", ":method": "GET" });
          req.on("response", (h) => resolve(Number(h[":status"])));
          req.on("error", reject);
          req.resume();
          req.end();
        });
        expect(status).toBe(200);
      } finally {
        session.close();
      }
    } finally {
      await s.close();
    }
  });

  it("docsApiUrl leads the docs' server list (hl serve --devnet passes its devnet)", async () => {
    const s = await startServer({ port: 0, info, token: TOKEN, docsApiUrl: "http://127.0.0.1:39999" });
    try {
      const doc = (await (await fetch(`${s.url}/docs/openapi.json`)).json()) as { servers: { url: string }[] };
      expect(doc.servers[0]?.url).toBe("http://127.0.0.1:39999");
    } finally {
      await s.close();
    }
  });

  it("a fallback answers non-rpc paths (the hook for a /docs page); rpcs are unaffected", async () => {
    const s = await startServer({
      port: 0,
      info,
      token: TOKEN,
      fallback: (_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("docs");
      },
    });
    try {
      const res = await fetch(`${s.url}/docs`);
      expect([res.status, await res.text()]).toEqual([200, "docs"]);
      const client = createClient(InfoService, createConnectTransport({ baseUrl: s.url, httpVersion: "1.1" }));
      expect(Object.keys((await client.allMids({})).mids)).toContain("BTC");
    } finally {
      await s.close();
    }
  });

  it("a server without a wallet answers Unimplemented to actions and to the trading stream", async () => {
    const s = await startServer({ port: 0, info, token: TOKEN });
    try {
      const client = createClient(ExchangeService, createGrpcTransport({ baseUrl: s.url }));
      expect((await codeOf(client.cancel({ cancels: [{ a: 0, o: 1n }] }, auth))).code).toBe(Code.Unimplemented);
      const trading = createClient(TradingService, createGrpcTransport({ baseUrl: s.url }));
      const stream = async () => {
        for await (const _ of trading.tradingStream((async function* () {})(), auth)) void _;
      };
      expect((await codeOf(stream())).code).toBe(Code.Unimplemented);
    } finally {
      await s.close();
    }
  });
});
