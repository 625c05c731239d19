/**
 * `hl cancel --coin C --oid N` and `hl cancel-all`: cancels through the guard-rail pipeline
 * (cancels pass a tripped kill switch; read-only refuses them like every action).
 */
import { cancelAllOpen } from "../../guard/killswitch.js";
import { report, runCommand, UsageError, type CommandSpec } from "../args.js";
import { SESSION_OPTIONS, withSession } from "../guard-session.js";

export const spec = {
  name: "cancel",
  summary: "Cancel one order by coin and order id through the guard rails.",
  description: "The key comes from HL_PRIVATE_KEY. Exits 1 when the exchange or the guard refuses the cancel.",
  options: {
    coin: { type: "string", value: "COIN", description: "the order's coin" },
    oid: { type: "integer", value: "N", description: "the order id" },
    ...SESSION_OPTIONS,
  },
  examples: ["HL_PRIVATE_KEY=0x… hl cancel --coin BTC --oid 12345", "HL_PRIVATE_KEY=0x… hl cancel --coin ETH --oid 7 --json"],
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values }) => {
    if (values.coin === undefined || values.oid === undefined)
      return report(new UsageError("hl cancel: --coin and --oid are required", { hint: "`hl cancel --help`" }));
    return withSession("cancel", values, {}, async (s) => {
      const asset = await s.metadata.resolve(values.coin!);
      const res = await s.exchange!.cancel({ cancels: [{ a: asset.asset, o: values.oid! }] });
      const status = res.response.data.statuses[0];
      const ok = status === "success";
      s.out(`cancel ${values.coin} oid ${values.oid}: ${ok ? "canceled" : `refused: ${JSON.stringify(status)}`}`, {
        coin: values.coin,
        oid: values.oid,
        status,
      });
      return ok ? 0 : 1;
    });
  });
}

export const cancelAllSpec = {
  name: "cancel-all",
  summary: "Cancel every open order of the account (every coin: perps on every dex, and spot).",
  description: "The key comes from HL_PRIVATE_KEY. Unlike `hl kill`, this does not trip the kill switch.",
  options: { ...SESSION_OPTIONS },
  examples: ["HL_PRIVATE_KEY=0x… hl cancel-all", "HL_PRIVATE_KEY=0x… hl cancel-all --url testnet --json"],
} satisfies CommandSpec;

export function runCancelAll(argv: string[]): Promise<number> {
  return runCommand(cancelAllSpec, argv, async ({ values }) =>
    withSession("cancel-all", values, {}, async (s) => {
      const open = s.orders!.openOrderRefs().length;
      const canceled = await cancelAllOpen(s.exchange!, s.orders!);
      s.out(`cancel-all: ${canceled} of ${open} open orders canceled`, { open, canceled });
      return canceled === open ? 0 : 1;
    }),
  );
}
