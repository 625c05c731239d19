/**
 * Price and size rules of the exchange, on decimal strings (decimal.js, never floats):
 * a price has at most 5 significant figures (an integer price is always allowed) and at most
 * 6 − szDecimals decimals for perps, 8 − szDecimals for spot; a size at most szDecimals decimals.
 * Round to the nearest valid value or reject — the caller's choice.
 */
import { Decimal } from "decimal.js";
import { ValidationError } from "../errors/base.js";
import { toWireDecimal } from "../signing/numbers.js";

export type RoundingMode = "round" | "reject";

export interface PriceRules {
  szDecimals: number;
  /** Spot markets allow 8 − szDecimals price decimals, perps 6 − szDecimals. */
  isSpot: boolean;
}

/**
 * The input as a Decimal. In "round" mode a finite number is taken at its shortest decimal
 * form (a computed `mid * 1.001` may carry more than 8 decimals: rounding is the point);
 * otherwise it must be wire-exact ({@link toWireDecimal}).
 */
function toDecimal(x: string | number, field: string, mode: RoundingMode): Decimal {
  if (mode === "round" && typeof x === "number" && Number.isFinite(x)) return new Decimal(x);
  return new Decimal(toWireDecimal(x, field));
}

function fail(field: string, value: unknown, expected: string): never {
  throw new ValidationError(field, [{ path: field, value, expected }], { hint: 'Pass mode "round" to round to the nearest valid value.' });
}

/**
 * A valid wire price for the market, rounded half-even to the nearest valid price or rejected.
 * A price of 100 000 or more keeps its integer digits (integers are always valid).
 *
 * @example
 * ```ts
 * formatPrice("30123.5", { szDecimals: 5, isSpot: false }, "round"); // "30124"
 * formatPrice("0.0012345", { szDecimals: 1, isSpot: true });          // "0.0012345"
 * formatPrice("123456.7", { szDecimals: 0, isSpot: false }, "round"); // "123457"
 * ```
 */
export function formatPrice(px: string | number, rules: PriceRules, mode: RoundingMode = "reject"): string {
  const value = toDecimal(px, "price", mode);
  if (value.lte(0)) fail("price", px, "a positive price");
  const maxDecimals = Math.max(0, (rules.isSpot ? 8 : 6) - rules.szDecimals);
  let out = value;
  if (!value.isInteger())
    out = value.gte(10_000)
      ? value.toDecimalPlaces(Math.max(0, 5 - value.trunc().toFixed().length), Decimal.ROUND_HALF_EVEN)
      : value.toSignificantDigits(5, Decimal.ROUND_HALF_EVEN);
  out = out.toDecimalPlaces(maxDecimals, Decimal.ROUND_HALF_EVEN);
  if (mode === "reject" && !out.eq(value))
    fail(
      "price",
      px,
      `at most 5 significant figures and ${maxDecimals} decimals (szDecimals ${rules.szDecimals}, ${rules.isSpot ? "spot" : "perp"}); nearest valid is ${toWireDecimal(out.toFixed())}`,
    );
  if (out.lte(0)) fail("price", px, "a price that stays positive after rounding");
  return toWireDecimal(out.toFixed());
}

/**
 * A valid wire size for the market (at most szDecimals decimals), rounded half-even or rejected.
 *
 * @example
 * ```ts
 * formatSize("0.01235", 4, "round"); // "0.0124"
 * ```
 */
export function formatSize(sz: string | number, szDecimals: number, mode: RoundingMode = "reject"): string {
  const value = toDecimal(sz, "size", mode);
  if (value.lte(0)) fail("size", sz, "a positive size");
  const out = value.toDecimalPlaces(szDecimals, Decimal.ROUND_HALF_EVEN);
  if (mode === "reject" && !out.eq(value)) fail("size", sz, `at most ${szDecimals} decimals; nearest valid is ${toWireDecimal(out.toFixed())}`);
  if (out.lte(0)) fail("size", sz, `a size of at least ${new Decimal(10).pow(-szDecimals).toFixed()}`);
  return toWireDecimal(out.toFixed());
}

/** Whether a price string is valid for the market as is. */
export function isValidPrice(px: string, rules: PriceRules): boolean {
  try {
    formatPrice(px, rules, "reject");
    return true;
  } catch {
    return false;
  }
}
