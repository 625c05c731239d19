/**
 * ExplorerService (blockDetails, txDetails, userDetails): served generically like InfoService,
 * sent as POST /explorer to the RPC host (here a loopback stub answering the fixtures), over
 * Connect and gRPC; bad input is InvalidArgument and sends nothing.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExplorerService } from "../../generated/connect/hl/v1/info_explorer_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import { startServer, type Server } from "../../src/serve/server.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { explorerFixtures } from "../fixtures/info/explorer.js";

const TOKEN = "0123456789abcdef0123456789abcdef";
let rpcHost: HttpServer;
let server: Server;
const received: { path: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  rpcHost = createServer((req, res) => {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      received.push({ path: req.url ?? "", body });
      const fixture = explorerFixtures.find((f) => f.type === body.type);
      res.writeHead(fixture ? 200 : 422, { "content-type": "application/json" });
      res.end(JSON.stringify(fixture ? fixture.response : "unknown type"));
    });
  });
  await new Promise<void>((resolve) => rpcHost.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(rpcHost.address() as AddressInfo).port}`;
  // The info API is unused here: explorer requests go to explorerUrl only.
  const info = new InfoClient({ transport: new HttpTransport({ url: "http://127.0.0.1:9", explorerUrl: url }) });
  server = await startServer({ port: 0, info, token: TOKEN });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => rpcHost?.close(resolve));
});

const transports: [string, () => Transport][] = [
  ["connect", () => createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" })],
  ["grpc", () => createGrpcTransport({ baseUrl: server.url })],
];

describe.each(transports)("%s", (_name, make) => {
  it("blockDetails, txDetails and userDetails reach POST /explorer and come back as messages", async () => {
    const client = createClient(ExplorerService, make());
    received.length = 0;
    const block = await client.blockDetails({ height: 416632723n });
    expect(block.blockDetails?.height).toBe(416632723n);
    expect(block.blockDetails?.txs[0]?.action?.type).toBe("order");
    const tx = await client.txDetails({ hash: explorerFixtures[1]!.params.hash as string });
    expect(tx.tx?.error).toBe("Insufficient margin to place order.");
    const user = await client.userDetails({ user: explorerFixtures[2]!.params.user as string });
    expect(user.txs).toHaveLength(2);
    expect(user.txs[1]?.action?.kind.case).toBe("listValue");
    expect(received.map((r) => [r.path, r.body.type])).toEqual([
      ["/explorer", "blockDetails"],
      ["/explorer", "txDetails"],
      ["/explorer", "userDetails"],
    ]);
    expect(received[0]!.body).toEqual({ type: "blockDetails", height: 416632723 });
  });

  it("a bad address is InvalidArgument naming the field, and nothing is sent", async () => {
    received.length = 0;
    const e = await createClient(ExplorerService, make())
      .userDetails({ user: "0xnope" })
      .catch((err: unknown) => ConnectError.from(err));
    expect(e instanceof ConnectError && e.code).toBe(Code.InvalidArgument);
    expect((e as ConnectError).rawMessage).toMatch(/user/);
    expect(received).toHaveLength(0);
  });
});
