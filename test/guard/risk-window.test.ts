/** max_orders_per_second's sliding window stays exact across many orders (the queue compacts itself). */
import { describe, expect, it } from "vitest";
import { RiskLimitError } from "../../src/errors/guard.js";
import { RiskEngine, type AccountView } from "../../src/guard/risk.js";

const account: AccountView = { coinOf: () => "BTC", mid: () => 100, position: () => 0, openOrders: () => 0 };
const action = { type: "order", orders: [{ a: 0, b: true, p: "100", s: "1", r: false, t: { limit: { tif: "Ioc" } } }], grouping: "na" };

describe("max_orders_per_second window", () => {
  it("counts exactly the orders of the last second, before and after the window moves past thousands", () => {
    let now = 10_000;
    const risk = new RiskEngine({ max_orders_per_second: 3000, allow: [], symbols: {} }, account, () => now);
    const send = (n: number): void => {
      for (let i = 0; i < n; i++) risk.check("order", action, "live");
    };
    const refused = (): RiskLimitError => {
      try {
        risk.check("order", action, "live");
      } catch (e) {
        return e as RiskLimitError;
      }
      throw new Error("passed");
    };
    send(2000);
    now += 500;
    send(1000);
    expect(refused()).toMatchObject({ rule: "max_orders_per_second", value: "3001", limit: "3000" });
    // 1000 ms after the first 2000: they leave the window (the queue drops them), the later 1000 stay.
    now += 500;
    send(2000);
    expect(refused()).toMatchObject({ value: "3001" });
    // A millisecond later nothing more has left: still full.
    now += 1;
    expect(refused()).toMatchObject({ value: "3001" });
    // 1000 ms after the 1000 of t + 500: they leave, 1000 fit again.
    now += 499;
    send(1000);
    expect(refused()).toMatchObject({ value: "3001" });
    now += 10_000;
    send(3000);
    expect(refused()).toMatchObject({ value: "3001" });
  });
});
