/**
 * The exchange's rules as the devnet enforces them, written from Hyperliquid's documentation
 * ("Tick and lot size", "Margining", "Liquidations"), not taken from the SDK's client helpers,
 * so a test can hold the two against each other. All arithmetic is decimal.js.
 *
 * - Price: at most 5 significant figures and at most MAX_DECIMALS − szDecimals decimals
 *   (MAX_DECIMALS 6 for perps, 8 for spot); an integer price is always allowed.
 * - Size: at most szDecimals decimals.
 * - An order's notional must be at least $10.
 * - Initial margin = notional / leverage; maintenance margin = half the initial margin at the
 *   market's max leverage. An account (or isolated position) whose equity is below its
 *   maintenance margin is liquidated.
 */
import { Decimal } from "decimal.js";
import { ValidationError } from "../src/index.js";

export interface MarketRules {
  kind: "perp" | "spot";
  szDecimals: number;
}

export const MAX_SIG_FIGS = 5;
export const MIN_NOTIONAL = new Decimal(10);

/** Max price decimals: 6 − szDecimals for perps, 8 − szDecimals for spot (never below 0). */
export function pxDecimals(market: MarketRules): number {
  return Math.max(0, (market.kind === "perp" ? 6 : 8) - market.szDecimals);
}

/** Whether `px` (a wire decimal) is on the market's tick: positive, and integer or ≤ 5 sig figs and ≤ pxDecimals decimals. */
export function isValidPx(px: string | Decimal, market: MarketRules): boolean {
  let d: Decimal;
  try {
    d = new Decimal(px);
  } catch {
    return false;
  }
  if (!d.isFinite() || d.lte(0)) return false;
  if (d.isInteger()) return true;
  return d.sd() <= MAX_SIG_FIGS && d.dp() <= pxDecimals(market);
}

/**
 * The valid price nearest to `px` (half-even): 5 significant figures, except that integer
 * digits are never dropped, then at most pxDecimals decimals. Used for the devnet's own quotes.
 */
export function roundPx(px: number | Decimal, market: MarketRules): string {
  const value = new Decimal(px);
  if (!value.isFinite() || value.lte(0)) throw priceError(px, "a positive finite price");
  let out = value;
  if (!value.isInteger()) {
    const intDigits = value.trunc().toFixed().length;
    out = value.gte(1)
      ? value.toDecimalPlaces(Math.max(0, MAX_SIG_FIGS - intDigits), Decimal.ROUND_HALF_EVEN)
      : value.toSignificantDigits(MAX_SIG_FIGS, Decimal.ROUND_HALF_EVEN);
  }
  out = out.toDecimalPlaces(pxDecimals(market), Decimal.ROUND_HALF_EVEN);
  if (out.lte(0)) throw priceError(px, `a price that stays positive at ${pxDecimals(market)} decimals`);
  return out.toFixed();
}

function priceError(px: number | Decimal, expected: string): ValidationError {
  return new ValidationError("devnet price", [{ path: "price", value: String(px), expected }], {
    hint: "The devnet quotes around its oracle price; check the market's configured px.",
  });
}

/** Whether `sz` has at most szDecimals decimals (the lot size). */
export function isValidSize(sz: Decimal, market: MarketRules): boolean {
  return sz.dp() <= market.szDecimals;
}

/** The $10 minimum order value. */
export function meetsMinNotional(px: Decimal, sz: Decimal): boolean {
  return px.times(sz).gte(MIN_NOTIONAL);
}

/** Margin a position (or an order opening one) of `notional` needs at `leverage`. */
export function initialMargin(notional: Decimal, leverage: number): Decimal {
  return notional.div(leverage);
}

/** Half the initial margin at the market's max leverage. */
export function maintenanceMargin(notional: Decimal, maxLeverage: number): Decimal {
  return notional.div(2 * maxLeverage);
}

/** An account whose equity is below its maintenance margin is liquidated (none when it holds no position). */
export function isLiquidatable(equity: Decimal, maintenance: Decimal): boolean {
  return maintenance.gt(0) && equity.lt(maintenance);
}
