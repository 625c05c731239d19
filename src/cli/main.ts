/**
 * `hl`: the command line. Each command lives in ./commands and exports `run(argv)` returning
 * an exit code; commands load lazily so `hl sign` does not pay for the devnet.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  sign: { summary: "sign JSON-lines actions from stdin with HL_PRIVATE_KEY", load: () => import("./commands/sign.js") },
  schema: { summary: "list every request type the SDK supports (--list)", load: () => import("./commands/schema.js") },
  conformance: { summary: "validate record/replay cassettes against the schema", load: () => import("./commands/conformance.js") },
  stream: { summary: "print a subscription's messages as JSON lines (--count N)", load: () => import("./commands/stream.js") },
  info: { summary: "send one info request and print the JSON answer (--coin BTC --user 0x… --url …)", load: () => import("./commands/info.js") },
  devnet: { summary: "run the local Hyperliquid-compatible exchange (--port 3001)", load: () => import("./commands/devnet.js") },
  start: { summary: "local demo: sign, recover, validate (npm start)", load: () => import("./commands/start.js") },
};

export function registerCommand(name: string, summary: string, load: () => Promise<{ run(argv: string[]): Promise<number> }>): void {
  COMMANDS[name] = { summary, load };
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ["usage: hl <command> [options]", "", ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(usage());
    return command ? 0 : 2;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    console.error(`hl: unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  return (await entry.load()).run(rest);
}

const isEntry = process.argv[1] && /(?:^|[\\/])(?:main\.[jt]s|hl(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
