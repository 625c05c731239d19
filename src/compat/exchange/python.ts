/**
 * Python semantics the compat Exchange needs: `str(x)` of a number, `round(x, n)` and
 * `f"{x:.5g}"` on the exact binary value of a double (half to even, like CPython), the SDK's
 * `_slippage_price`, `json.dumps` with its default separators, and the `Cloid` class.
 */
import { Decimal } from "decimal.js";
import { ValidationError } from "../../errors/base.js";

/** The exact decimal value of a finite double (no shortest-repr rounding). */
export function exactDecimal(x: number): Decimal {
  if (!Number.isFinite(x)) throw new ValidationError("number", [{ path: "", value: x, expected: "a finite number" }]);
  if (Number.isInteger(x)) return new Decimal(BigInt(x).toString());
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (exp === 0) e2 = -1074;
  else {
    mantissa |= 1n << 52n;
    e2 = exp - 1075;
  }
  // Non-integer, so e2 < 0: x = m / 2^k = m·5^k / 10^k.
  const k = -e2;
  const digits = (mantissa * 5n ** BigInt(k)).toString().padStart(k + 1, "0");
  const text = `${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
  return new Decimal(`${negative ? "-" : ""}${text}`);
}

/** Python's `round(x, ndigits)` for a float: correctly rounded, ties to even. */
export function pyRound(x: number, ndigits: number): number {
  const d = exactDecimal(x);
  if (ndigits >= 0) return d.toDecimalPlaces(ndigits, Decimal.ROUND_HALF_EVEN).toNumber();
  const unit = new Decimal(10).pow(-ndigits);
  return d.div(unit).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).mul(unit).toNumber();
}

/** `float(f"{x:.5g}")`: x rounded to 5 significant figures, ties to even. */
export function pySig5(x: number): number {
  if (x === 0) return 0;
  return exactDecimal(x).toSignificantDigits(5, Decimal.ROUND_HALF_EVEN).toNumber();
}

/**
 * The Python SDK's `_slippage_price`: mid · (1 ± slippage), then 5 significant figures, then
 * 6 − szDecimals decimals (perp) or 8 − szDecimals (spot).
 */
export function slippagePrice(px: number, isBuy: boolean, slippage: number, szDecimals: number, isSpot: boolean): number {
  const moved = px * (isBuy ? 1 + slippage : 1 - slippage);
  return pyRound(pySig5(moved), (isSpot ? 8 : 6) - szDecimals);
}

/**
 * Python's `str()` of a number. A whole JS number is treated as a Python int ("100"), like the
 * same value sent through JSON; other numbers print as Python's float repr ("0.1", "1e-05").
 * Strings pass through unchanged.
 */
export function pyStr(x: number | string): string {
  if (typeof x === "string") return x;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (Number.isInteger(x)) return BigInt(x).toString();
  const [mant, expText] = x.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    // Same shortest digits as JS; both print fixed-point in this range.
    const s = String(x);
    return s.includes(".") ? s : `${s}.0`;
  }
  return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** Python's `json.dumps(value)` with its default separators (", " and ": ") and ensure_ascii. */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value).toString() : pyStr(value);
  if (typeof value === "string") return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`)
    .join(", ")}}`;
}

/** The Python SDK's `Cloid`: a 16-byte client order id as 0x + 32 hex digits. */
export class Cloid {
  private readonly raw: string;

  constructor(raw_cloid: string) {
    if (typeof raw_cloid !== "string" || raw_cloid.slice(0, 2) !== "0x")
      throw new ValidationError("cloid", [{ path: "cloid", value: raw_cloid, expected: "a hex string starting with 0x" }]);
    if (raw_cloid.length - 2 !== 32) throw new ValidationError("cloid", [{ path: "cloid", value: raw_cloid, expected: "16 bytes (0x + 32 hex digits)" }]);
    this.raw = raw_cloid;
  }

  /** `Cloid.from_int(7)` → 0x00000000000000000000000000000007. */
  static from_int(cloid: number | bigint): Cloid {
    return new Cloid(`0x${BigInt(cloid).toString(16).padStart(32, "0")}`);
  }

  static from_str(cloid: string): Cloid {
    return new Cloid(cloid);
  }

  to_raw(): string {
    return this.raw;
  }

  toString(): string {
    return this.raw;
  }

  toJSON(): string {
    return this.raw;
  }
}

/** A Cloid or its raw string → the raw string. */
export function rawCloid(cloid: Cloid | string): string {
  return cloid instanceof Cloid ? cloid.to_raw() : new Cloid(cloid).to_raw();
}
