/**
 * `hl order --coin C --side buy|sell --size S (--price P | --market)`: one order through the
 * guard-rail pipeline (mode, kill switch, risk rules, audit, sign, send). A refusal exits 1 and
 * names the rule; an order the exchange rejects exits 1 with its reason.
 */
import { slippagePrice } from "../../compat/exchange/python.js";
import { report, runCommand, UsageError, type CommandSpec } from "../args.js";
import { SESSION_OPTIONS, withSession } from "../guard-session.js";

export const spec = {
  name: "order",
  summary: "Place one order through the guard rails (mode, kill switch, risk limits, audit log).",
  description: [
    "The key comes from HL_PRIVATE_KEY. --market sends an Ioc limit order 5% through the mid (as the Python",
    "SDK's market_open does). A guard refusal (read-only, kill switch, a risk rule) exits 1 and names the rule;",
    "dry-run signs and prints the payload without sending it.",
  ].join("\n"),
  options: {
    coin: { type: "string", value: "COIN", description: 'coin: "BTC", "PURR/USDC", "@1"' },
    side: { type: "string", value: "SIDE", choices: ["buy", "sell"], description: "buy or sell" },
    size: { type: "string", value: "SIZE", description: "size in coins (a decimal within the coin's szDecimals)" },
    price: { type: "string", value: "PRICE", description: "limit price (a valid tick: 5 significant figures)" },
    market: { type: "boolean", description: "market order: Ioc at the mid ± slippage" },
    slippage: { type: "string", value: "FRACTION", default: "0.05", description: "slippage of --market" },
    "reduce-only": { type: "boolean", description: "only reduce a position (passes the kill switch and growth limits)" },
    tif: { type: "string", value: "TIF", choices: ["Gtc", "Ioc", "Alo"], default: "Gtc", description: "time in force of a --price order" },
    ...SESSION_OPTIONS,
  },
  examples: [
    "HL_PRIVATE_KEY=0x… hl order --coin BTC --side buy --size 0.001 --price 90000",
    "HL_PRIVATE_KEY=0x… hl order --coin ETH --side sell --size 0.1 --market --reduce-only --config guard.toml",
    "HL_PRIVATE_KEY=0x… hl order --coin SOL --side buy --size 1 --price 150 --mode dry-run --json",
  ],
} satisfies CommandSpec;

/** One status of an order answer as a line of text. */
export function describeStatus(status: unknown): { text: string; ok: boolean } {
  if (status === "waitingForFill" || status === "waitingForTrigger") return { text: status, ok: true };
  if (typeof status === "object" && status !== null) {
    const s = status as Record<string, Record<string, unknown> | string | undefined>;
    if (typeof s.resting === "object") return { text: `resting oid ${String(s.resting.oid)}`, ok: true };
    if (typeof s.filled === "object") return { text: `filled ${String(s.filled.totalSz)} @ ${String(s.filled.avgPx)} oid ${String(s.filled.oid)}`, ok: true };
    if (typeof s.error === "string") return { text: `rejected: ${s.error}`, ok: false };
  }
  return { text: JSON.stringify(status), ok: false };
}

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values }) => {
    const missing = (["coin", "side", "size"] as const).filter((k) => values[k] === undefined);
    if (missing.length) return report(new UsageError(`hl order: missing ${missing.map((k) => `--${k}`).join(", ")}`, { hint: "`hl order --help`" }));
    if ((values.price === undefined) === !values.market)
      return report(new UsageError("hl order: give exactly one of --price P or --market", { hint: "`hl order --help`" }));
    const slippage = Number(values.slippage);
    if (!(slippage >= 0 && slippage < 1)) return report(new UsageError(`hl order: --slippage ${JSON.stringify(values.slippage)}: expected a number in [0, 1)`));
    const coin = values.coin!;
    const isBuy = values.side === "buy";
    return withSession("order", values, {}, async (s) => {
      const asset = await s.metadata.resolve(coin);
      const sz = await s.metadata.formatSize(coin, values.size!);
      let px: string;
      let tif = values.tif as "Gtc" | "Ioc" | "Alo";
      if (values.market) {
        const mid = Number(await s.metadata.mid(coin));
        if (!(mid > 0)) throw new UsageError(`hl order: no mid price for ${coin}; --market needs one`, { hint: "give --price instead" });
        px = await s.metadata.formatPrice(coin, slippagePrice(mid, isBuy, slippage, asset.szDecimals, asset.kind === "spot"), "round");
        tif = "Ioc";
      } else px = await s.metadata.formatPrice(coin, values.price!);
      // Paper mode matches against the coin's live book: copy it in first.
      await s.paper?.load([asset.coin]);
      const order = { a: asset.asset, b: isBuy, p: px, s: sz, r: values["reduce-only"] === true, t: { limit: { tif } } };
      const res = await s.exchange!.order({ orders: [order], grouping: "na" });
      const status = describeStatus(res.response.data.statuses[0]);
      const dryRun = (res as { dryRun?: { payload: Record<string, unknown> } }).dryRun;
      const head = `order ${coin} ${values.side} ${sz} @ ${px} ${tif}${order.r ? " reduce-only" : ""}`;
      s.out(dryRun ? `${head}: signed, not sent (dry-run; nonce ${String(dryRun.payload.nonce)})` : `${head}: ${status.text}`, {
        order: { coin, side: values.side, size: sz, price: px, tif, reduceOnly: order.r },
        status: res.response.data.statuses[0],
        ...(dryRun ? { dryRun } : {}),
      });
      return status.ok ? 0 : 1;
    });
  });
}
