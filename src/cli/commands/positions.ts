/**
 * `hl positions`: the account as the guard rails see it: equity, each position (size, entry,
 * notional at the mark, unrealized PnL), open orders and the kill switch. Read-only: sends no
 * action, so it works in every mode; the user is HL_PRIVATE_KEY's address or --user. In paper mode
 * it shows the paper account instead (positions, realized PnL and fees from the stored paper fills).
 */
import { report, runCommand, UsageError, type CommandSpec } from "../args.js";
import { SESSION_OPTIONS, withSession } from "../guard-session.js";

export const spec = {
  name: "positions",
  summary: "Show equity, positions, open orders and the kill switch of the account.",
  options: {
    user: { type: "string", value: "0xADDRESS", description: "account to show", defaultText: "HL_PRIVATE_KEY's address" },
    ...SESSION_OPTIONS,
  },
  examples: ["HL_PRIVATE_KEY=0x… hl positions", "hl positions --user 0x5e9ee1089755c3435139848e47e6635505d5a13a --url mainnet --json"],
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values }) => {
    if (values.user === undefined && !process.env.HL_PRIVATE_KEY)
      return report(new UsageError("hl positions: give --user 0x… or set HL_PRIVATE_KEY", { hint: "`hl positions --help`" }));
    if (values.user !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(values.user))
      return report(new UsageError(`hl positions: --user ${JSON.stringify(values.user)}: expected a 20-byte hex address "0x" + 40 hex digits`));
    return withSession("positions", values, { key: values.user === undefined ? "required" : "none", user: values.user }, async (s) => {
      const user = s.account!.user;
      const kill = s.guard.killState;
      if (s.paper) {
        // Paper mode: the paper account (rebuilt from the store's paper fills), not the live one.
        const paper = s.paper.venue.summary();
        s.out(
          [
            `paper account ${user}: usdc ${paper.usdc}, realized PnL ${paper.realizedPnl}, fees ${paper.fees}`,
            ...paper.positions.map((p) => `${p.coin} ${p.size} @ ${p.entryPx} uPnL ${p.unrealizedPnl}`),
            ...(paper.positions.length === 0 ? ["no positions"] : []),
            `kill switch: ${kill.tripped ? `TRIPPED (${kill.reason})` : "released"}`,
          ],
          { user, paper, killSwitch: kill },
        );
        return 0;
      }
      const state = await s.info.clearinghouseState({ user });
      const positions = state.assetPositions.map(({ position: p }) => ({
        coin: p.coin,
        size: p.szi,
        entryPx: p.entryPx,
        notional: p.positionValue,
        unrealizedPnl: p.unrealizedPnl,
      }));
      const lines = [
        `account ${user}: equity ${state.marginSummary.accountValue} USD, margin used ${state.marginSummary.totalMarginUsed}`,
        ...positions.map((p) => `${p.coin} ${p.size} @ ${p.entryPx ?? "-"} notional ${p.notional} uPnL ${p.unrealizedPnl}`),
        ...(positions.length === 0 ? ["no positions"] : []),
        `open orders: ${s.account!.openOrders()}`,
        `kill switch: ${kill.tripped ? `TRIPPED (${kill.reason})` : "released"}`,
      ];
      s.out(lines, {
        user,
        equity: state.marginSummary.accountValue,
        positions,
        openOrders: s.account!.openOrders(),
        killSwitch: kill,
      });
      return 0;
    });
  });
}
