/**
 * `hl stream <type>`: one JSON message per line (`{"channel","data"}`), exits 0 after N data
 * messages (snapshots count). Server-side disconnects are survived by reconnecting and resubscribing.
 */
import { subscriptionEndpoints } from "../../../generated/ts/registry.js";
import { validate, type MessageName } from "../../../generated/ts/validate.js";
import { LOCAL, MAINNET, TESTNET } from "../../transport/networks.js";
import { WebSocketManager } from "../../transport/ws/index.js";
import { closest, report, runCommand, UsageError, type CommandSpec } from "../args.js";

const URLS: Record<string, string> = { mainnet: MAINNET.wsUrl, testnet: TESTNET.wsUrl, local: LOCAL.wsUrl };
const endpoints: Readonly<Record<string, { type: string; request: string; channel: string }>> = subscriptionEndpoints;

export const spec = {
  name: "stream",
  summary: 'Print a subscription\'s messages as JSON lines ({"channel","data"}).',
  positionals: "<type>",
  description: "The subscription's parameters (--coin, --user, --interval, --dex) are checked against the schema before connecting.",
  options: {
    coin: { type: "string", value: "COIN", description: "coin of l2Book, trades, candle, activeAssetCtx…" },
    user: { type: "string", value: "0xADDRESS", description: "user of userFills, orderUpdates, webData…" },
    interval: { type: "string", value: "1m|1h|…", description: "candle interval" },
    dex: { type: "string", value: "DEX", description: "perp dex name (allMids, assetCtxs…)" },
    url: { type: "string", value: "ws://…", description: "WebSocket URL (overrides --network)" },
    network: { type: "string", value: "NAME", choices: Object.keys(URLS), default: "local", description: "which exchange to connect to" },
    count: { type: "integer", value: "N", min: 1, description: "exit after N data messages", defaultText: "run until Ctrl-C" },
  },
  examples: [
    "hl stream l2Book --coin BTC --count 1",
    "hl stream trades --coin ETH --network mainnet",
    "hl stream userFills --user 0x… --url ws://127.0.0.1:3001/ws",
  ],
  notes: `types: ${Object.keys(endpoints).join(", ")}`,
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(
    spec,
    argv,
    async ({ values, positionals }) => {
      const type = positionals[0];
      const ep = type ? endpoints[type] : undefined;
      if (!ep) {
        const near = type ? closest(type, Object.keys(endpoints)) : undefined;
        return report(
          new UsageError(`hl stream: ${type ? `unknown subscription type "${type}"${near ? `; did you mean ${near}?` : ""}` : "missing <type>"}`, {
            details: `one of: ${Object.keys(endpoints).join(", ")}`,
          }),
        );
      }
      const subscription: { type: string } & Record<string, unknown> = { type: ep.type };
      for (const key of ["coin", "user", "interval", "dex"] as const) if (values[key] !== undefined) subscription[key] = values[key];
      const issues = validate(ep.request as MessageName, subscription);
      if (issues.length)
        return report(
          new UsageError(
            `hl stream: ${issues.map((i) => `--${i.path} ${i.value === undefined ? "is required" : `is ${JSON.stringify(i.value)}`}: expected ${i.expected}`).join("; ")}`,
          ),
        );
      const url = values.url ?? URLS[values.network]!;
      const count = values.count ?? Infinity;
      const manager = new WebSocketManager({ url });
      manager.on("reconnecting", (e) => console.error(`hl stream: reconnecting (attempt ${e.attempt})`));
      let seen = 0;
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        manager.subscribe(subscription, (data: unknown) => {
          if (seen >= count) return;
          seen++;
          process.stdout.write(`${JSON.stringify({ channel: ep.channel, data })}\n`);
          if (seen >= count) resolve();
        });
      });
      await manager.close();
      return 0;
    },
    { maxPositionals: 1 },
  );
}
