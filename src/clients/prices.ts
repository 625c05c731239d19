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

function fail(field: string, value: unknown, expected: string): never {
  throw new ValidationError(field, [{ path: field, value, expected }], { hint: 'Pass mode "round" to round to the nearest valid value.' });
}

/** A valid wire price for the market, rounded half-even or rejected. */
export function formatPrice(px: string | number, rules: PriceRules, mode: RoundingMode = "reject"): string {
  const value = new Decimal(toWireDecimal(px, "price"));
  if (value.lte(0)) fail("price", px, "a positive price");
  const maxDecimals = Math.max(0, (rules.isSpot ? 8 : 6) - rules.szDecimals);
  let out = value;
  if (!value.isInteger()) out = out.toSignificantDigits(5, Decimal.ROUND_HALF_EVEN);
  out = out.toDecimalPlaces(maxDecimals, Decimal.ROUND_HALF_EVEN);
  if (mode === "reject" && !out.eq(value)) fail("price", px, `at most 5 significant figures and ${maxDecimals} decimals (szDecimals ${rules.szDecimals}, ${rules.isSpot ? "spot" : "perp"}); nearest valid is ${toWireDecimal(out.toFixed())}`);
  if (out.lte(0)) fail("price", px, "a price that stays positive after rounding");
  return toWireDecimal(out.toFixed());
}

/** A valid wire size for the market, rounded half-even or rejected. */
export function formatSize(sz: string | number, szDecimals: number, mode: RoundingMode = "reject"): string {
  const value = new Decimal(toWireDecimal(sz, "size"));
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
