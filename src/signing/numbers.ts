/**
 * Number → wire conversions with the official Python SDK's exact semantics, and the
 * decimal-string path the public API prefers.
 */
import { Decimal } from "decimal.js";
import { ValidationError } from "../errors/base.js";

function fail(what: string, value: unknown, expected: string): never {
  throw new ValidationError(what, [{ path: "", value, expected }]);
}

/**
 * Python SDK `float_to_wire`: 8 decimals at most, refuses a value that rounding changes by
 * 1e-12 or more, prints the shortest decimal ("1670.1", "0.00000001", "100").
 */
export function floatToWire(x: number): string {
  if (!Number.isFinite(x)) fail("number", x, "a finite number");
  if (Math.abs(x) >= 1e21) return BigInt(x).toString();
  const rounded = x.toFixed(8);
  if (Math.abs(Number.parseFloat(rounded) - x) >= 1e-12) fail("number", x, "a number with at most 8 decimals (float_to_wire would round it)");
  return rounded.replace(/\.?0+$/, "");
}

/** Python's round(): half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python SDK `float_to_int`: x · 10^decimals, refusing more than 1e-3 of rounding. */
export function floatToInt(x: number, decimals: number): bigint {
  if (!Number.isFinite(x)) fail("number", x, "a finite number");
  // Python multiplies an int exactly (arbitrary precision); only floats go through a double.
  if (Number.isInteger(x)) return BigInt(x) * 10n ** BigInt(decimals);
  const scaled = x * 10 ** decimals;
  const rounded = roundHalfEven(scaled);
  if (Math.abs(rounded - scaled) >= 1e-3) fail("number", x, `a number with at most ${decimals} decimals (float_to_int would round it)`);
  return BigInt(rounded);
}

/** Python SDK `float_to_int_for_hashing` (8 decimals). */
export const floatToIntForHashing = (x: number): bigint => floatToInt(x, 8);
/** Python SDK `float_to_usd_int` (6 decimals). */
export const floatToUsdInt = (x: number): bigint => floatToInt(x, 6);

const DECIMAL_INPUT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/**
 * A price or size for the wire: decimal strings are canonicalised (trailing zeros dropped,
 * "-0" → "0"), numbers go through {@link floatToWire}. Exponents, NaN, "+1", ".5" are refused
 * because the exchange would hash a different string than the one signed.
 */
export function toWireDecimal(value: string | number | Decimal, field = "value"): string {
  if (value instanceof Decimal) return toWireDecimal(value.toFixed(), field);
  if (typeof value === "number") {
    try {
      return floatToWire(value);
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError("number", [{ ...e.issues[0]!, path: field }]);
      throw e;
    }
  }
  if (typeof value !== "string" || !DECIMAL_INPUT.test(value)) {
    throw new ValidationError("number", [{ path: field, value, expected: 'a decimal string such as "0.25" (no exponent, sign "+", or bare ".")' }]);
  }
  const trimmed = value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
  return trimmed === "-0" ? "0" : trimmed;
}
