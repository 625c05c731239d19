/**
 * Fan-out of one pushed message to many streams: the manager hands the same object to every
 * stream of a subscription, and hl serve translates and encodes it once for all binary
 * streams (gRPC, gRPC-Web, Connect +proto), while a Connect JSON stream gets the message
 * itself. Every client decodes the same data as translating the object directly.
 */
import { createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { L2BookMessageSchema } from "../../generated/connect/hl/v1/ws_market_pb.js";
import { SubscriptionService } from "../../generated/connect/hl/v1/subscription_service_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import type { SubscriptionClient } from "../../src/clients/subscription.js";
import { startServer, type Server } from "../../src/serve/server.js";
import { toProto } from "../../src/serve/translate.js";
import type { Subscription, SubscriptionStream } from "../../src/transport/ws/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";

const level = (px: number, i: number) => ({ px: String(px), sz: (1 + i / 10).toFixed(4), n: 1 + (i % 5) });
let levelReads = 0;
/** One pushed l2Book whose `levels` counts how often it is read (once per translation). */
const PUSHED = {
  coin: "BTC",
  time: 1_700_000_000_000,
  get levels() {
    levelReads++;
    return [Array.from({ length: 3 }, (_, i) => level(97_000 - i, i)), Array.from({ length: 3 }, (_, i) => level(97_001 + i, i))];
  },
};

/** Every stream gets PUSHED, then waits until it is aborted. */
function sharedFeed(): SubscriptionClient {
  const stream = (subscription: Subscription, options: { signal?: AbortSignal } = {}): SubscriptionStream<unknown> => {
    let sent = false;
    return {
      subscription,
      active: true,
      overflow: 0,
      size: 0,
      policy: "conflate",
      unsubscribe: () => undefined,
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          if (!sent) {
            sent = true;
            return { value: PUSHED, done: false };
          }
          await new Promise((r) => options.signal?.addEventListener("abort", r, { once: true }));
          return { value: undefined, done: true };
        },
      }),
    };
  };
  // hl serve uses only manager.stream here.
  return { manager: { stream } } as unknown as SubscriptionClient;
}

let server: Server;
beforeAll(async () => {
  const info = new InfoClient({ transport: new HttpTransport({ url: "http://127.0.0.1:9" }) });
  server = await startServer({ port: 0, info, subscriptions: sharedFeed(), token: "0123456789abcdef0123456789abcdef", closeGraceMs: 200 });
});
afterAll(() => server?.close());

async function first(transport: Transport) {
  const controller = new AbortController();
  for await (const m of createClient(SubscriptionService, transport).l2Book({ coin: "BTC" }, { signal: controller.signal })) {
    controller.abort();
    return m;
  }
  throw new Error("no message");
}

describe("one pushed object, many streams", () => {
  it("binary streams share one translation and decode the same data as a JSON stream", async () => {
    const expected = toProto(L2BookMessageSchema, { coin: PUSHED.coin, time: PUSHED.time, levels: PUSHED.levels });
    levelReads = 0;
    const binary = [
      createGrpcTransport({ baseUrl: server.url }),
      createGrpcTransport({ baseUrl: server.url }),
      createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" }),
      createConnectTransport({ baseUrl: server.url, httpVersion: "2", useBinaryFormat: true }),
    ];
    const got = [];
    for (const t of binary) got.push(await first(t));
    expect(levelReads).toBe(1);
    const json = await first(createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: false }));
    expect(levelReads).toBe(2);
    for (const m of [...got, json]) {
      expect(m.event.case).toBe("data");
      expect(m.event.value).toEqual(expected);
    }
  });
});
