/**
 * The WebSocket schema (schema/hl/v1/ws_*.proto) against hand-written frames shaped like the
 * live API's (per the official Python SDK and @nktkas/hyperliquid typings), through the
 * generated validators. Also shows how to plug them into WebSocketManager's `validate`.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validate, type MessageName } from "../../generated/ts/validate.js";
import { channelType } from "../../src/transport/ws/identifiers.js";
import { frames } from "./fixtures.js";

interface SubscriptionEntry {
  type: string;
  channel: string;
  request: string;
  /** The brief names it `message`; the current codegen writes `response`. */
  message?: string;
  response?: string;
}
const schema = JSON.parse(readFileSync(new URL("../../generated/schema.json", import.meta.url), "utf8")) as { subscriptions: SubscriptionEntry[] };
const byType = new Map(schema.subscriptions.map((s) => [s.type, s]));

/** A `validate` option for WebSocketManager built from schema.json. */
function validateFrame(_channel: string, data: unknown, subscriptionType: string): ReturnType<typeof validate> {
  const entry = byType.get(subscriptionType);
  return entry ? validate((entry.message ?? entry.response) as MessageName, data) : [];
}

describe("WebSocket schema", () => {
  it("covers every subscription type of the coverage floor", () => {
    const floor =
      "activeAssetCtx activeAssetData allDexsAssetCtxs allDexsClearinghouseState allMids assetCtxs bbo candle clearinghouseState fastAssetCtxs l2Book notification openOrders orderUpdates outcomeMetaUpdates spotAssetCtxs spotState trades twapStates userEvents userFills userFundings userHistoricalOrders userNonFundingLedgerUpdates userTwapHistory userTwapSliceFills webData2 webData3".split(
        " ",
      );
    expect([...byType.keys()].sort()).toEqual(expect.arrayContaining(floor));
    expect(byType.get("userEvents")?.channel).toBe("user");
  });

  for (const [name, frame] of Object.entries(frames)) {
    it(`accepts a ${name} subscription and frame`, () => {
      const type = frame.subscription.type as string;
      const entry = byType.get(type)!;
      expect(channelType(frame.channel)).toBe(type);
      expect(validate(entry.request as MessageName, frame.subscription)).toEqual([]);
      expect(validateFrame(frame.channel, frame.data, type)).toEqual([]);
    });
  }

  it("rejects bad subscriptions and bad frames with a path", () => {
    expect(validate("CandleSubscription", { type: "candle", coin: "BTC", interval: "7m" })[0]?.path).toBe("interval");
    expect(validate("L2BookSubscription", { type: "l2Book", coin: "BTC", extra: 1 })[0]?.path).toBe("extra");
    expect(validateFrame("l2Book", { coin: "BTC", time: 1, levels: [[{ px: "1", sz: "x", n: 1 }], []] }, "l2Book")[0]?.path).toBe("levels[0][0].sz");
    expect(validateFrame("user", { funding: { coin: "ETH" } }, "userEvents").length).toBeGreaterThan(0);
  });
});
