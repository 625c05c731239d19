/**
 * hl serve against the same calls made directly with the TS client, on loopback against the
 * embedded devnet (one run, side by side; the service's overhead is the difference):
 * - unary l2Book round trip: InfoClient direct, via Connect HTTP/1.1 and h2c and via gRPC h2c
 *   (connect-es clients, binary protobuf, one kept-alive connection each), and a gRPC
 *   Health.Check: connect-es's own cost per call, with no upstream call and no translation;
 * - order placement: ExchangeClient.order direct vs ExchangeService.Order over gRPC (an IOC
 *   far from the book: signed, sent and answered, never filled, so every round is the same);
 * - one server stream's throughput and fan-out to 100 streams (bench/serve-streams.ts);
 * - the translator alone (wire JSON -> proto per pushed message).
 */
import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { generatePrivateKey } from "viem/accounts";
import { startDevnet } from "../devnet/index.js";
import { ExchangeService } from "../generated/connect/hl/v1/exchange_service_pb.js";
import { OrderActionSchema } from "../generated/connect/hl/v1/exchange_order_pb.js";
import { L2BookResponseSchema } from "../generated/connect/hl/v1/info_market_pb.js";
import { InfoService } from "../generated/connect/hl/v1/info_service_pb.js";
import { Health } from "../generated/connect/grpc/health/v1/health_pb.js";
import { ExchangeClient } from "../src/clients/exchange.js";
import { InfoClient } from "../src/clients/info.js";
import { startServer } from "../src/serve/server.js";
import { toProto } from "../src/serve/translate.js";
import { privateKeyWallet } from "../src/signing/index.js";
import { HttpTransport } from "../src/transport/http/http-transport.js";
import { measure, measureInterleaved, printGroup } from "./harness.js";
import { runStreamBench } from "./serve-streams.js";

const TOKEN = "0123456789abcdef0123456789abcdef";

const level = (px: number, i: number) => ({ px: String(px), sz: (1 + i / 10).toFixed(4), n: 1 + (i % 5) });
const BOOK = {
  coin: "BTC",
  time: 1_700_000_000_000,
  levels: [Array.from({ length: 20 }, (_, i) => level(97_000 - i, i)), Array.from({ length: 20 }, (_, i) => level(97_001 + i, i))],
};

export async function runServeBench(): Promise<void> {
  const devnet = await startDevnet({ port: 0, flow: 0 });
  const wallet = privateKeyWallet(generatePrivateKey());
  devnet.fund(wallet.address, 10_000);
  const transport = new HttpTransport({ url: devnet.url });
  const info = new InfoClient({ transport });
  const exchangeOptions = { wallet, transport, isMainnet: devnet.isMainnet };
  const server = await startServer({ port: 0, info, exchange: exchangeOptions, token: TOKEN });
  try {
    // connect-es clients, binary protobuf (connect-node's default), one kept-alive connection each.
    const connect = createClient(InfoService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
    const connectH2 = createClient(InfoService, createConnectTransport({ baseUrl: server.url, httpVersion: "2" }));
    const grpcTransport = createGrpcTransport({ baseUrl: server.url });
    const grpc = createClient(InfoService, grpcTransport);
    const health = createClient(Health, grpcTransport);
    printGroup(
      "l2Book BTC round trip (loopback, devnet; connect-es clients, binary, kept-alive)",
      await measureInterleaved([
        ["TS InfoClient, direct", () => info.l2Book({ coin: "BTC" })],
        ["hl serve, Connect HTTP/1.1", () => connect.l2Book({ coin: "BTC" })],
        ["hl serve, Connect h2c", () => connectH2.l2Book({ coin: "BTC" })],
        ["hl serve, gRPC h2c", () => grpc.l2Book({ coin: "BTC" })],
        // connect-es's own floor: no upstream call, no translation.
        ["hl serve, gRPC Health.Check", () => health.check({})],
      ]),
    );

    // A separate wallet's client for the direct rows: both sides keep their own nonces.
    const direct = new ExchangeClient({ ...exchangeOptions, wallet: privateKeyWallet(generatePrivateKey()) });
    devnet.fund(direct.wallet.address, 10_000);
    const px = String(Math.round(Number((await info.allMids()).BTC) * 0.5));
    const wire = { orders: [{ a: 0, b: true, p: px, s: "0.001", r: false, t: { limit: { tif: "Ioc" as const } } }], grouping: "na" as const };
    const order = toProto(OrderActionSchema, { type: "order", ...wire });
    const exchange = createClient(ExchangeService, createGrpcTransport({ baseUrl: server.url }));
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    printGroup(
      "order placement (IOC, never fills; signed, sent, answered)",
      await measureInterleaved([
        ["TS ExchangeClient.order, direct", () => direct.order(wire).catch(() => undefined)],
        ["hl serve, ExchangeService.Order gRPC", () => exchange.order(create(OrderActionSchema, order), auth)],
      ]),
    );

    await runStreamBench(info, TOKEN);

    printGroup("translator per pushed message: wire JSON -> proto", [
      await measure("toProto(L2BookResponse), 20 levels", () => toProto(L2BookResponseSchema, BOOK)),
    ]);
  } finally {
    await server.close();
    await devnet.close();
  }
}
