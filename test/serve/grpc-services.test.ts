/**
 * grpc.health.v1 and server reflection: Check / List / Watch over gRPC, and `buf curl --reflect`
 * (node_modules/.bin/buf, loopback only) lists every service and calls a method of each.
 */
import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../../generated/connect/grpc/health/v1/health_pb.js";
import { ServerReflection } from "../../generated/connect/grpc/reflection/v1alpha/reflection_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import { SubscriptionClient } from "../../src/clients/subscription.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { startServer, type Server } from "../../src/serve/server.js";
import { projectRoot } from "../helpers/shared.js";

const BUF = join(projectRoot, "node_modules/.bin/buf");
const TOKEN = "0123456789abcdef0123456789abcdef";
let devnet: Devnet;
let server: Server;
let subs: SubscriptionClient;
const run = promisify(execFile);

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, flow: 0 });
  const wallet = privateKeyWallet(generatePrivateKey());
  devnet.fund(wallet.address, 10_000);
  const transport = new HttpTransport({ url: devnet.url });
  subs = new SubscriptionClient({ url: devnet.wsUrl });
  server = await startServer({
    port: 0,
    info: new InfoClient({ transport }),
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

const curl = (...args: string[]) => run(BUF, ["curl", "--http2-prior-knowledge", "--protocol", "grpc", ...args], { timeout: 30_000 });

describe("health", () => {
  it("Check: SERVING for the server and each service, NotFound for an unknown one; List names them", async () => {
    const client = createClient(Health, createGrpcTransport({ baseUrl: server.url }));
    expect((await client.check({ service: "" })).status).toBe(Status.SERVING);
    expect((await client.check({ service: "hl.v1.ExchangeService" })).status).toBe(Status.SERVING);
    const e = await client.check({ service: "nope.Service" }).catch((err: unknown) => ConnectError.from(err));
    expect(e instanceof ConnectError && e.code).toBe(Code.NotFound);
    expect(Object.keys((await client.list({})).statuses)).toEqual(
      expect.arrayContaining(["hl.v1.InfoService", "hl.v1.SubscriptionService", "grpc.health.v1.Health"]),
    );
  });

  it("Watch: SERVING, then NOT_SERVING when the server shuts down", async () => {
    const s = await startServer({ port: 0, info: new InfoClient({ transport: new HttpTransport({ url: devnet.url }) }), token: TOKEN, closeGraceMs: 1000 });
    const client = createClient(Health, createGrpcTransport({ baseUrl: s.url }));
    const seen: Status[] = [];
    let closed: Promise<void> | undefined;
    for await (const r of client.watch({ service: "" }, { timeoutMs: 10_000 })) {
      seen.push(r.status);
      closed ??= s.close();
    }
    await closed;
    expect(seen).toEqual([Status.SERVING, Status.NOT_SERVING]);
  });
});

describe("reflection", () => {
  it("v1alpha answers list_services and file_containing_symbol with dependencies", async () => {
    const client = createClient(ServerReflection, createGrpcTransport({ baseUrl: server.url }));
    async function* requests() {
      yield { messageRequest: { case: "listServices" as const, value: "" } };
      yield { messageRequest: { case: "fileContainingSymbol" as const, value: "hl.v1.InfoService.L2Book" } };
      yield { messageRequest: { case: "fileByFilename" as const, value: "nope.proto" } };
    }
    const answers = [];
    for await (const a of client.serverReflectionInfo(requests(), { timeoutMs: 10_000 })) answers.push(a.messageResponse);
    expect(answers[0]?.case === "listServicesResponse" && answers[0].value.service.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "hl.v1.InfoService",
        "hl.v1.ExchangeService",
        "hl.v1.SubscriptionService",
        "hl.serve.v1.TradingService",
        "grpc.health.v1.Health",
      ]),
    );
    expect(answers[1]?.case === "fileDescriptorResponse" && answers[1].value.fileDescriptorProto.length).toBeGreaterThan(5);
    expect(answers[2]?.case === "errorResponse" && answers[2].value.errorCode).toBe(Code.NotFound);
  });

  it("buf curl --reflect lists every service and calls a method of each", async () => {
    const { stdout: services } = await curl("--list-services", server.url);
    expect(services.trim().split("\n").sort()).toEqual([
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "hl.serve.v1.AlgoService",
      "hl.serve.v1.TradingService",
      "hl.v1.ExchangeService",
      "hl.v1.ExplorerService",
      "hl.v1.InfoService",
      "hl.v1.SubscriptionService",
    ]);
    const mids = JSON.parse((await curl("--data", "{}", `${server.url}/hl.v1.InfoService/AllMids`)).stdout) as { mids: Record<string, string> };
    expect(Object.keys(mids.mids)).toContain("BTC");
    const cancel = JSON.parse(
      (await curl("-H", `authorization: Bearer ${TOKEN}`, "--data", '{"cancels":[{"a":0,"o":"1"}]}', `${server.url}/hl.v1.ExchangeService/Cancel`)).stdout,
    ) as Record<string, unknown>;
    expect(Object.keys(cancel)).toEqual([expect.stringMatching(/^(ok|err)$/)]);
    // The bidi stream: one command, then buf curl ends its side; the stream ends after the ack.
    const trading = (
      await curl(
        "-H",
        `authorization: Bearer ${TOKEN}`,
        "--data",
        '{"clientId":"c1","cancelAll":{"coin":"BTC"}}',
        `${server.url}/hl.serve.v1.TradingService/TradingStream`,
      )
    ).stdout;
    expect(trading).toContain('"ready"');
    expect(trading).toMatch(/"ack": \{\s*"clientId": "c1"/);
    // AlgoService is described (reflection) and answers; this server runs no algorithms.
    await expect(curl("-H", `authorization: Bearer ${TOKEN}`, "--data", "{}", `${server.url}/hl.serve.v1.AlgoService/List`)).rejects.toMatchObject({
      stderr: expect.stringMatching(/unimplemented[\s\S]*runs no algorithms/),
    });
    const health = JSON.parse((await curl("--data", '{"service":""}', `${server.url}/grpc.health.v1.Health/Check`)).stdout) as { status: string };
    expect(health.status).toBe("SERVING");
    // A stream: the first book, then stop. node_modules/.bin/buf is a shim that runs the
    // binary as its child: signal the whole process group.
    const book = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        BUF,
        ["curl", "--http2-prior-knowledge", "--protocol", "grpc", "--data", '{"coin":"BTC"}', `${server.url}/hl.v1.SubscriptionService/L2Book`],
        { detached: true },
      );
      const stop = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      let out = "";
      const timer = setTimeout(() => stop("SIGKILL"), 20_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (/\n}\n/.test(out)) stop("SIGTERM");
      });
      child.once("close", () => {
        clearTimeout(timer);
        if (out) resolve(out);
        else reject(new Error("no stream message"));
      });
    });
    expect(book).toMatch(/"data": \{\s*"coin": "BTC"/);
  }, 60_000);
});
