/** Margin arithmetic: position value, unrealized PnL, account value, withdrawable. */
import { Decimal } from "decimal.js";
import { ZERO, type Account, type Position } from "./accounts.js";
import { initialMargin, maintenanceMargin } from "./rules.js";

export interface MarkSource {
  markPx(coin: string): Decimal;
  maxLeverage(coin: string): number;
}

export function unrealizedPnl(p: Position, mark: Decimal): Decimal {
  if (p.szi.isZero()) return ZERO;
  const signedEntry = p.szi.isNeg() ? p.entryNtl.neg() : p.entryNtl;
  return p.szi.times(mark).minus(signedEntry);
}

export function marginUsed(p: Position, mark: Decimal): Decimal {
  if (p.leverage.type === "isolated") return p.isolatedMargin.plus(unrealizedPnl(p, mark));
  return initialMargin(p.szi.abs().times(mark), p.leverage.value);
}

export interface MarginSummary {
  accountValue: Decimal;
  totalNtlPos: Decimal;
  totalRawUsd: Decimal;
  totalMarginUsed: Decimal;
  crossAccountValue: Decimal;
  crossNtlPos: Decimal;
  crossRawUsd: Decimal;
  crossMarginUsed: Decimal;
  crossMaintenance: Decimal;
  withdrawable: Decimal;
}

export function marginSummary(account: Account, marks: MarkSource): MarginSummary {
  let crossUpnl = ZERO;
  let crossNtl = ZERO;
  let crossMargin = ZERO;
  let crossMaint = ZERO;
  let crossRaw = account.usdc;
  let isoValue = ZERO;
  let isoNtl = ZERO;
  let isoMargin = ZERO;
  for (const p of account.positions.values()) {
    const mark = marks.markPx(p.coin);
    const ntl = p.szi.abs().times(mark);
    if (p.leverage.type === "isolated") {
      const value = p.isolatedMargin.plus(unrealizedPnl(p, mark));
      isoValue = isoValue.plus(value);
      isoNtl = isoNtl.plus(ntl);
      isoMargin = isoMargin.plus(value);
    } else {
      crossUpnl = crossUpnl.plus(unrealizedPnl(p, mark));
      crossNtl = crossNtl.plus(ntl);
      crossMargin = crossMargin.plus(initialMargin(ntl, p.leverage.value));
      crossMaint = crossMaint.plus(maintenanceMargin(ntl, marks.maxLeverage(p.coin)));
      crossRaw = crossRaw.minus(p.szi.isNeg() ? p.entryNtl.neg() : p.entryNtl);
    }
  }
  const crossAccountValue = account.usdc.plus(crossUpnl);
  const withdrawable = Decimal.max(ZERO, crossAccountValue.minus(crossMargin));
  return {
    accountValue: crossAccountValue.plus(isoValue),
    totalNtlPos: crossNtl.plus(isoNtl),
    totalRawUsd: crossRaw.plus(isoValue),
    totalMarginUsed: crossMargin.plus(isoMargin),
    crossAccountValue,
    crossNtlPos: crossNtl,
    crossRawUsd: crossRaw,
    crossMarginUsed: crossMargin,
    crossMaintenance: crossMaint,
    withdrawable,
  };
}

/** Cross liquidation price estimate: where account value meets maintenance margin. */
export function liquidationPx(account: Account, p: Position, marks: MarkSource, summary: MarginSummary): Decimal | null {
  if (p.szi.isZero()) return null;
  const mark = marks.markPx(p.coin);
  const cushion =
    p.leverage.type === "isolated"
      ? p.isolatedMargin.plus(unrealizedPnl(p, mark)).minus(maintenanceMargin(p.szi.abs().times(mark), marks.maxLeverage(p.coin)))
      : summary.crossAccountValue.minus(summary.crossMaintenance);
  const px = mark.minus(cushion.div(p.szi));
  return px.isNeg() || px.isZero() ? null : px;
}
