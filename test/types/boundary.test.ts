/**
 * The generated <-> handwritten boundary at the type level (tsc checks these; vitest runs the
 * runtime halves): exchange methods resolve to the success type only (an error answer is
 * thrown), info and subscription methods carry their schema types, wrong params do not compile.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { ActionParams, ActionSuccess } from "../../generated/ts/actions.js";
import type * as T from "../../generated/ts/types.js";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { InfoClient } from "../../src/clients/info.js";
import { SubscriptionClient, type SubscriptionMessage } from "../../src/clients/subscription.js";
import { ExchangeError } from "../../src/errors/exchange.js";
import { privateKeyWallet } from "../../src/signing/index.js";
import type { Transport } from "../../src/transport/types.js";

const wallet = privateKeyWallet("0x0123456789012345678901234567890123456789012345678901234567890123");
const DEST = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
const order = { orders: [{ a: 0, b: true, p: "30000", s: "0.01", r: false, t: { limit: { tif: "Gtc" as const } } }], grouping: "na" as const };

function answering(body: unknown): Transport {
  return { request: async () => body };
}

describe("exchange methods resolve to their success type", () => {
  it("order() is OrderOk, not a union with ExchangeErr", async () => {
    const ex = new ExchangeClient({
      wallet,
      transport: answering({ status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 7 } }] } } }),
      isMainnet: false,
    });
    expectTypeOf(ex.order).returns.resolves.toEqualTypeOf<T.OrderOk>();
    expectTypeOf<ActionSuccess["order"]>().not.toEqualTypeOf<T.OrderResponse>();
    const res = await ex.order(order);
    // No narrowing on status: the only case that arrives is the ok one.
    expect(res.response.data.statuses[0]).toEqual({ resting: { oid: 7 } });
  });

  it("usdSend() and cancel() too; an error answer is thrown", async () => {
    const ex = new ExchangeClient({ wallet, transport: answering({ status: "err", response: "Insufficient balance" }), isMainnet: false });
    expectTypeOf(ex.usdSend).returns.resolves.toEqualTypeOf<T.DefaultOk>();
    expectTypeOf(ex.cancel).returns.resolves.toEqualTypeOf<T.CancelOk>();
    expectTypeOf<ActionSuccess["multiSig"]>().toEqualTypeOf<Exclude<T.MultiSigResponse, T.ExchangeErr>>();
    await expect(ex.usdSend({ destination: DEST, amount: "1" })).rejects.toBeInstanceOf(ExchangeError);
    await expect(ex.cancel({ cancels: [{ a: 0, o: 1 }] })).rejects.toBeInstanceOf(ExchangeError);
  });

  it("params leave out what the client fills in, and wrong params do not compile", async () => {
    expectTypeOf<ActionParams["usdSend"]>().toEqualTypeOf<Omit<T.UsdSendAction, "type" | "signatureChainId" | "hyperliquidChain" | "time">>();
    expectTypeOf<keyof ActionParams["usdSend"]>().toEqualTypeOf<"destination" | "amount">();
    const ex = new ExchangeClient({ wallet, transport: answering({ status: "ok", response: { type: "default" } }), isMainnet: false });
    // @ts-expect-error amount is a decimal string, not a number
    await expect(ex.usdSend({ destination: DEST, amount: 1 })).rejects.toThrow(/amount/);
    // @ts-expect-error `time` is filled in by the client
    await expect(ex.usdSend({ destination: DEST, amount: "1", time: 5 })).resolves.toMatchObject({ status: "ok" });
    // @ts-expect-error cancel needs `cancels`
    await expect(ex.cancel({})).rejects.toThrow(/cancels/);
  });
});

describe("info and subscription methods carry the schema's types", () => {
  it("l2Book() and clearinghouseState()", async () => {
    const book = { coin: "BTC", time: 1, levels: [[{ px: "1", sz: "2", n: 3 }], []] };
    const info = new InfoClient({ transport: answering(book), validation: "off" });
    expectTypeOf(info.l2Book).returns.resolves.toEqualTypeOf<T.L2BookResponse>();
    expectTypeOf(info.clearinghouseState).returns.resolves.toEqualTypeOf<T.ClearinghouseStateResponse>();
    expectTypeOf(info.l2Book).parameter(0).toEqualTypeOf<Omit<T.L2BookRequest, "type">>();
    expect((await info.l2Book({ coin: "BTC" })).coin).toBe("BTC");
    // @ts-expect-error clearinghouseState needs a user
    await expect(info.clearinghouseState({})).rejects.toThrow(/user/);
  });

  it("a subscription's messages", () => {
    expectTypeOf<ReturnType<SubscriptionClient["l2Book"]>>().toMatchTypeOf<AsyncIterable<T.L2BookMessage>>();
    expectTypeOf<SubscriptionMessage<"trades">>().toEqualTypeOf<T.TradesMessage>();
    expectTypeOf<SubscriptionClient["candle"]>().parameter(0).toEqualTypeOf<Omit<T.CandleSubscription, "type">>();
  });
});
