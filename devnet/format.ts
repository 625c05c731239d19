/** Numbers as the API prints them on the wire (a leaf module: the book and accounts both use it). */
import { Decimal } from "decimal.js";

/**
 * A decimal string as the API prints numbers: no exponent, no trailing zeros beyond one
 * decimal, and whole numbers with ".0" ("26951.0", "0.0", "1.3189").
 */
export function num(s: string): string {
  const t = s === "-0" ? "0" : s;
  return t.includes(".") ? t : `${t}.0`;
}

/** Decimal to the wire in the API's number format (see {@link num}). */
export function wire(d: Decimal, decimals?: number): string {
  return num(decimals === undefined ? d.toFixed() : d.toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN).toFixed());
}
