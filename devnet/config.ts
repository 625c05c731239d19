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
 *
 * plus the seed sections (`[[accounts]]`, `[[dexes]]`, `[[vaults]]`, … see seed.ts and
 * docs/devnet-seed.example.toml), applied at a fresh start.
 */
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import * as v from "valibot";
import { ValidationError, type ValidationIssue } from "../src/index.js";
import { parseSeed, SEED_KEYS } from "./seed.js";
import type { DevnetOptions } from "./server.js";

export interface DevnetFileConfig extends Omit<DevnetOptions, "statePath" | "now"> {
  state?: string;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const int = v.pipe(v.number(), v.integer());
const MarketsSchema = v.object({
  perps: v.optional(v.array(v.object({ coin: v.string(), szDecimals: int, maxLeverage: int, px: v.number() }))),
  spotTokens: v.optional(v.array(v.object({ name: v.string(), szDecimals: int, weiDecimals: int }))),
  spotPairs: v.optional(v.array(v.object({ base: v.string(), quote: v.string(), px: v.number(), canonical: v.optional(v.boolean()) }))),
});

export async function loadDevnetConfig(path: string): Promise<DevnetOptions> {
  return toOptions(parse(await readFile(path, "utf8")), path);
}

export function toOptions(raw: Record<string, unknown>, source = "config"): DevnetOptions {
  const issues: ValidationIssue[] = [];
  const out: DevnetOptions = {};
  const str = (k: string): string | undefined => {
    const value = raw[k];
    if (typeof value === "string" || value === undefined) return value;
    issues.push({ path: k, value, expected: "a string" });
    return undefined;
  };
  const int = (k: string): number | undefined => {
    const value = raw[k];
    if ((typeof value === "number" && Number.isInteger(value)) || value === undefined) return value;
    issues.push({ path: k, value, expected: "an integer" });
    return undefined;
  };
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
  const fund = raw.fund;
  if (fund !== undefined && (typeof fund !== "object" || fund === null || Array.isArray(fund)))
    issues.push({ path: "fund", value: fund, expected: "a table of address = USDC amount" });
  else if (fund !== undefined) {
    out.fund = {};
    for (const [k, amount] of Object.entries(fund)) {
      if (!ADDRESS.test(k)) issues.push({ path: `fund.${k}`, value: k, expected: "a 20-byte hex address" });
      else if (!/^\d+(\.\d+)?$/.test(String(amount))) issues.push({ path: `fund.${k}`, value: amount, expected: "a USDC amount" });
      else out.fund[k] = String(amount);
    }
  }
  if (raw.perps || raw.spotTokens || raw.spotPairs) {
    const markets = v.safeParse(MarketsSchema, { perps: raw.perps, spotTokens: raw.spotTokens, spotPairs: raw.spotPairs });
    if (markets.success) out.markets = markets.output;
    else for (const i of markets.issues) issues.push({ path: v.getDotPath(i) ?? "markets", value: i.input, expected: i.expected ?? i.message });
  }
  const seedSections = Object.fromEntries(SEED_KEYS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
  if (Object.keys(seedSections).length) {
    const seed = parseSeed(seedSections);
    if (seed.seed) out.seedState = seed.seed;
    else issues.push(...seed.issues);
  }
  const known = new Set(["host", "port", "network", "seed", "flow", "state", "fund", "perps", "spotTokens", "spotPairs", ...SEED_KEYS]);
  for (const key of Object.keys(raw))
    if (!known.has(key)) issues.push({ path: key, value: raw[key], expected: `one of the config keys (${[...known].join(", ")})` });
  if (issues.length)
    throw new ValidationError(`devnet config ${source}`, issues, { hint: "See docs/devnet.md (configuration and State seeding) for the file format." });
  return out;
}
