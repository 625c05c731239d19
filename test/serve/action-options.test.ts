/**
 * Per-call signing options and cancel-all across dexes, against a seeded devnet (a sub-account
 * of the server's wallet, a HIP-3 dex): vaultAddress / expiresAfter from ExchangeService's
 * `hl-vault-address` / `hl-expires-after` headers and from a TradingCommand's `options` reach the
 * signed action (the devnet recovers the signer from a hash that includes both, so a wrong or
 * unsigned value is refused); bad values are InvalidArgument naming the field, nothing signed;
 * TradingStream's cancel-all cancels on the default dex, every builder dex and spot.
 */
import { create } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { BadRequestSchema } from "../../generated/connect/google/rpc/error_details_pb.js";
import {
  ActionOptionsSchema,
  TradingCommandSchema,
  TradingService,
  type TradingCommand,
  type TradingEvent,
} from "../../generated/connect/hl/serve/v1/trading_pb.js";
import type { OrderResponse } from "../../generated/connect/hl/v1/exchange_common_pb.js";
import { OrderActionSchema } from "../../generated/connect/hl/v1/exchange_order_pb.js";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import { MetadataCache } from "../../src/clients/metadata.js";
import { startServer, type Server } from "../../src/serve/server.js";
import { toProto } from "../../src/serve/translate.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { codeOf } from "../helpers/connect.js";

const TOKEN = "0123456789abcdef0123456789abcdef";
const auth = { authorization: `Bearer ${TOKEN}` };
const wallet = privateKeyWallet(generatePrivateKey());
const SUB = "0x5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
let devnet: Devnet;
let server: Server;
let info: InfoClient;
let meta: MetadataCache;

beforeAll(async () => {
  devnet = await startDevnet({
    port: 0,
    flow: 0,
    seedState: {
      dexes: [
        {
          name: "tst",
          fullName: "test dex",
          deployer: "0x1111111111111111111111111111111111111111",
          assets: [{ coin: "ABC", szDecimals: 2, maxLeverage: 10, px: "20" }],
        },
      ],
      accounts: [{ address: wallet.address, usdc: "10000", spot: { USDC: "1000" } }],
      subAccounts: [{ master: wallet.address, address: SUB, name: "sub1", usdc: "5000" }],
    },
  });
  const transport = new HttpTransport({ url: devnet.url });
  info = new InfoClient({ transport });
  meta = new MetadataCache({ info });
  server = await startServer({ port: 0, info, exchange: { wallet, transport, isMainnet: devnet.isMainnet }, token: TOKEN, closeGraceMs: 500 });
});

afterAll(async () => {
  await server?.close();
  await devnet?.close();
});

const orderOf = (a: number, p: string, s = "0.001", b = true) =>
  toProto(OrderActionSchema, { type: "order", orders: [{ a, b, p, s, r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" });

/** The resting oid of a one-order answer, or the error it carries. */
function resting(res: OrderResponse): bigint | string {
  if (res.value.case !== "ok") return `rejected: ${res.value.value?.response}`;
  const status = res.value.value.response?.data?.statuses[0]?.value;
  if (status?.case !== "keyed") return `status: ${status?.value}`;
  return status.value.status.case === "resting" ? status.value.status.value.oid : `status: ${status.value.status.case}`;
}

const btcBid = async () => String(Math.round(Number((await info.allMids()).BTC) * 0.8));

describe("ExchangeService: hl-vault-address and hl-expires-after headers", () => {
  const client = () => createClient(ExchangeService, createGrpcTransport({ baseUrl: server.url }));

  it("an order for the sub-account rests on the sub-account, not the wallet", async () => {
    const res = await client().order(orderOf(0, await btcBid()), { headers: { ...auth, "hl-vault-address": SUB } });
    const oid = resting(res);
    expect(typeof oid).toBe("bigint");
    expect((await info.openOrders({ user: SUB })).map((o) => o.oid)).toEqual([Number(oid)]);
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
    const cancelled = await client().cancel({ cancels: [{ a: 0, o: oid as bigint }] }, { headers: { ...auth, "hl-vault-address": SUB } });
    expect(cancelled.value.case).toBe("ok");
    expect(await info.openOrders({ user: SUB })).toEqual([]);
  });

  it("expiresAfter is signed: a future one is accepted, a past one refused by the exchange", async () => {
    const later = await client().order(orderOf(0, await btcBid()), { headers: { ...auth, "hl-expires-after": String(Date.now() + 60_000) } });
    const oid = resting(later);
    expect(typeof oid).toBe("bigint");
    const past = await client().order(orderOf(0, await btcBid()), { headers: { ...auth, "hl-expires-after": String(Date.now() - 60_000) } });
    expect(resting(past)).toMatch(/rejected: Action expired/);
    await client().cancel({ cancels: [{ a: 0, o: oid as bigint }] }, { headers: auth });
  });

  it("a bad header is InvalidArgument naming it; nothing is signed", async () => {
    for (const [name, value] of [
      ["hl-vault-address", "0x1234"],
      ["hl-expires-after", "soon"],
    ] as const) {
      const e = await codeOf(client().order(orderOf(0, await btcBid()), { headers: { ...auth, [name]: value } }));
      expect(e.code).toBe(Code.InvalidArgument);
      const [bad] = e.findDetails(BadRequestSchema);
      expect(bad?.fieldViolations[0]).toMatchObject({ field: name, description: expect.stringContaining(value) });
    }
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
    expect(await info.openOrders({ user: SUB })).toEqual([]);
  });

  it("on a user-signed action (usdSend) either header is refused, not dropped; nothing is sent", async () => {
    const before = (await info.clearinghouseState({ user: wallet.address })).withdrawable;
    for (const name of ["hl-vault-address", "hl-expires-after"]) {
      const value = name === "hl-vault-address" ? SUB : String(Date.now() + 60_000);
      const e = await codeOf(client().usdSend({ destination: SUB, amount: "1" }, { headers: { ...auth, [name]: value } }));
      expect(e.code).toBe(Code.InvalidArgument);
      const [bad] = e.findDetails(BadRequestSchema);
      expect(bad?.fieldViolations[0]?.field).toBe(name);
      expect(e.rawMessage).toMatch(/user-signed/);
    }
    expect((await info.clearinghouseState({ user: wallet.address })).withdrawable).toBe(before);
  });
});

/** A TradingStream that sends `commands` after ready and collects events until `until` holds. */
async function trade(commands: TradingCommand[], until: (events: TradingEvent[]) => boolean): Promise<TradingEvent[]> {
  const events: TradingEvent[] = [];
  let wake: () => void = () => undefined;
  const ready = new Promise<void>((r) => (wake = r));
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  async function* input(): AsyncGenerator<TradingCommand> {
    await ready;
    // One at a time: each command waits for the answer of the one before.
    for (const c of commands) {
      const n = events.length;
      yield c;
      while (!events.slice(n).some((e) => (e.event.case === "ack" || e.event.case === "error") && e.event.value.clientId === c.clientId)) {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    await finished;
  }
  const stream = createClient(TradingService, createGrpcTransport({ baseUrl: server.url })).tradingStream(input(), { headers: auth, timeoutMs: 20_000 });
  for await (const e of stream) {
    events.push(e);
    if (e.event.case === "ready") wake();
    if (until(events)) break;
  }
  finish();
  return events;
}

const answered = (ids: string[]) => (events: TradingEvent[]) =>
  ids.every((id) => events.some((e) => (e.event.case === "ack" || e.event.case === "error") && e.event.value.clientId === id));

function ackOf(events: TradingEvent[], clientId: string) {
  const e = events.find((x) => (x.event.case === "ack" || x.event.case === "error") && x.event.value.clientId === clientId);
  if (e?.event.case !== "ack") throw new Error(`${clientId}: ${e?.event.case === "error" ? e.event.value.message : "no answer"}`);
  return e.event.value;
}

describe("TradingStream", () => {
  it("options.vault_address places and cancel-all cancels on the sub-account", async () => {
    const options = create(ActionOptionsSchema, { vaultAddress: SUB });
    const cmd = (clientId: string, command: TradingCommand["command"]) => create(TradingCommandSchema, { clientId, command, options });
    const events = await trade(
      [
        cmd("p", { case: "place", value: orderOf(0, await btcBid()) }),
        cmd("ca", { case: "cancelAll", value: { $typeName: "hl.serve.v1.CancelAll", coin: "" } }),
      ],
      answered(["p", "ca"]),
    );
    const placed = ackOf(events, "p");
    expect(placed.response.case === "order" && typeof resting(placed.response.value)).toBe("bigint");
    expect(ackOf(events, "ca").cancelled).toBe(1);
    expect(await info.openOrders({ user: SUB })).toEqual([]);
  });

  it("options.expires_after is signed: a past one is refused by the exchange, a future one rests", async () => {
    const px = await btcBid();
    const at = (clientId: string, ms: number) =>
      create(TradingCommandSchema, {
        clientId,
        command: { case: "place", value: orderOf(0, px) },
        options: create(ActionOptionsSchema, { expiresAfter: BigInt(ms) }),
      });
    const events = await trade([at("past", Date.now() - 60_000), at("later", Date.now() + 60_000)], answered(["past", "later"]));
    const past = ackOf(events, "past");
    expect(past.response.case === "order" && resting(past.response.value)).toMatch(/rejected: Action expired/);
    const later = ackOf(events, "later");
    const oid = later.response.case === "order" ? resting(later.response.value) : undefined;
    expect(typeof oid).toBe("bigint");
    await createClient(ExchangeService, createGrpcTransport({ baseUrl: server.url })).cancel({ cancels: [{ a: 0, o: oid as bigint }] }, { headers: auth });
  });

  it("a bad options value is an error event naming the field; nothing is signed", async () => {
    const options = create(ActionOptionsSchema, { vaultAddress: "nope", expiresAfter: 0n });
    const events = await trade(
      [create(TradingCommandSchema, { clientId: "bad", command: { case: "place", value: orderOf(0, "1000") }, options })],
      answered(["bad"]),
    );
    const e = events.find((x) => x.event.case === "error")?.event.value;
    expect(e && "code" in e ? e.code : undefined).toBe(Code.InvalidArgument);
    const details = e && "details" in e ? e.details.map((d) => anyUnpack(d, BadRequestSchema)).find(Boolean) : undefined;
    expect(details?.fieldViolations.map((v) => v.field)).toEqual(["options.vault_address", "options.expires_after"]);
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
  });

  it("cancel-all cancels on the default dex, every builder dex and spot; a coin only its own", async () => {
    const abc = (await meta.resolve("tst:ABC")).asset;
    const purr = (await meta.resolve("PURR/USDC")).asset;
    expect(abc).toBeGreaterThanOrEqual(110_000);
    const purrPx = Number((await info.allMids())["PURR/USDC"] ?? (await info.allMids())[`@${purr - 10_000}`]);
    const place = (clientId: string, a: number, p: string, s: string) =>
      create(TradingCommandSchema, { clientId, command: { case: "place", value: orderOf(a, p, s) } });
    const all = { $typeName: "hl.serve.v1.CancelAll", coin: "" } as const;
    const events = await trade(
      [
        place("btc", 0, await btcBid(), "0.001"),
        place("abc", abc, "16", "1"),
        place("purr", purr, (purrPx * 0.8).toPrecision(4), "100"),
        create(TradingCommandSchema, { clientId: "only-abc", command: { case: "cancelAll", value: { ...all, coin: "tst:ABC" } } }),
        place("abc2", abc, "16", "1"),
        create(TradingCommandSchema, { clientId: "all", command: { case: "cancelAll", value: all } }),
      ],
      answered(["all"]),
    );
    for (const id of ["btc", "abc", "purr", "abc2"]) {
      const ack = ackOf(events, id);
      expect(ack.response.case === "order" && typeof resting(ack.response.value), id).toBe("bigint");
    }
    expect(ackOf(events, "only-abc").cancelled).toBe(1);
    expect(ackOf(events, "all").cancelled).toBe(3);
    expect(await info.openOrders({ user: wallet.address })).toEqual([]);
    expect(await info.openOrders({ user: wallet.address, dex: "tst" })).toEqual([]);
  }, 30_000);
});
