/**
 * `hl stream <type> [--coin C] [--user 0x…] [--interval 1m] [--dex D] [--url ws://…]
 *   [--network mainnet|testnet|local] [--count N]`: one JSON message per line
 * (`{"channel","data"}`), exits 0 after N data messages (snapshots count). Server-side
 * disconnects are survived by reconnecting and resubscribing.
 */
import { parseArgs } from "node:util";
import { subscriptionEndpoints } from "../../../generated/ts/registry.js";
import { validate, type MessageName } from "../../../generated/ts/validate.js";
import { LOCAL, MAINNET, TESTNET } from "../../transport/networks.js";
import { WebSocketManager } from "../../transport/ws/index.js";

const URLS: Record<string, string> = { mainnet: MAINNET.wsUrl, testnet: TESTNET.wsUrl, local: LOCAL.wsUrl };
type Ep = { type: string; request: string; channel: string };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      coin: { type: "string" },
      user: { type: "string" },
      interval: { type: "string" },
      dex: { type: "string" },
      url: { type: "string" },
      network: { type: "string", default: "local" },
      count: { type: "string" },
    },
  });
  const endpoints = subscriptionEndpoints as unknown as Record<string, Ep>;
  const type = positionals[0];
  const ep = type ? endpoints[type] : undefined;
  if (!ep) {
    console.error(`hl stream: ${type ? `unknown subscription type "${type}"` : "missing <type>"}; one of: ${Object.keys(endpoints).join(", ")}`);
    return 2;
  }
  const subscription: Record<string, unknown> = { type: ep.type };
  for (const key of ["coin", "user", "interval", "dex"] as const) if (values[key] !== undefined) subscription[key] = values[key];
  const issues = validate(ep.request as MessageName, subscription);
  if (issues.length) {
    console.error(`hl stream: ${issues.map((i) => `--${i.path} ${i.value === undefined ? "is required" : `is ${JSON.stringify(i.value)}`}: expected ${i.expected}`).join("; ")}`);
    return 2;
  }
  const count = values.count === undefined ? Infinity : Number(values.count);
  if (!(count > 0)) {
    console.error("hl stream: --count must be a positive number");
    return 2;
  }
  const url = values.url ?? URLS[values.network ?? "local"];
  if (!url) {
    console.error(`hl stream: --network must be one of ${Object.keys(URLS).join(", ")}`);
    return 2;
  }
  const manager = new WebSocketManager({ url });
  manager.on("reconnecting", (e) => console.error(`hl stream: reconnecting (attempt ${e.attempt})`));
  let seen = 0;
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once("SIGINT", stop);
    manager.subscribe(subscription as never, (data: unknown) => {
      if (seen >= count) return;
      seen++;
      process.stdout.write(`${JSON.stringify({ channel: ep.channel, data })}\n`);
      if (seen >= count) resolve();
    });
  });
  await manager.close();
  return 0;
}
