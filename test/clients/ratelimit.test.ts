/** The client-side weight budget: weights from the schema, waiting instead of exceeding. */
import { describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors/transport.js";
import { RateLimiter, requestWeight } from "../../src/transport/ratelimit.js";

describe("RateLimiter", () => {
  it("weighs requests from the schema", () => {
    expect(requestWeight("info", { type: "l2Book" })).toBe(2);
    expect(requestWeight("info", { type: "userRole" })).toBe(60);
    expect(requestWeight("info", { type: "userFills" })).toBe(20);
    expect(requestWeight("exchange", { action: { type: "order", orders: new Array(85).fill({}) } })).toBe(3);
  });

  it("waits when the budget is spent, and refills over time", async () => {
    const throttled: number[] = [];
    const rl = new RateLimiter({ capacity: 10, windowMs: 200, onThrottle: (ms) => throttled.push(ms) });
    const t0 = Date.now();
    await rl.acquire(10);
    await rl.acquire(5); // needs 5 tokens = 100 ms of refill
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(throttled.length).toBeGreaterThan(0);
  });

  it("an AbortSignal cancels the wait", async () => {
    const rl = new RateLimiter({ capacity: 1, windowMs: 60_000 });
    await rl.acquire(1);
    const ctrl = new AbortController();
    const p = rl.acquire(1, ctrl.signal);
    ctrl.abort();
    await expect(p).rejects.toBeInstanceOf(AbortedError);
    // The queue keeps working after an aborted waiter.
    expect(rl.available()).toBeLessThan(1);
  });
});
