/**
 * The pre-flight checks read decimal strings directly (no decimal.js on the passing path). This
 * holds them to the decimal.js rules they replaced, on random prices, sizes, mids and bands,
 * including values a hair's breadth from a band's bound.
 */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkOrder, type AssetInfo } from "../../src/clients/preflight.js";
import { ValidationError } from "../../src/errors/base.js";

/** The decimal.js formulation of the rules (the implementation before the string fast path). */
function oracle(info: AssetInfo, sz: string, px: string, mid: string, deviation: number): "ok" | "sz" | "px" | "band" {
  const s = new Decimal(sz);
  if (s.lte(0) || s.decimalPlaces() > info.szDecimals) return "sz";
  const p = new Decimal(px);
  const maxDecimals = Math.max(0, (info.kind === "spot" ? 8 : 6) - info.szDecimals);
  if (p.lte(0) || (p.isInteger() ? 0 : p.sd(true)) > 5 || p.decimalPlaces() > maxDecimals) return "px";
  const m = new Decimal(mid);
  if (m.gt(0) && (p.lt(m.mul(1 - deviation)) || p.gt(m.mul(1 + deviation)))) return "band";
  return "ok";
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      fc.constant("0"),
      digits(1, 7).map((d) => d.replace(/^0+(?=.)/, "") || "0"),
    ),
    fc.option(digits(1, 9)),
  )
  .map(([neg, int, frac]) => `${neg && int !== "0" ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}`)
  .filter((s) => !/^-0(\.0*)?$/.test(s));

async function verdict(info: AssetInfo, sz: string, px: string, mid: string, deviation: number): Promise<string> {
  const lookup = { resolve: async () => info, mid: async () => mid };
  try {
    await checkOrder(lookup, { coin: info.coin, sz, limitPx: px }, { maxDeviation: deviation });
    return "ok";
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const issue = e.issues[0]!;
    if (issue.path === "sz") return "sz";
    return issue.expected.includes("of the mid") ? "band" : "px";
  }
}

describe("pre-flight string checks agree with decimal.js", () => {
  const market = fc.record({
    coin: fc.constant("X"),
    asset: fc.constant(0),
    szDecimals: fc.integer({ min: 0, max: 6 }),
    kind: fc.constantFrom("perp" as const, "spot" as const),
  });

  it("on random sizes, prices, mids and bands", async () => {
    await fc.assert(
      fc.asyncProperty(market, decimalString, decimalString, decimalString, fc.double({ min: 0.001, max: 0.9, noNaN: true }), async (info, sz, px, mid, d) => {
        expect(await verdict(info, sz, px, mid, d)).toBe(oracle(info, sz, px, mid, d));
      }),
      { numRuns: 3000 },
    );
  });

  it("at the band's bounds, and one unit of the last digit either side", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: -3, max: 3 }),
        fc.constantFrom(0.05, 0.1, 0.25, 0.5, 0.3333),
        fc.constantFrom(-1, 0, 1),
        fc.boolean(),
        async (midDigits, exp, d, nudge, upper) => {
          const mid = new Decimal(midDigits).mul(new Decimal(10).pow(exp));
          const bound = mid.mul(upper ? 1 + d : 1 - d).toSignificantDigits(5);
          const px = bound.plus(new Decimal(10).pow(bound.e - 4).mul(nudge)).toFixed();
          const info: AssetInfo = { coin: "X", asset: 0, szDecimals: 0, kind: "spot" };
          expect(await verdict(info, "1", px, mid.toFixed(), d)).toBe(oracle(info, "1", px, mid.toFixed(), d));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("returns the canonical wire strings", async () => {
    const info: AssetInfo = { coin: "BTC", asset: 0, szDecimals: 5, kind: "perp" };
    const out = await checkOrder({ resolve: async () => info, mid: async () => undefined }, { coin: "BTC", sz: "0.01230", limitPx: "30123.0" });
    expect([out.sz, out.px]).toEqual(["0.0123", "30123"]);
  });
});
