/**
 * devnet.toml: the same options as the command line, plus markets.
 *
 * ```toml
 * host = "127.0.0.1"
 * port = 3001
 * network = "testnet"
 * seed = 7
 * flow = 50
 * state = "devnet.sqlite"
 * [fund]
 * "0x0000000000000000000000000000000000000001" = "10000"
 * [[perps]]
 * coin = "BTC"
 * szDecimals = 5
 * maxLeverage = 40
 * px = 97000
 * ```
 */
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import { ValidationError, type ValidationIssue } from "../src/index.js";
import type { DevnetOptions } from "./server.js";

export interface DevnetFileConfig extends Omit<DevnetOptions, "statePath" | "now"> {
  state?: string;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export async function loadDevnetConfig(path: string): Promise<DevnetOptions> {
  const raw = parse(await readFile(path, "utf8")) as Record<string, unknown>;
  return toOptions(raw, path);
}

export function toOptions(raw: Record<string, unknown>, source = "config"): DevnetOptions {
  const issues: ValidationIssue[] = [];
  const out: DevnetOptions = {};
  const str = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : raw[k] === undefined ? undefined : (issues.push({ path: k, value: raw[k], expected: "a string" }), undefined));
  const int = (k: string) => (Number.isInteger(raw[k]) ? (raw[k] as number) : raw[k] === undefined ? undefined : (issues.push({ path: k, value: raw[k], expected: "an integer" }), undefined));
  const host = str("host");
  if (host) out.host = host;
  const port = int("port");
  if (port !== undefined) out.port = port;
  const network = str("network");
  if (network !== undefined) {
    if (network !== "testnet" && network !== "mainnet") issues.push({ path: "network", value: network, expected: '"testnet" or "mainnet"' });
    else out.network = network;
  }
  const seed = int("seed");
  if (seed !== undefined) out.seed = seed;
  const flow = int("flow");
  if (flow !== undefined) out.flow = flow;
  const state = str("state");
  if (state) out.statePath = state;
  if (raw.fund !== undefined) {
    out.fund = {};
    for (const [k, v] of Object.entries(raw.fund as Record<string, unknown>)) {
      if (!ADDRESS.test(k)) issues.push({ path: `fund.${k}`, value: k, expected: "a 20-byte hex address" });
      else if (!/^\d+(\.\d+)?$/.test(String(v))) issues.push({ path: `fund.${k}`, value: v, expected: "a USDC amount" });
      else out.fund[k] = String(v);
    }
  }
  if (raw.perps || raw.spotTokens || raw.spotPairs) out.markets = { perps: raw.perps as never, spotTokens: raw.spotTokens as never, spotPairs: raw.spotPairs as never };
  if (issues.length) throw new ValidationError(`devnet config ${source}`, issues, { hint: "See devnet/config.ts for the file format." });
  return out;
}
