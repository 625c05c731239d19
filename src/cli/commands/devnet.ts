/**
 * `hl devnet`: runs the local exchange until SIGINT/SIGTERM and prints `listening on http://HOST:PORT`.
 * Flags override the --config file, which overrides the built-in defaults.
 */
import { loadDevnetConfig } from "../../../devnet/config.js";
import { startDevnet, type DevnetOptions } from "../../../devnet/server.js";
import { report, runCommand, UsageError, type CommandSpec } from "../args.js";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export const spec = {
  name: "devnet",
  summary: "Run the local Hyperliquid-compatible exchange (HTTP /info, /exchange and WebSocket /ws).",
  options: {
    host: { type: "string", value: "HOST", description: "address to bind", defaultText: "127.0.0.1" },
    port: { type: "integer", value: "PORT", description: "port to listen on; 0 picks a free one", defaultText: "3001" },
    config: { type: "string", value: "FILE", description: "devnet.toml with markets, funding and defaults (flags override it)" },
    fund: { type: "string", multiple: true, value: "0xADDRESS=USDC", description: "credit an account with USDC at start" },
    seed: { type: "integer", value: "N", description: "seed of the simulated order flow (same seed, same market)" },
    flow: { type: "integer", value: "MSGS_PER_S", description: "simulated order-flow rate; 0 turns it off" },
    network: { type: "string", value: "NAME", choices: ["testnet", "mainnet"], description: "which chain's signatures to accept", defaultText: "testnet" },
    state: { type: "string", value: "FILE", description: "SQLite file to keep state across restarts" },
  },
  examples: [
    "hl devnet",
    "hl devnet --port 0 --seed 2 --fund 0x0000000000000000000000000000000000000001=10000",
    "hl devnet --config devnet.toml --state devnet.sqlite",
  ],
} satisfies CommandSpec;

function parseFund(entries: string[]): Record<string, string> {
  const fund: Record<string, string> = {};
  for (const f of entries) {
    const [address, usdc, extra] = f.split("=");
    if (!address || !ADDRESS.test(address) || !usdc || !/^\d+(\.\d+)?$/.test(usdc) || extra !== undefined) {
      throw new UsageError(`hl devnet: --fund ${JSON.stringify(f)}: expected 0xADDRESS=USDC (40 hex digits = a non-negative decimal)`, {
        details: "e.g. --fund 0x0000000000000000000000000000000000000001=10000",
      });
    }
    fund[address] = usdc;
  }
  return fund;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values }) => {
    let options: DevnetOptions;
    try {
      const fund = parseFund(values.fund);
      options = values.config ? await loadDevnetConfig(values.config) : {};
      if (values.host !== undefined) options.host = values.host;
      if (values.port !== undefined) options.port = values.port;
      if (values.seed !== undefined) options.seed = values.seed;
      if (values.flow !== undefined) options.flow = values.flow;
      if (values.state !== undefined) options.statePath = values.state;
      if (values.network === "testnet" || values.network === "mainnet") options.network = values.network;
      if (values.fund.length) options.fund = { ...options.fund, ...fund };
    } catch (e) {
      return report(e, 2);
    }
    let devnet: Awaited<ReturnType<typeof startDevnet>>;
    try {
      devnet = await startDevnet(options);
    } catch (e) {
      // A config seed that names what the devnet does not have (unknown token, coin, code…).
      return report(e, 2);
    }
    console.log(`listening on ${devnet.url}`);
    console.log(
      `websocket ${devnet.wsUrl} · network ${devnet.isMainnet ? "mainnet" : "testnet"} · markets ${[...devnet.engine.perps, ...devnet.engine.spots].map((m) => m.coin).join(", ")}`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await devnet.close();
    return 0;
  });
}
