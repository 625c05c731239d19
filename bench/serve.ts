/**
 * hl serve against the same calls made directly with the TS client, on loopback against the
 * embedded devnet: unary l2Book round trips (Connect over HTTP/1.1, gRPC over h2c), and the
 * translator's cost per pushed l2Book message (the per-message work of one server stream).
 * Not measured yet: order placement, one live stream's throughput, 100-stream fan-out.
 */
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { startDevnet } from "../devnet/index.js";
import { L2BookResponseSchema } from "../generated/connect/hl/v1/info_market_pb.js";
import { InfoService } from "../generated/connect/hl/v1/info_service_pb.js";
import { InfoClient } from "../src/clients/info.js";
import { startServer } from "../src/serve/server.js";
import { toProto } from "../src/serve/translate.js";
import { HttpTransport } from "../src/transport/http/http-transport.js";
import { measure, printGroup } from "./harness.js";

export async function runServeBench(): Promise<void> {
  const devnet = await startDevnet({ port: 0, flow: 0 });
  const info = new InfoClient({ transport: new HttpTransport({ url: devnet.url }) });
  const server = await startServer({ port: 0, info, token: "0123456789abcdef0123456789abcdef" });
  try {
    const connect = createClient(InfoService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
    const grpc = createClient(InfoService, createGrpcTransport({ baseUrl: server.url }));
    printGroup("l2Book BTC round trip (loopback, devnet)", [
      await measure("TS InfoClient, direct", () => info.l2Book({ coin: "BTC" })),
      await measure("hl serve, Connect HTTP/1.1", () => connect.l2Book({ coin: "BTC" })),
      await measure("hl serve, gRPC h2c", () => grpc.l2Book({ coin: "BTC" })),
    ]);
    const book = await info.l2Book({ coin: "BTC" });
    printGroup("per pushed message: wire JSON -> proto (one stream's translation work)", [
      await measure("toProto(L2BookResponse)", () => toProto(L2BookResponseSchema, book)),
    ]);
  } finally {
    await server.close();
    await devnet.close();
  }
}
