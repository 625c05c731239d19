/**
 * Properties of the pure transitions under random event sequences (fills of any size up to
 * what is open, duplicated fills, answers, rejections, lost orders, timers, prices):
 * filled never exceeds the target; slices respect min/max; a trailing stop never moves
 * against the trader; a cloid is never issued twice; the input state is never mutated.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { childFilled, filledLots, type AlgoCommand, type AlgoEvent, type AlgoState, type MarketRef } from "../../src/algos/core.js";
import { createIceberg, icebergAlgo, icebergStep } from "../../src/algos/iceberg.js";
import { createTrailingStop, trailingAlgo, trailingStep } from "../../src/algos/trailing.js";
import { createTwap, twapAlgo, twapStep, type TwapParams } from "../../src/algos/twap.js";
import { bracket, conditionalStep, createConditional, oco } from "../../src/algos/conditional.js";

const BTC: MarketRef = { coin: "BTC", asset: 0, szDecimals: 3, isSpot: false };

/** What the "exchange" does next to a live child, chosen by fast-check. */
const exchangeMove = fc.record({
  kind: fc.constantFrom("fill", "fill", "fill", "dupFill", "placed", "rejected", "unknown", "done", "timer", "price", "trade"),
  pick: fc.nat(),
  fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  dt: fc.integer({ min: 0, max: 3000 }),
  px: fc.double({ min: 90, max: 110, noNaN: true }),
});

type Move = { kind: string; pick: number; fraction: number; dt: number; px: number };

/** How many events an `idle` predicate claimed (the properties check that some were). */
let idleSeen = 0;

/** Drives `step` with moves; checks the invariants after every transition. */
function drive<S extends AlgoState>(
  start: S,
  step: (s: S, e: AlgoEvent) => { state: S; commands: AlgoCommand[] },
  moves: Move[],
  check: (s: S, cmds: AlgoCommand[]) => void,
  idle?: (s: S, e: AlgoEvent) => boolean,
) {
  let s = step(start, { type: "start", now: 0 }).state;
  let now = 0;
  let fillN = 0;
  const cloids = new Set<string>(Object.keys(s.children));
  const lastFill: Record<string, string> = {};
  for (const m of moves) {
    now += m.dt;
    const live = Object.values(s.children).filter((c) => c.status === "pending" || c.status === "open");
    const c = live.length ? live[m.pick % live.length]! : undefined;
    let e: AlgoEvent;
    if ((m.kind === "fill" || m.kind === "dupFill") && c) {
      const left = c.lots - childFilled(c);
      const lots = Math.max(1, Math.floor(left * m.fraction));
      const key = m.kind === "dupFill" && lastFill[c.cloid] ? lastFill[c.cloid]! : `${c.cloid}:${fillN++}`;
      lastFill[c.cloid] = key;
      e = { type: "fill", cloid: c.cloid, key, lots: Math.min(lots, left), px: m.px, now };
    } else if (m.kind === "placed" && c)
      e = {
        type: "placed",
        cloid: c.cloid,
        resting: m.fraction < 0.5,
        filledLots: m.fraction < 0.5 ? 0 : c.lots - childFilled(c) > 0 ? childFilled(c) : 0,
        now,
      };
    else if (m.kind === "rejected" && c && c.status === "pending") e = { type: "rejected", cloid: c.cloid, error: "x", now };
    else if (m.kind === "unknown" && c) e = { type: "status", cloid: c.cloid, status: "unknown", now };
    else if (m.kind === "done" && c) e = { type: "status", cloid: c.cloid, status: "done", filledLots: childFilled(c), now };
    else if (m.kind === "price") e = { type: "price", coin: "BTC", source: "mid", px: m.px, now };
    else if (m.kind === "trade") e = { type: "trade", coin: "BTC", sz: m.fraction * 2, px: m.px, now };
    else e = { type: "timer", now };
    const before = JSON.stringify(s);
    const next = step(s, e);
    expect(JSON.stringify(s)).toBe(before); // pure: the input is untouched
    // The runner skips idle events: the step must agree (no command, nothing but `updated` changed).
    if (idle?.(s, e)) {
      expect(next.commands).toEqual([]);
      expect({ ...next.state, updated: s.updated }).toEqual(s);
      idleSeen++;
    }
    for (const cmd of next.commands)
      if (cmd.type === "place") {
        expect(cloids.has(cmd.cloid)).toBe(false);
        cloids.add(cmd.cloid);
      }
    s = next.state;
    check(s, next.commands);
    expect(filledLots(s)).toBeLessThanOrEqual(s.targetLots);
  }
  return s;
}

const twapParams = fc.record({
  size: fc.integer({ min: 1, max: 5000 }),
  durationMs: fc.integer({ min: 1000, max: 60_000 }),
  intervals: fc.integer({ min: 1, max: 40 }),
  randomize: fc.option(fc.double({ min: 0, max: 0.9, noNaN: true }), { nil: undefined }),
  min: fc.integer({ min: 1, max: 50 }),
  extra: fc.integer({ min: 0, max: 500 }),
  catchUp: fc.boolean(),
  participation: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true }), { nil: undefined }),
  priceLimit: fc.option(fc.double({ min: 95, max: 105, noNaN: true }), { nil: undefined }),
});

describe("TWAP transition", () => {
  it("never fills past the target; every slice within [min, max] except a smaller final remainder; IOC at or inside the price limit", () => {
    fc.assert(
      fc.property(twapParams, fc.array(exchangeMove, { maxLength: 120 }), (p, moves) => {
        const params: TwapParams = {
          coin: "BTC",
          side: "buy",
          size: p.size / 1000,
          durationMs: p.durationMs,
          intervalMs: Math.max(1, Math.floor(p.durationMs / p.intervals)),
          randomize: p.randomize,
          minSlice: p.min / 1000,
          maxSlice: (p.min + p.extra) / 1000,
          catchUp: p.catchUp,
          participation: p.participation,
          priceLimit: p.priceLimit,
        };
        const start = createTwap("t1", BTC, params, 0);
        drive(
          start,
          twapStep,
          moves,
          (s, cmds) => {
            for (const c of cmds) {
              if (c.type !== "place") continue;
              expect(c.tif).toBe("Ioc");
              expect(c.lots).toBeLessThanOrEqual(p.min + p.extra);
              const remainder = s.targetLots - (filledLots(s) + 0);
              if (c.lots < p.min) expect(c.lots).toBeLessThanOrEqual(remainder);
              if (p.priceLimit !== undefined) expect(c.px).toBeLessThanOrEqual(p.priceLimit + 1e-9);
            }
            const open = Object.values(s.children).filter((c) => c.status === "pending" || c.status === "open").length;
            expect(open).toBeLessThanOrEqual(1);
            if (p.participation !== undefined) expect(filledLots(s)).toBeLessThanOrEqual(Math.max(p.participation * s.data.marketLots, 0) + p.min + p.extra);
          },
          twapAlgo.idle,
        );
      }),
      { numRuns: 300 },
    );
    expect(idleSeen).toBeGreaterThan(0);
  });

  it("finishes a plain schedule: every slice fills at once → done with exactly the target", () => {
    let s = createTwap("t2", BTC, { coin: "BTC", side: "sell", size: "1.234", durationMs: 10_000, intervalMs: 1000 }, 0);
    s = twapStep(s, { type: "price", coin: "BTC", source: "mid", px: 100, now: 0 }).state;
    const sizes: number[] = [];
    for (let now = 0; now <= 20_000 && s.status === "running"; now += 100) {
      const r = twapStep(s, { type: "timer", now });
      s = r.state;
      for (const c of r.commands)
        if (c.type === "place") {
          sizes.push(c.lots);
          expect(c.px).toBeCloseTo(99.5);
          s = twapStep(s, { type: "placed", cloid: c.cloid, resting: false, filledLots: c.lots, now }).state;
        }
    }
    expect(s.status).toBe("done");
    expect(filledLots(s)).toBe(1234);
    expect(sizes.length).toBe(10);
  });
});

describe("twap slices and the exchange's minimum order value", () => {
  const ETH: MarketRef = { coin: "ETH", asset: 1, szDecimals: 4, isSpot: false };
  const run = (partial: (lots: number, i: number, left: number) => number) => {
    let s = createTwap("tv", ETH, { coin: "ETH", side: "buy", size: "0.4", durationMs: 2000, intervalMs: 100, maxSlice: "0.05" }, 0);
    s = twapStep(s, { type: "price", coin: "ETH", source: "mid", px: 3000, now: 0 }).state;
    const values: { value: number; left: number; lots: number }[] = [];
    for (let now = 0, i = 0; now <= 60_000 && s.status === "running"; now += 50) {
      const r = twapStep(s, { type: "timer", now });
      s = r.state;
      for (const c of r.commands)
        if (c.type === "place") {
          const value = (c.lots / 1e4) * c.px;
          const left = s.targetLots - filledLots(s);
          values.push({ value, left, lots: c.lots });
          // As the exchange: an order worth less than $10 is refused.
          s =
            value < 10
              ? twapStep(s, { type: "rejected", cloid: c.cloid, error: "Order must have minimum value of $10. asset=1", now }).state
              : twapStep(s, { type: "placed", cloid: c.cloid, resting: false, filledLots: partial(c.lots, i++, left), now }).state;
        }
    }
    return { s, values };
  };

  it("a short fill mid-schedule is caught up in a slice worth ≥ $10, not in a refused one of 2 lots", () => {
    const { s, values } = run((lots, i) => (i === 7 ? lots - 2 : lots));
    expect(values.every((v) => v.value >= 10)).toBe(true);
    expect(s.status).toBe("done");
    expect(filledLots(s)).toBe(4000);
  });

  it("a last slice filled 2 lots short ends the TWAP done, not failed after five refused 2-lot slices", () => {
    const { s, values } = run((lots, _i, left) => (lots === left ? lots - 2 : lots));
    expect(values.every((v) => v.value >= 10)).toBe(true);
    expect(s.status).toBe("done");
    expect(s.reason).toContain("minimum order");
    expect(filledLots(s)).toBe(3998);
  });

  it("random partial fills: every slice is worth ≥ $10, and the TWAP ends done within $10 of the target", () => {
    fc.assert(
      // Up to 20 lots short a slice: a minimum slice (34 lots at 3015) still fills some, so the TWAP progresses.
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 60 }), (shorts) => {
        const { s, values } = run((lots, i) => Math.max(0, lots - (shorts[i % shorts.length] ?? 0)));
        expect(values.every((v) => v.value >= 10)).toBe(true);
        expect(s.status).toBe("done");
        expect(filledLots(s)).toBeLessThanOrEqual(4000);
        expect(4000 - filledLots(s)).toBeLessThan(34); // within $10 at 3015 (34 lots)
      }),
      { numRuns: 200 },
    );
  });
});

describe("iceberg display orders and the exchange's minimum order value", () => {
  it("a display worth less than $10 is shown at $10; the last shows all that is left; a remainder below $10 ends it done", () => {
    const ETH: MarketRef = { coin: "ETH", asset: 1, szDecimals: 4, isSpot: false };
    let s = createIceberg("iv", ETH, { coin: "ETH", side: "buy", size: "0.0108", displaySize: "0.001", limitPx: 3000 }, 0);
    const shown: number[] = [];
    const feed = (event: Parameters<typeof icebergStep>[1]): void => {
      const r = icebergStep(s, event);
      s = r.state;
      for (const c of r.commands)
        if (c.type === "place") {
          shown.push(c.lots);
          // The last display order fills 2 lots short of the target: nothing worth ordering is left.
          const fill = shown.length === 3 ? c.lots - 2 : c.lots;
          feed({ type: "placed", cloid: c.cloid, resting: false, filledLots: fill, now: event.now });
        }
    };
    for (let now = 0; now < 10 && s.status === "running"; now++) feed({ type: "timer", now });
    // 108 lots: 34 ($10.2, not 10), 34, then all 40 left (34 would leave 6); it fills 38.
    expect(shown).toEqual([34, 34, 40]);
    expect(filledLots(s)).toBe(106);
    expect(s.status).toBe("done");
    expect(s.reason).toContain("minimum order");
  });
});

describe("iceberg transition", () => {
  it("never fills past the target; one display order at a time, each ≤ display (± randomisation, at least $10 worth) and ≥ 1 lot", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.option(fc.double({ min: 0, max: 0.9, noNaN: true }), { nil: undefined }),
        fc.array(exchangeMove, { maxLength: 150 }),
        (size, display, r, moves) => {
          const start = createIceberg(
            "i1",
            BTC,
            { coin: "BTC", side: "buy", size: size / 1000, displaySize: Math.min(display, size) / 1000, limitPx: 100, randomizeDisplay: r },
            0,
          );
          drive(
            start,
            icebergStep,
            moves,
            (s, cmds) => {
              for (const c of cmds)
                if (c.type === "place") {
                  expect(c.lots).toBeGreaterThanOrEqual(1);
                  // ≤ display (± randomisation), raised to the $10 minimum order (100 lots at 100), plus a remainder below it.
                  const floor = 100;
                  expect(c.lots).toBeLessThanOrEqual(Math.max(Math.ceil(Math.min(display, size) * (1 + (r ?? 0))) + 1, floor) + floor - 1);
                  expect(c.px).toBe(100);
                }
              expect(Object.values(s.children).filter((c) => c.status === "pending" || c.status === "open").length).toBeLessThanOrEqual(1);
            },
            icebergAlgo.idle,
          );
        },
      ),
      { numRuns: 300 },
    );
    expect(idleSeen).toBeGreaterThan(0);
  });
});

describe("trailing stop transition", () => {
  it("the stop never moves against the trader and fires only on a breach of the current stop", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("buy", "sell") as fc.Arbitrary<"buy" | "sell">,
        fc.boolean(),
        fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        fc.option(fc.double({ min: 90, max: 110, noNaN: true }), { nil: undefined }),
        fc.array(fc.double({ min: 50, max: 150, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (side, percent, trail, activationPx, path) => {
          let s = createTrailingStop(
            "s1",
            BTC,
            { coin: "BTC", side, size: 1, ...(percent ? { trailPercent: trail } : { trailAmount: trail * 100 }), activationPx, source: "mid" },
            0,
          );
          let prevStop: number | undefined;
          path.forEach((px, i) => {
            const r = trailingStep(s, { type: "price", coin: "BTC", source: "mid", px, now: i });
            s = r.state;
            const stop = s.data.stopPx;
            if (prevStop !== undefined && stop !== undefined) {
              if (side === "sell") expect(stop).toBeGreaterThanOrEqual(prevStop);
              else expect(stop).toBeLessThanOrEqual(prevStop);
            }
            for (const c of r.commands) {
              expect(c.type === "place" && c.reduceOnly && c.side === side).toBe(true);
              expect(side === "sell" ? px <= stop! : px >= stop!).toBe(true);
            }
            if (stop !== undefined) prevStop = stop;
          });
          expect(Object.keys(s.children).length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the events the runner skips as idle (timers and trades before it fires) change nothing", () => {
    const before = idleSeen;
    fc.assert(
      fc.property(fc.array(exchangeMove, { maxLength: 120 }), (moves) => {
        const start = createTrailingStop("s3", BTC, { coin: "BTC", side: "sell", size: 1, trailAmount: 3, source: "mid" }, 0);
        drive(start, trailingStep, moves, () => undefined, trailingAlgo.idle);
      }),
      { numRuns: 200 },
    );
    expect(idleSeen).toBeGreaterThan(before);
  });

  it("fires at best × (1 − trail) after activation", () => {
    let s = createTrailingStop("s2", BTC, { coin: "BTC", side: "sell", size: 1, trailPercent: 0.05, activationPx: 105, source: "mark" }, 0);
    const fired: number[] = [];
    [100, 104, 106, 110, 108, 105, 104.6, 104.4, 103].forEach((px, i) => {
      const r = trailingStep(s, { type: "price", coin: "BTC", source: "mark", px, now: i });
      s = r.state;
      if (r.commands.length) fired.push(px);
    });
    expect(s.data.stopPx).toBeCloseTo(104.5);
    expect(fired).toEqual([104.4]);
  });
});

describe("conditional transition", () => {
  it("OCO: never more filled than placed, each named order placed once, the other canceled on a fill", () => {
    fc.assert(
      fc.property(fc.array(exchangeMove, { maxLength: 80 }), (moves) => {
        const start = createConditional("c1", BTC, oco("BTC", { side: "sell", size: 1, px: 110 }, { side: "sell", size: 1, px: 90, tif: "Gtc" }), 0);
        const end = drive(start, conditionalStep, moves, (s) => {
          expect(Object.keys(s.children).length).toBeLessThanOrEqual(2);
        });
        const filledBoth = Object.values(end.children).filter((c) => childFilled(c) > 0).length;
        // A fill of one asks for the other's cancel; both can fill only if the second filled before the cancel landed.
        expect(filledBoth).toBeLessThanOrEqual(2);
      }),
      { numRuns: 200 },
    );
  });

  it("bracket: TP and SL only after the entry fills; an SL fill cancels the TP; then done", () => {
    let s = createConditional("c2", BTC, bracket("BTC", { side: "buy", size: 1, px: 100, tif: "Gtc" }, { triggerPx: 110 }, { triggerPx: 95 }), 0);
    let r = conditionalStep(s, { type: "start", now: 0 });
    expect(r.commands.map((c) => c.type === "place" && c.px)).toEqual([100]);
    s = r.state;
    const entry = s.data.named.entry!;
    r = conditionalStep(s, { type: "fill", cloid: entry, key: "k1", lots: 1000, px: 100, now: 1 });
    const placed = r.commands.filter((c) => c.type === "place");
    expect(placed.map((c) => c.type === "place" && c.trigger?.tpsl)).toEqual(["tp", "sl"]);
    s = r.state;
    r = conditionalStep(s, { type: "fill", cloid: s.data.named.sl!, key: "k2", lots: 1000, px: 95, now: 2 });
    expect(r.commands).toEqual([{ type: "cancel", cloid: s.data.named.tp }]);
    s = conditionalStep(r.state, { type: "status", cloid: s.data.named.tp!, status: "done", filledLots: 0, now: 3 }).state;
    expect(s.status).toBe("done");
  });

  it("if-then-else: price above → then; the until time first → else", () => {
    const params = {
      coin: "BTC",
      orders: { buy: { side: "buy" as const, size: 1, px: 101 }, sell: { side: "sell" as const, size: 1, px: 99 } },
      rules: [{ if: { price: { coin: "BTC", above: 105 } }, then: [{ place: "buy" }], else: [{ place: "sell" }], until: 1000 }],
    };
    let s = createConditional("c3", BTC, params, 0);
    let r = conditionalStep(s, { type: "price", coin: "BTC", source: "mid", px: 106, now: 10 });
    expect(r.commands.map((c) => c.type === "place" && c.side)).toEqual(["buy"]);
    s = createConditional("c4", BTC, params, 0);
    r = conditionalStep(s, { type: "price", coin: "BTC", source: "mid", px: 100, now: 10 });
    expect(r.commands).toEqual([]);
    r = conditionalStep(r.state, { type: "timer", now: 1001 });
    expect(r.commands.map((c) => c.type === "place" && c.side)).toEqual(["sell"]);
  });

  it("names a bad parameter: field, value and what is allowed", () => {
    expect(() => createTwap("x", BTC, { coin: "BTC", side: "buy", size: 1, durationMs: 1000, intervalMs: 5000 }, 0)).toThrow(
      /intervalMs is 5000.*at most durationMs/,
    );
    expect(() => createConditional("x", BTC, { coin: "BTC", orders: {}, rules: [{ if: { time: { after: 1 } }, then: [{ place: "nope" }] }] }, 0)).toThrow(
      /rules\[0\]\.actions\[0\] is "nope".*named orders/,
    );
  });
});
