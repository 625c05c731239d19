/**
 * Liquidation, simplified: when the mark moves (checked on each clock tick), an account whose
 * cross equity is below its cross maintenance margin loses its cross positions, and an
 * isolated position whose margin plus PnL is below its own maintenance margin is closed. The
 * devnet closes at the mark price against no one (no liquidator vault, no partial steps);
 * the PnL is realized, the account's open orders are canceled and a ledger update recorded.
 */
import { ZERO, type Account, type Position } from "./accounts.js";
import type { Engine } from "./engine.js";
import { wire } from "./format.js";
import { marginSummary, unrealizedPnl } from "./margin.js";
import { isLiquidatable, maintenanceMargin } from "./rules.js";

/** Positions of `account` that are below maintenance at the current marks. */
export function underwaterPositions(engine: Engine, account: Account): Position[] {
  if (account.system || account.positions.size === 0) return [];
  const out: Position[] = [];
  const summary = marginSummary(account, engine);
  const cross = [...account.positions.values()].filter((p) => p.leverage.type === "cross");
  if (isLiquidatable(summary.crossAccountValue, summary.crossMaintenance)) out.push(...cross);
  for (const p of account.positions.values()) {
    if (p.leverage.type !== "isolated") continue;
    const mark = engine.markPx(p.coin);
    const equity = p.isolatedMargin.plus(unrealizedPnl(p, mark));
    if (isLiquidatable(equity, maintenanceMargin(p.szi.abs().times(mark), engine.maxLeverage(p.coin)))) out.push(p);
  }
  return out;
}

/** Closes `positions` of `account` at the mark. */
export function liquidate(engine: Engine, account: Account, positions: Position[]): void {
  if (!positions.length) return;
  const accountValue = marginSummary(account, engine).accountValue;
  for (const oid of [...account.openOrders.keys()]) engine.cancelOrder(account, oid, "liquidatedCanceled");
  let ntl = ZERO;
  for (const p of positions) {
    const mark = engine.markPx(p.coin);
    ntl = ntl.plus(p.szi.abs().times(mark));
    account.usdc = account.usdc.plus(unrealizedPnl(p, mark)).plus(p.isolatedMargin);
    account.leverage.set(p.coin, p.leverage);
    account.positions.delete(p.coin);
  }
  engine.ledger(account, {
    type: "liquidation",
    liquidatedNtlPos: wire(ntl, 6),
    accountValue: wire(accountValue, 6),
    leverageType: positions.every((p) => p.leverage.type === "isolated") ? "Isolated" : "Cross",
    liquidatedPositions: positions.map((p) => ({ coin: p.coin, szi: wire(p.szi) })),
  });
}

/** Liquidates every account that is below maintenance; returns the addresses liquidated. */
export function checkLiquidations(engine: Engine): string[] {
  const hit: string[] = [];
  for (const account of engine.accounts.values()) {
    const under = underwaterPositions(engine, account);
    if (!under.length) continue;
    liquidate(engine, account, under);
    hit.push(account.address);
  }
  return hit;
}
