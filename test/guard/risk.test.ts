/**
 * Each risk rule at its boundary against the devnet (fast-check picks the limits): just under
 * is signed and reaches the devnet, just over is a RiskLimitError naming the rule and nothing
 * reaches the devnet.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RiskLimitError } from "../../src/index.js";
import { startGuardSetup, wireOrder, type GuardedTrader, type GuardSetup } from "./setup.js";

let env: GuardSetup;
beforeAll(async () => {
  env = await startGuardSetup();
});
afterAll(() => env.close());

const RUNS = { numRuns: 8 };

/** Places `order`; returns the rule that refused it (and asserts nothing was sent), or "sent". */
async function attempt(t: GuardedTrader, orders: ReturnType<typeof wireOrder>[]): Promise<string> {
  const before = t.transport.exchangeRequests;
  try {
    await t.exchange.order({ orders, grouping: "na" });
  } catch (e) {
    if (!(e instanceof RiskLimitError)) throw e;
    expect(t.transport.exchangeRequests).toBe(before);
    return e.rule;
  }
  expect(t.transport.exchangeRequests).toBe(before + 1);
  return "sent";
}

/** Canonical wire decimal (no trailing zeros). */
const dec = (x: number, d: number): string => String(Number(x.toFixed(d)));
const floorTo = (x: number, d: number): number => Math.floor(x * 10 ** d) / 10 ** d;

describe("risk rules at their boundaries", () => {
  it("max_order_notional", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 50_000 }), async (limit) => {
        const t = await env.trader({ toml: `[risk]\nmax_order_notional = ${limit}` });
        const px = Math.round(t.account.mid("BTC")! * 0.97);
        const under = floorTo(limit / px, 5);
        expect(await attempt(t, [wireOrder(t.assets.BTC!, true, String(px), dec(under, 5))])).toBe("sent");
        expect(await attempt(t, [wireOrder(t.assets.BTC!, true, String(px), dec(under + 0.00001, 5))])).toBe("max_order_notional");
      }),
      RUNS,
    );
  });

  it("symbols.ETH.max_position (coins, quoted as a string) overrides nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 50_000 }), async (tenThousandths) => {
        const max = dec(tenThousandths / 10_000, 4);
        const t = await env.trader({ toml: `[risk.symbols.ETH]\nmax_position = "${max}"` });
        const px = String(Math.round(t.account.mid("ETH")! * 0.97));
        expect(
          await attempt(t, [wireOrder(t.assets.ETH!, false, String(Math.round(t.account.mid("ETH")! * 1.03)), dec(tenThousandths / 10_000 + 0.0001, 4))]),
        ).toBe("symbols.ETH.max_position");
        expect(await attempt(t, [wireOrder(t.assets.ETH!, true, px, max)])).toBe("sent");
      }),
      RUNS,
    );
  });

  it("max_position_notional (at the mid)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 100_000 }), async (limit) => {
        const t = await env.trader({ toml: `[risk]\nmax_position_notional = ${limit}` });
        const mid = t.account.mid("SOL")!;
        const px = dec(mid * 0.97, 2);
        const under = floorTo(limit / mid, 2);
        expect(await attempt(t, [wireOrder(t.assets.SOL!, true, String(Number(px)), dec(under, 2))])).toBe("sent");
        expect(await attempt(t, [wireOrder(t.assets.SOL!, true, String(Number(px)), dec(under + 0.01, 2))])).toBe("max_position_notional");
      }),
      RUNS,
    );
  });

  it("price_band (distance from the mid)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.boolean(), async (pct, below) => {
        const band = pct / 100;
        const t = await env.trader({ toml: `[risk]\nprice_band = ${band}` });
        const mid = t.account.mid("BTC")!;
        const edge = mid * (below ? 1 - band : 1 + band);
        const inside = below ? Math.ceil(edge) + 1 : Math.floor(edge) - 1;
        const outside = below ? Math.floor(edge) - 1 : Math.ceil(edge) + 1;
        // Alo so an inside sell above the mid or buy below it rests instead of crossing.
        const order = (px: number) => wireOrder(t.assets.BTC!, below, String(px), "0.001", { tif: "Alo" });
        expect(await attempt(t, [order(inside)])).toBe("sent");
        expect(await attempt(t, [order(outside)])).toBe("price_band");
      }),
      RUNS,
    );
  });

  it("max_open_orders (counting the batch)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), async (max) => {
        const t = await env.trader({ toml: `[risk]\nmax_open_orders = ${max}` });
        const px = String(Math.round(t.account.mid("BTC")! * 0.9));
        const o = wireOrder(t.assets.BTC!, true, px, "0.001");
        expect(
          await attempt(
            t,
            Array.from({ length: max + 1 }, () => o),
          ),
        ).toBe("max_open_orders");
        expect(
          await attempt(
            t,
            Array.from({ length: max }, () => o),
          ),
        ).toBe("sent");
        expect(await attempt(t, [o])).toBe("max_open_orders");
      }),
      RUNS,
    );
  });

  it("max_orders_per_second (global, sliding one second)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), async (max) => {
        const t = await env.trader({ toml: `[risk]\nmax_orders_per_second = ${max}` });
        const px = String(Math.round(t.account.mid("BTC")! * 0.9));
        const o = wireOrder(t.assets.BTC!, true, px, "0.001");
        for (let i = 0; i < max; i++) expect(await attempt(t, [o])).toBe("sent");
        expect(await attempt(t, [o])).toBe("max_orders_per_second");
      }),
      { numRuns: 4 },
    );
  });

  it("allow: only listed symbols", async () => {
    const t = await env.trader({ toml: '[risk]\nallow = ["ETH"]' });
    expect(await attempt(t, [wireOrder(t.assets.BTC!, true, String(Math.round(t.account.mid("BTC")! * 0.9)), "0.001")])).toBe("allow");
    expect(await attempt(t, [wireOrder(t.assets.ETH!, true, String(Math.round(t.account.mid("ETH")! * 0.9)), "0.01")])).toBe("sent");
  });

  it("a reduce-only order that shrinks a position passes growth limits; one that flips it does not", async () => {
    const t = await env.trader({ toml: "[risk]\nmax_order_notional = 100000" });
    const mid = t.account.mid("ETH")!;
    // Take a 1 ETH long from the devnet's maker.
    expect(await attempt(t, [wireOrder(t.assets.ETH!, true, String(Math.round(mid * 1.02)), "1", { tif: "Ioc" })])).toBe("sent");
    await t.account.refresh();
    expect(t.account.position("ETH")).toBe(1);
    t.guard.risk!.config = { ...t.guard.risk!.config, max_order_notional: 10, allow: ["BTC"] };
    const sell = (sz: string, r: boolean) => wireOrder(t.assets.ETH!, false, String(Math.round(mid * 1.03)), sz, { r });
    expect(await attempt(t, [sell("0.5", false)])).toBe("allow");
    expect(await attempt(t, [sell("1.5", true)])).toBe("allow");
    expect(await attempt(t, [sell("0.5", true)])).toBe("sent");
  });
});
