/**
 * Pre-flight checks of orders, before anything is signed or sent: the coin is listed, the size
 * is a positive number with at most szDecimals decimals, the price has at most 5 significant
 * figures (an integer price always passes) and at most 6 − szDecimals decimals (perps) or
 * 8 − szDecimals (spot), and — when configured — lies within a band around the mid price.
 * Every failure is a {@link ValidationError} naming the field, the value and what is allowed.
 *
 * Opt-in for {@link ExchangeClient} users (`new ExchangeClient({ …, preflight: new Preflight(lookup) })`)
 * or standalone with {@link checkOrder}; the Python-compatible `Exchange` always uses it.
 */
import { Decimal } from "decimal.js";
import { ValidationError, type ValidationIssue } from "../errors/base.js";
import { toWireDecimal } from "../signing/numbers.js";
import type { AssetInfo, AssetLookup } from "./metadata.js";

export type { AssetInfo, AssetLookup } from "./metadata.js";

/** A lookup that can also resolve numeric asset ids (needed to check wire actions). */
export interface AssetIdLookup extends AssetLookup {
  resolveAsset?(asset: number): Promise<AssetInfo | undefined>;
}

export interface PreflightOptions {
  /**
   * Largest allowed |price / mid − 1| for a limit price (e.g. 0.5 = ±50%). Unset: no band check
   * (and no mid lookup). Skipped when the lookup has no mid for the coin.
   */
  maxDeviation?: number;
}

/** One order as a person writes it (coin name, not asset id). */
export interface OrderToCheck {
  coin: string;
  sz: string | number;
  limitPx: string | number;
  triggerPx?: string | number | undefined;
}

/** What a passing check resolved: the market and the canonical wire strings. */
export interface CheckedOrder {
  info: AssetInfo;
  sz: string;
  px: string;
}

/** The names errors give each field (e.g. the Python SDK's "limit_px"). */
export interface OrderFieldNames {
  coin: string;
  sz: string;
  limitPx: string;
  triggerPx: string;
}
const DEFAULT_FIELDS: OrderFieldNames = { coin: "coin", sz: "sz", limitPx: "limitPx", triggerPx: "triggerPx" };
type FieldNames = OrderFieldNames;

function fail(issue: ValidationIssue, cause?: unknown): never {
  throw new ValidationError("order", [issue], { hint: "Nothing was signed or sent.", ...(cause === undefined ? {} : { cause }) });
}

/**
 * The value as a canonical wire decimal string (see {@link toWireDecimal}), or a ValidationError
 * for NaN, infinities and malformed strings. The checks below read the string itself: decimal.js
 * is only needed for the "nearest valid" hints of a failure (about 4 µs per order saved).
 */
function wireOf(value: unknown, path: string, what: string): string {
  if (typeof value === "number" && !Number.isFinite(value)) fail({ path, value, expected: `a finite ${what}` });
  if (typeof value !== "number" && typeof value !== "string") fail({ path, value, expected: `a ${what} as a number or decimal string` });
  try {
    return toWireDecimal(value, path);
  } catch (e) {
    if (e instanceof ValidationError) fail({ ...e.issues[0]!, path }, e);
    throw e;
  }
}

/** A canonical wire decimal ("-1.5", "0", "30123", "0.0123": no exponent, no trailing zeros). */
const isPositive = (wire: string): boolean => wire !== "0" && !wire.startsWith("-");
const decimalPlaces = (wire: string): number => {
  const dot = wire.indexOf(".");
  return dot < 0 ? 0 : wire.length - dot - 1;
};
/** Significant figures of a non-integer (integers always pass the 5-figure rule, so 0 for them). */
function significantFigures(wire: string): number {
  if (!wire.includes(".")) return 0;
  let i = wire.startsWith("-") ? 1 : 0;
  let leading = 0;
  for (; i < wire.length && (wire[i] === "0" || wire[i] === "."); i++) if (wire[i] === "0") leading++;
  return wire.length - (wire.startsWith("-") ? 1 : 0) - 1 - leading;
}

function checkPrice(px: string, raw: unknown, path: string, info: AssetInfo): void {
  if (!isPositive(px)) fail({ path, value: raw, expected: "a positive price" });
  const maxDecimals = Math.max(0, (info.kind === "spot" ? 8 : 6) - info.szDecimals);
  if (significantFigures(px) > 5 || decimalPlaces(px) > maxDecimals) {
    const rule = `at most 5 significant figures (or an integer) and ${maxDecimals} decimals for ${info.coin} (${info.kind}, szDecimals ${info.szDecimals})`;
    let nearest = new Decimal(px);
    if (!nearest.isInteger()) nearest = nearest.toSignificantDigits(5, Decimal.ROUND_HALF_EVEN);
    nearest = nearest.toDecimalPlaces(maxDecimals, Decimal.ROUND_HALF_EVEN);
    fail({ path, value: raw, expected: `${rule}; nearest valid is ${toWireDecimal(nearest.toFixed())}` });
  }
}

/**
 * Whether `px` lies within [mid·(1−d), mid·(1+d)], exactly as decimal.js decides it. Doubles
 * decide every case but a hair's breadth from a bound, which goes to decimal.js.
 */
function withinBand(px: string, mid: string, deviation: number): boolean {
  const p = Number(px);
  const lo = Number(mid) * (1 - deviation);
  const hi = Number(mid) * (1 + deviation);
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (!close(p, lo) && !close(p, hi)) return p >= lo && p <= hi;
  const m = new Decimal(mid);
  const exact = new Decimal(px);
  return !(exact.lt(m.mul(1 - deviation)) || exact.gt(m.mul(1 + deviation)));
}

/**
 * Checks one order against the market's rules. Resolves the coin through `lookup` (and its mid
 * when a band is configured). Throws {@link ValidationError}; never signs or sends.
 */
export async function checkOrder(
  lookup: AssetLookup,
  order: OrderToCheck,
  options: PreflightOptions = {},
  at = "",
  fields: FieldNames = DEFAULT_FIELDS,
): Promise<CheckedOrder> {
  const path = (f: keyof FieldNames): string => `${at}${fields[f]}`;
  if (typeof order.coin !== "string" || order.coin === "")
    fail({ path: path("coin"), value: order.coin, expected: 'a coin name such as "BTC" or "PURR/USDC"' });
  let info: AssetInfo;
  try {
    info = await lookup.resolve(order.coin);
  } catch (e) {
    if (e instanceof ValidationError) fail({ path: path("coin"), value: order.coin, expected: e.issues[0]?.expected ?? "a coin the exchange lists" }, e);
    throw e;
  }
  return checkResolved(lookup, info, order, options, path);
}

async function checkResolved(
  lookup: AssetLookup,
  info: AssetInfo,
  order: Omit<OrderToCheck, "coin">,
  options: PreflightOptions,
  path: (f: keyof FieldNames) => string,
): Promise<CheckedOrder> {
  const sz = wireOf(order.sz, path("sz"), "size");
  if (!isPositive(sz)) fail({ path: path("sz"), value: order.sz, expected: "a positive size" });
  if (decimalPlaces(sz) > info.szDecimals) {
    fail({
      path: path("sz"),
      value: order.sz,
      expected: `at most ${info.szDecimals} decimals for ${info.coin} (szDecimals); nearest valid is ${toWireDecimal(new Decimal(sz).toDecimalPlaces(info.szDecimals, Decimal.ROUND_HALF_EVEN).toFixed())}`,
    });
  }
  const px = wireOf(order.limitPx, path("limitPx"), "price");
  checkPrice(px, order.limitPx, path("limitPx"), info);
  if (order.triggerPx !== undefined) checkPrice(wireOf(order.triggerPx, path("triggerPx"), "price"), order.triggerPx, path("triggerPx"), info);
  if (options.maxDeviation !== undefined) {
    const mid = await lookup.mid(info.coin);
    // A mid that is not a number still fails loudly (decimal.js throws), as it always did.
    const midValue = mid === undefined ? 0 : Number.isNaN(Number(mid)) ? new Decimal(mid).toNumber() : Number(mid);
    if (mid !== undefined && midValue > 0 && !withinBand(px, mid, options.maxDeviation)) {
      const m = new Decimal(mid);
      const lo = m.mul(1 - options.maxDeviation);
      const hi = m.mul(1 + options.maxDeviation);
      fail({
        path: path("limitPx"),
        value: order.limitPx,
        expected: `a price within ±${options.maxDeviation * 100}% of the mid ${mid} of ${info.coin} (${lo.toSignificantDigits(6).toFixed()} … ${hi.toSignificantDigits(6).toFixed()})`,
      });
    }
  }
  return { info, sz, px };
}

interface WireOrderLike {
  a: number;
  s: string;
  p: string;
  t?: { trigger?: { triggerPx?: string } };
}

/**
 * Reusable pre-flight checker. `checkAction` is the hook ExchangeClient calls before signing
 * `order`, `batchModify` and `modify` actions; it maps asset ids back to markets through the
 * lookup's `resolveAsset` or the markets this checker resolved before.
 */
export class Preflight {
  private readonly byAsset = new Map<number, AssetInfo>();

  constructor(
    readonly lookup: AssetIdLookup,
    readonly options: PreflightOptions = {},
  ) {}

  /** Checks one order by coin name; see {@link checkOrder}. */
  async checkOrder(order: OrderToCheck, at = "", fields: OrderFieldNames = DEFAULT_FIELDS): Promise<CheckedOrder> {
    const out = await checkOrder(this.lookup, order, this.options, at, fields);
    this.byAsset.set(out.info.asset, out.info);
    return out;
  }

  /** Checks every order of a wire action (`order`, `batchModify`, `modify`); other actions pass. */
  async checkAction(type: string, action: Record<string, unknown>): Promise<void> {
    const orders: [WireOrderLike, string][] = [];
    if (type === "order") (action.orders as WireOrderLike[]).forEach((o, i) => orders.push([o, `action.orders[${i}].`]));
    else if (type === "batchModify") (action.modifies as { order: WireOrderLike }[]).forEach((m, i) => orders.push([m.order, `action.modifies[${i}].order.`]));
    else if (type === "modify") orders.push([(action as { order: WireOrderLike }).order, "action.order."]);
    for (const [o, at] of orders) {
      const info = await this.assetInfo(o.a, `${at}a`);
      const fields = { coin: "a", sz: "s", limitPx: "p", triggerPx: "t.trigger.triggerPx" };
      await checkResolved(this.lookup, info, { sz: o.s, limitPx: o.p, triggerPx: o.t?.trigger?.triggerPx }, this.options, (f) => `${at}${fields[f]}`);
    }
  }

  private async assetInfo(asset: number, path: string): Promise<AssetInfo> {
    const known = this.byAsset.get(asset) ?? (await this.lookup.resolveAsset?.(asset));
    if (!known) fail({ path, value: asset, expected: "an asset id the lookup knows (resolve its coin once, or use a lookup with resolveAsset)" });
    this.byAsset.set(asset, known);
    return known;
  }
}
