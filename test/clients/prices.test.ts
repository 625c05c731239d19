/** Price/size rules: 5 significant figures (integers always allowed), 6/8 − szDecimals decimals. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPrice, formatSize, isValidPrice } from "../../src/clients/prices.js";
import { ValidationError } from "../../src/errors/base.js";

const perp = (szDecimals: number) => ({ szDecimals, isSpot: false });
const spot = (szDecimals: number) => ({ szDecimals, isSpot: true });

describe("price and size helpers", () => {
  it("accepts valid prices as they are", () => {
    expect(formatPrice("30123", perp(5))).toBe("30123");
    expect(formatPrice("123456", perp(5))).toBe("123456"); // integer: always allowed
    expect(formatPrice("0.0012345", spot(1))).toBe("0.0012345");
    expect(() => formatPrice("0.0012345", spot(2))).toThrow(/nearest valid is 0.001234/);
    expect(formatPrice(1670.1, perp(4))).toBe("1670.1");
  });
  it("rejects with the nearest valid value, or rounds", () => {
    expect(() => formatPrice("30123.5", perp(5))).toThrow(ValidationError);
    expect(() => formatPrice("30123.5", perp(5))).toThrow(/nearest valid is 30124/);
    expect(formatPrice("30123.5", perp(5), "round")).toBe("30124");
    expect(formatPrice("1.234567", perp(0), "round")).toBe("1.2346");
    expect(formatPrice("0.00001234", perp(1), "round")).toBe("0.00001");
    expect(() => formatPrice("0", perp(1))).toThrow(/positive/);
  });
  it("keeps the integer digits of prices of 100 000 and more (the nearest valid is an integer)", () => {
    expect(formatPrice("123456.7", perp(0), "round")).toBe("123457");
    expect(() => formatPrice("123456.7", perp(0))).toThrow(/nearest valid is 123457/);
    expect(formatPrice("12345.67", perp(0), "round")).toBe("12346");
    expect(formatPrice("99999.7", perp(0), "round")).toBe("100000");
  });
  it("rounds computed floats in round mode, refuses them in reject mode", () => {
    expect(formatPrice(1 / 3, perp(0), "round")).toBe("0.33333");
    expect(formatPrice(2000 * 1.0003, spot(2), "round")).toBe("2000.6");
    expect(() => formatPrice(1 / 3, perp(0))).toThrow(ValidationError);
    expect(formatSize(0.1 + 0.2, 2, "round")).toBe("0.3");
    expect(formatPrice(1e-7, spot(0), "round")).toBe("0.0000001");
  });
  it("sizes", () => {
    expect(formatSize("0.0123", 4)).toBe("0.0123");
    expect(() => formatSize("0.01234", 4)).toThrow(/at most 4 decimals/);
    expect(formatSize("0.01235", 4, "round")).toBe("0.0124");
    expect(() => formatSize("0.00001", 4, "round")).toThrow(/at least 0.0001/);
    expect(() => formatSize("-1", 2)).toThrow(/positive/);
    expect(() => formatSize(Number.NaN, 2)).toThrow(ValidationError);
  });
  it("rounded prices are always valid and idempotent (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 5 }), fc.boolean(), (x, szDecimals, isSpot) => {
        const rules = { szDecimals, isSpot };
        let px: string;
        try {
          px = formatPrice(Number(x.toPrecision(12)), rules, "round");
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError); // rounds to zero: refused, never a bad price
          return;
        }
        expect(isValidPrice(px, rules)).toBe(true);
        expect(formatPrice(px, rules, "round")).toBe(px);
      }),
      { numRuns: 500 },
    );
  });
});
