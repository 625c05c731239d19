/**
 * hl serve's AlgoService over Connect against a devnet: a TWAP started and watched to its end,
 * listed, an iceberg canceled (its resting child gone from the devnet), Watch of every algorithm
 * sees one started later, bad specs are InvalidArgument naming the field, no token is refused.
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlgoService, AlgoSide, StartAlgoRequestSchema, type AlgoUpdate } from "../../generated/connect/hl/serve/v1/algos_pb.js";
import { BadRequestSchema } from "../../generated/connect/google/rpc/error_details_pb.js";
import { startServer, type Server } from "../../src/serve/server.js";
import { duplicated, startAlgoSetup, type AlgoSetup } from "./setup.js";

const TOKEN = "0123456789abcdef0123456789abcdef";
const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
let env: AlgoSetup;
let server: Server;
let client: Client<typeof AlgoService>;

beforeAll(async () => {
  env = await startAlgoSetup();
  const { runner, store } = env.runner();
  await runner.start();
  server = await startServer({ port: 0, info: env.info, algos: { runner, store }, token: TOKEN, closeGraceMs: 500 });
  client = createClient(AlgoService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
});

afterAll(async () => {
  await server?.close();
  await env?.close();
});

describe("AlgoService over Connect", () => {
  it("starts a TWAP, watches it to completion, lists it", async () => {
    const started = await client.start(
      create(StartAlgoRequestSchema, {
        id: "serve-twap",
        spec: {
          case: "twap",
          value: { coin: "ETH", side: AlgoSide.BUY, size: "0.2", durationMs: 600n, intervalMs: 60n, maxSlice: "0.04" },
        },
      }),
      auth,
    );
    expect(started).toMatchObject({ id: "serve-twap", kind: "twap", coin: "ETH", status: "running", owned: true });
    expect(started.progress?.target).toBe("0.2");

    const seen: AlgoUpdate[] = [];
    for await (const u of client.watch({ id: "serve-twap" }, auth)) seen.push(u);
    expect(seen[0]?.cause).toBe("snapshot");
    const last = seen.at(-1)!;
    expect(last.algo).toMatchObject({ status: "done", progress: { filled: "0.2", target: "0.2", fraction: 1 } });
    // The stream carried the placements and the fills between the snapshot and the end.
    expect(seen.some((u) => u.commands.includes("place"))).toBe(true);
    expect(seen.some((u) => u.cause === "placed" || u.cause === "fill")).toBe(true);
    expect(last.algo!.children).toBeGreaterThanOrEqual(5);

    const listed = await client.list({}, auth);
    expect(listed.algos.find((a) => a.id === "serve-twap")).toMatchObject({ status: "done", progress: { filled: "0.2" } });
    expect((await client.list({ status: "running" }, auth)).algos.some((a) => a.id === "serve-twap")).toBe(false);
    expect(duplicated(env.placements)).toEqual([]);
  });

  it("cancels a resting iceberg: its display order leaves the devnet's book", async () => {
    const mid = Number((await env.info.allMids()).ETH);
    const started = await client.start(
      {
        id: "serve-ice",
        spec: { case: "iceberg", value: { coin: "ETH", side: AlgoSide.BUY, size: "0.5", displaySize: "0.1", limitPx: String(Math.round(mid * 0.9)) } },
      },
      auth,
    );
    expect(started.status).toBe("running");
    const open = async (): Promise<number> => (await env.info.openOrders({ user: env.wallet.address })).length;
    await expect.poll(open, { timeout: 3000, interval: 20 }).toBe(1);
    const canceled = await client.cancel({ id: "serve-ice" }, auth);
    expect(canceled).toMatchObject({ id: "serve-ice", status: "canceled" });
    await expect.poll(open, { timeout: 3000, interval: 20 }).toBe(0);
    // A finished algorithm's watch is its snapshot, and canceling it again changes nothing.
    const after: AlgoUpdate[] = [];
    for await (const u of client.watch({ id: "serve-ice" }, auth)) after.push(u);
    expect(after.map((u) => [u.cause, u.algo?.status])).toEqual([["snapshot", "canceled"]]);
    expect((await client.cancel({ id: "serve-ice" }, auth)).status).toBe("canceled");
  });

  it("Watch of every algorithm sees one started after it began", async () => {
    const controller = new AbortController();
    const seen: AlgoUpdate[] = [];
    const watching = (async () => {
      try {
        for await (const u of client.watch({}, { ...auth, signal: controller.signal })) {
          seen.push(u);
          if (u.algo?.id === "serve-late" && u.algo.status !== "running") controller.abort();
        }
      } catch (e) {
        if (!(e instanceof ConnectError && e.code === Code.Canceled)) throw e;
      }
    })();
    // The snapshots of the earlier ones arrive first.
    await expect.poll(() => seen.filter((u) => u.cause === "snapshot").map((u) => u.algo?.id), { timeout: 3000 }).toContain("serve-twap");
    await client.start(
      { id: "serve-late", spec: { case: "twap", value: { coin: "BTC", side: AlgoSide.SELL, size: "0.002", durationMs: 200n, intervalMs: 50n } } },
      auth,
    );
    await watching;
    const late = seen.filter((u) => u.algo?.id === "serve-late");
    expect(late.at(-1)?.algo).toMatchObject({ status: "done", progress: { filled: "0.002" } });
  });

  it("a bad spec is InvalidArgument naming the field; nothing starts", async () => {
    const before = (await client.list({}, auth)).algos.length;
    const e = await client
      .start({ spec: { case: "iceberg", value: { coin: "ETH", side: AlgoSide.BUY, size: "0.5", displaySize: "0.1", limitPx: "cheap" } } }, auth)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectError);
    const ce = ConnectError.from(e);
    expect(ce.code).toBe(Code.InvalidArgument);
    const violations = ce.findDetails(BadRequestSchema).flatMap((d) => d.fieldViolations);
    expect(violations.map((v) => v.field)).toContain("iceberg.limit_px");
    const noSide = await client
      .start({ spec: { case: "twap", value: { coin: "ETH", size: "1", durationMs: 1000n, intervalMs: 100n } } }, auth)
      .catch((x: unknown) => x);
    expect(ConnectError.from(noSide).code).toBe(Code.InvalidArgument);
    expect(ConnectError.from(noSide).message).toContain("twap.side");
    expect((await client.list({}, auth)).algos.length).toBe(before);
    await expect(client.list({ status: "paused" }, auth)).rejects.toMatchObject({ code: Code.InvalidArgument });
    await expect(client.cancel({ id: "nope" }, auth)).rejects.toMatchObject({ code: Code.NotFound });
  });

  it("needs the bearer token", async () => {
    await expect(client.list({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    await expect(
      client.start({ spec: { case: "twap", value: { coin: "ETH", side: AlgoSide.BUY, size: "1", durationMs: 1000n, intervalMs: 100n } } }),
    ).rejects.toMatchObject({
      code: Code.Unauthenticated,
    });
  });
});
