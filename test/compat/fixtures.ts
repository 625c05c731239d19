/** Fixed meta, spot meta, mids and a capturing transport shared by the compat Exchange tests. */
import { Cloid } from "../../src/compat/exchange.js";
import type { Transport } from "../../src/transport/types.js";

export const KEY = "0x8f1d3a6c0b5e4f2a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e";
export const AGENT_KEY = "0x1111111111111111111111111111111111111111111111111111111111111111";
export const TIMESTAMP = 1_700_000_000_123;
export const VAULT = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";
export const ADDR_A = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
/** Checksummed (viem refuses a mixed-case address whose checksum is wrong). */
export const ADDR_B = "0xabCDeF0123456789AbcdEf0123456789aBCDEF01";

export const META = {
  universe: [
    { name: "BTC", szDecimals: 5, maxLeverage: 50 },
    { name: "ETH", szDecimals: 4, maxLeverage: 50 },
    { name: "SOL", szDecimals: 2, maxLeverage: 20 },
    { name: "kPEPE", szDecimals: 0, maxLeverage: 10 },
  ],
};

export const SPOT_META = {
  tokens: [
    { name: "USDC", szDecimals: 8, weiDecimals: 8, index: 0, tokenId: "0x6d1e7cde53ba9467b783cb7c530ce054", isCanonical: true },
    { name: "PURR", szDecimals: 0, weiDecimals: 5, index: 1, tokenId: "0xc1fb593aeffbeb02f85e0308e9956a90", isCanonical: true },
    { name: "HYPE", szDecimals: 2, weiDecimals: 8, index: 150, tokenId: "0x0d01dc56dcaaca66ad901c959b4011ec", isCanonical: false },
  ],
  universe: [
    { name: "PURR/USDC", tokens: [1, 0], index: 0, isCanonical: true },
    { name: "@107", tokens: [150, 0], index: 107, isCanonical: false },
  ],
};

export const MIDS: Record<string, string> = { BTC: "67123.5", ETH: "3456.78", SOL: "145.67", kPEPE: "0.012345", "PURR/USDC": "0.1234", "@107": "23.456" };

export const USER_STATE = {
  assetPositions: [
    { type: "oneWay", position: { coin: "BTC", szi: "0.01234" } },
    { type: "oneWay", position: { coin: "ETH", szi: "-1.5" } },
  ],
};

export const RESTING = { status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 77 } }] } } };

/** A transport that answers info requests from the fixtures and captures exchange payloads. */
export class CapturingTransport implements Transport {
  readonly sent: Record<string, unknown>[] = [];
  async request(endpoint: string, body: unknown): Promise<unknown> {
    const b = body as Record<string, unknown>;
    if (endpoint === "info") {
      if (b.type === "allMids") return MIDS;
      if (b.type === "meta") return META;
      if (b.type === "spotMeta") return SPOT_META;
      if (b.type === "clearinghouseState") return USER_STATE;
      throw new Error(`unexpected info ${String(b.type)}`);
    }
    this.sent.push(JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
    return { status: "ok", response: { type: "default" } };
  }
}

/** `{"$cloid": "0x…"}` (the Python helper's encoding) → a Cloid, recursively. */
export function decodeArgs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeArgs);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.$cloid === "string") return new Cloid(o.$cloid);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeArgs(v)]));
  }
  return value;
}
