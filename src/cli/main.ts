/**
 * `hl`: the command line. Each command lives in ./commands and exports `run(argv)` returning
 * an exit code; commands load lazily so `hl sign` does not pay for the devnet or the transport.
 */
import { closest, redact } from "./args.js";

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  sign: { summary: "sign JSON-lines actions from stdin with HL_PRIVATE_KEY", load: () => import("./commands/sign.js") },
  schema: { summary: "list every request type the SDK supports (--list), or print one message's schema", load: () => import("./commands/schema.js") },
  conformance: { summary: "validate record/replay cassettes against the schema", load: () => import("./commands/conformance.js") },
  stream: { summary: "print a subscription's messages as JSON lines (--count N)", load: () => import("./commands/stream.js") },
  info: { summary: "send one info request and print the JSON answer (--coin BTC --user 0x… --url …)", load: () => import("./commands/info.js") },
  devnet: { summary: "run the local Hyperliquid-compatible exchange (--port 3001)", load: () => import("./commands/devnet.js") },
  serve: { summary: "serve the SDK over Connect, gRPC and gRPC-Web (--devnet, --port 50051)", load: () => import("./commands/serve.js") },
  docs: { summary: "serve the API docs: Swagger UI, ReDoc, the WebSocket API (--port 8080 --devnet-url URL)", load: () => import("./commands/docs.js") },
  algo: { summary: "TWAP, iceberg, trailing stop, conditional orders that survive a crash (--state FILE)", load: () => import("./commands/algo.js") },
  order: { summary: "place one order through the guard rails (--coin --side --size --price|--market)", load: () => import("./commands/order.js") },
  cancel: { summary: "cancel one order through the guard rails (--coin --oid)", load: () => import("./commands/cancel.js") },
  "cancel-all": { summary: "cancel every open order of the account (every dex, and spot)", load: () => import("./commands/cancel-all.js") },
  positions: { summary: "equity, positions, open orders and the kill switch (--user or HL_PRIVATE_KEY)", load: () => import("./commands/positions.js") },
  kill: { summary: "trip the kill switch and cancel everything (--release to release)", load: () => import("./commands/kill.js") },
  audit: { summary: "verify the audit log's hash chain, anchor its head or tail it (verify|anchor|tail --db FILE)", load: () => import("./commands/audit.js") },
  start: { summary: "local demo: devnet plus sign, place, modify, cancel, fill (npm start)", load: () => import("./commands/start.js") },
};

export function registerCommand(name: string, summary: string, load: Command["load"]): void {
  COMMANDS[name] = { summary, load };
}

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "usage: hl <command> [options]",
    "",
    "commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "`hl <command> --help` shows a command's options and examples.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    if (command === "help" && rest[0] && COMMANDS[rest[0]]) return main([rest[0], "--help"]);
    (command ? process.stdout : process.stderr).write(`${usage()}\n`);
    return command ? 0 : 2;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    const near = closest(command, Object.keys(COMMANDS));
    process.stderr.write(`hl: unknown command '${command}'${near ? `; did you mean '${near}'?` : ""}\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await entry.load()).run(rest);
  } catch (err) {
    // Last resort for anything a command did not report itself; never echo a secret.
    process.stderr.write(`hl ${command}: ${redact(err instanceof Error ? err.message : String(err))}\n`);
    return 1;
  }
}
