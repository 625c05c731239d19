import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/transport/ws/backoff.js";
import { BoundedBuffer } from "../../src/transport/ws/buffer.js";
import { channelType, frameRoute, subscriptionKey, subscriptionRoute } from "../../src/transport/ws/identifiers.js";

describe("backoffDelay", () => {
  it("stays within [0, min(cap, base * 2^attempt)]", () => {
    fc.assert(
      fc.property(
        fc.nat(80),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, base, cap, r) => {
          const d = backoffDelay(attempt, { baseMs: base, capMs: cap }, () => r);
          return d >= 0 && d <= Math.min(cap, base * 2 ** attempt) && Number.isInteger(d);
        },
      ),
    );
  });

  it("grows exponentially until the cap", () => {
    const max = () => 0.999999;
    expect(backoffDelay(0, { baseMs: 100, capMs: 10_000 }, max)).toBe(99);
    expect(backoffDelay(3, { baseMs: 100, capMs: 10_000 }, max)).toBe(799);
    expect(backoffDelay(1000, { baseMs: 100, capMs: 10_000 }, max)).toBe(9999);
  });
});

describe("BoundedBuffer", () => {
  it("dropOldest keeps the newest items and counts the rest", () => {
    const b = new BoundedBuffer<number>("dropOldest", 3);
    for (let i = 0; i < 10; i++) b.push(i);
    expect(b.size).toBe(3);
    expect(b.overflow).toBe(7);
    expect([b.shift(), b.shift(), b.shift(), b.shift()]).toEqual([
      { kind: "data", value: 7 },
      { kind: "data", value: 8 },
      { kind: "data", value: 9 },
      undefined,
    ]);
  });

  it("conflate keeps only the latest", () => {
    const b = new BoundedBuffer<number>("conflate", 100);
    for (let i = 0; i < 5; i++) b.push(i);
    expect(b.size).toBe(1);
    expect(b.overflow).toBe(4);
    expect(b.shift()).toEqual({ kind: "data", value: 4 });
  });

  it("puts the reconnect marker before the first message of the new connection", () => {
    const b = new BoundedBuffer<string>("dropOldest", 10);
    b.push("old");
    b.mark();
    b.mark();
    b.push("new");
    expect([b.shift(), b.shift(), b.shift()]).toEqual([{ kind: "data", value: "old" }, { kind: "reconnected" }, { kind: "data", value: "new" }]);
    const c = new BoundedBuffer<string>("conflate", 1);
    c.push("old");
    c.mark();
    c.push("new");
    expect([c.shift(), c.shift(), c.shift()]).toEqual([{ kind: "reconnected" }, { kind: "data", value: "new" }, undefined]);
  });

  it("never holds more than 2 * capacity + 1 entries, whatever the sequence", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("dropOldest" as const, "conflate" as const),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.constantFrom("push", "mark", "shift"), { maxLength: 300 }),
        (policy, cap, ops) => {
          const b = new BoundedBuffer<number>(policy, cap);
          for (const op of ops) {
            if (op === "push") b.push(1);
            else if (op === "mark") b.mark();
            else b.shift();
            if (b.size > b.capacity) return false;
          }
          let drained = 0;
          while (b.shift()) drained++;
          return drained <= 2 * b.capacity + 1;
        },
      ),
    );
  });
});

describe("identifiers", () => {
  it("subscriptionKey ignores key order, address case and undefined members", () => {
    const a = subscriptionKey({ type: "userFills", user: "0xABCDEFabcdefABCDEFabcdefABCDEFabcdefABCD", aggregateByTime: undefined });
    const b = subscriptionKey({ user: "0xabcdefabcdefabcdefabcdefabcdefabcdefabcd", type: "userFills" });
    expect(a).toBe(b);
    expect(subscriptionKey({ type: "l2Book", coin: "BTC", nSigFigs: 5 })).not.toBe(subscriptionKey({ type: "l2Book", coin: "BTC" }));
  });

  it("routes frames to the subscription they belong to", () => {
    const user = "0xAbCdEfabcdefABCDEFabcdefABCDEFabcdefabcd";
    const cases: Array<[Record<string, unknown> & { type: string }, string, unknown]> = [
      [{ type: "l2Book", coin: "BTC" }, "l2Book", { coin: "BTC", time: 1, levels: [[], []] }],
      [{ type: "trades", coin: "ETH" }, "trades", [{ coin: "ETH", px: "1" }]],
      [{ type: "candle", coin: "BTC", interval: "1h" }, "candle", { s: "BTC", i: "1h", t: 0 }],
      [{ type: "allMids" }, "allMids", { mids: {} }],
      [{ type: "allMids", dex: "xyz" }, "allMids", { mids: {}, dex: "xyz" }],
      [{ type: "userEvents", user }, "user", { fills: [] }],
      [{ type: "orderUpdates", user }, "orderUpdates", []],
      [{ type: "userFills", user }, "userFills", { user: user.toLowerCase(), fills: [] }],
      [{ type: "activeAssetCtx", coin: "@107" }, "activeSpotAssetCtx", { coin: "@107", ctx: {} }],
      [{ type: "activeAssetData", user, coin: "BTC" }, "activeAssetData", { user: user.toLowerCase(), coin: "BTC" }],
      [{ type: "clearinghouseState", user }, "clearinghouseState", { dex: "", user, clearinghouseState: {} }],
      [{ type: "webData3", user }, "webData3", { userState: { user }, perpDexStates: [] }],
      [{ type: "somethingNew", x: 1 }, "somethingNew", { any: true }],
    ];
    for (const [sub, channel, data] of cases) expect(frameRoute(channel, data), `${channel}`).toBe(subscriptionRoute(sub));
    expect(frameRoute("trades", [])).toBeNull();
    expect(channelType("user")).toBe("userEvents");
    expect(() => frameRoute("l2Book", { time: 1 })).toThrow(TypeError);
  });
});
