/**
 * `hl devnet [--host 127.0.0.1] [--port 3001] [--config devnet.toml] [--fund 0xADDRESS=USDC …]
 *   [--seed N] [--flow MSGS_PER_S] [--network testnet|mainnet] [--state FILE]`
 * Runs the local exchange until SIGINT/SIGTERM and prints `listening on http://HOST:PORT`.
 */
import { parseArgs } from "node:util";
import { loadDevnetConfig } from "../../../devnet/config.js";
import { startDevnet, type DevnetOptions } from "../../../devnet/server.js";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      config: { type: "string" },
      fund: { type: "string", multiple: true },
      seed: { type: "string" },
      flow: { type: "string" },
      network: { type: "string" },
      state: { type: "string" },
    },
  });
  const options: DevnetOptions = values.config ? await loadDevnetConfig(values.config) : {};
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`hl devnet: --${name} ${JSON.stringify(v)}: expected a non-negative integer`);
    return Number(v);
  };
  if (values.host) options.host = values.host;
  options.port = int("port", values.port) ?? options.port;
  options.seed = int("seed", values.seed) ?? options.seed;
  options.flow = int("flow", values.flow) ?? options.flow;
  if (values.state) options.statePath = values.state;
  if (values.network) {
    if (values.network !== "testnet" && values.network !== "mainnet") {
      console.error(`hl devnet: --network ${JSON.stringify(values.network)}: expected testnet or mainnet`);
      return 2;
    }
    options.network = values.network;
  }
  for (const f of values.fund ?? []) {
    const [address, usdc] = f.split("=");
    if (!address || !ADDRESS.test(address) || !usdc || !/^\d+(\.\d+)?$/.test(usdc)) {
      console.error(`hl devnet: --fund ${JSON.stringify(f)}: expected 0xADDRESS=USDC, e.g. --fund 0x0000000000000000000000000000000000000001=10000`);
      return 2;
    }
    (options.fund ??= {})[address] = usdc;
  }
  const devnet = await startDevnet(options);
  console.log(`listening on ${devnet.url}`);
  console.log(`websocket ${devnet.wsUrl} · network ${devnet.isMainnet ? "mainnet" : "testnet"} · markets ${[...devnet.engine.perps, ...devnet.engine.spots].map((m) => m.coin).join(", ")}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await devnet.close();
  return 0;
}
