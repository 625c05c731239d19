/**
 * `hl kill`: trips the kill switch (persisted in the store) and cancels every open order of the
 * account; until `hl kill --release`, every later action of any door using the same store is
 * refused except cancels and reduce-only orders.
 */
import { runCommand, type CommandSpec } from "../args.js";
import { SESSION_OPTIONS, withSession } from "../guard-session.js";
import { cancelAllOpen } from "../../guard/killswitch.js";

export const spec = {
  name: "kill",
  summary: "Trip the kill switch and cancel every open order (or --release it).",
  description: [
    "The switch lives in the guard store (the config's store.path) and survives restarts. Tripping needs",
    "HL_PRIVATE_KEY (to cancel); releasing does not. Exits 1 when some order could not be canceled.",
  ].join("\n"),
  options: {
    release: { type: "boolean", description: "release a tripped kill switch" },
    reason: { type: "string", value: "TEXT", default: "hl kill", description: "why (stored in the audit log)" },
    ...SESSION_OPTIONS,
  },
  examples: ["HL_PRIVATE_KEY=0x… hl kill --config guard.toml", "hl kill --release --config guard.toml --reason 'bug fixed'"],
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values }) => {
    if (values.release)
      return withSession("kill", values, { key: "none" }, async (s) => {
        const was = s.guard.killState;
        s.guard.release(values.reason === "hl kill" ? "hl kill --release" : values.reason);
        s.out(`kill switch released${was.tripped ? ` (was tripped: ${was.reason})` : " (was not tripped)"}`, {
          killSwitch: s.guard.killState,
          wasTripped: was.tripped,
        });
        return 0;
      });
    return withSession("kill", values, {}, async (s) => {
      s.guard.onTrip = undefined; // cancel here, so the count can be printed
      await s.guard.trip(values.reason);
      const open = s.orders!.openOrderRefs().length;
      const canceled = await cancelAllOpen(s.exchange!, s.orders!);
      s.out(`kill switch TRIPPED (${s.guard.killState.reason}); ${canceled} of ${open} open orders canceled`, {
        killSwitch: s.guard.killState,
        open,
        canceled,
      });
      return canceled === open ? 0 : 1;
    });
  });
}
