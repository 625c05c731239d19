/**
 * The compat Info's name tables, as hyperliquid-python-sdk 0.24.0 builds them (info.py
 * __init__ / set_perp_meta / name_to_asset): perps by index, spot at 10000 + pair index (name,
 * then "BASE/QUOTE" if not taken), builder dexs listed in perp_dexs at 110000 + i·10000 + index.
 */
import { describe, expect, it } from "vitest";
import { Exchange } from "../../src/compat/exchange.js";
import { Info } from "../../src/compat/info.js";
import { InfoClient } from "../../src/clients/info.js";
import { MetadataCache } from "../../src/clients/metadata.js";
import { ValidationError } from "../../src/errors/base.js";
import type { Transport } from "../../src/transport/types.js";
import { KEY, META, SPOT_META } from "./fixtures.js";

const XYZ_META = {
  universe: [
    { name: "xyz:XYZ100", szDecimals: 4, maxLeverage: 20 },
    { name: "xyz:TSLA", szDecimals: 3, maxLeverage: 10 },
  ],
};
const ABC_META = { universe: [{ name: "abc:GOLD", szDecimals: 2, maxLeverage: 10 }] };
const PERP_DEXS = [
  null,
  { name: "xyz", fullName: "XYZ", deployer: "0x0000000000000000000000000000000000000001" },
  { name: "abc", fullName: "ABC", deployer: "0x0000000000000000000000000000000000000002" },
];

/** Answers meta / spotMeta / perpDexs and records every request body. */
class FakeInfo implements Transport {
  readonly bodies: Record<string, unknown>[] = [];
  async request(_endpoint: string, body: unknown): Promise<unknown> {
    const b = body as Record<string, unknown>;
    this.bodies.push(b);
    if (b.type === "spotMeta") return structuredClone(SPOT_META);
    if (b.type === "perpDexs") return structuredClone(PERP_DEXS);
    if (b.type === "allMids") return { "xyz:XYZ100": "25000.5" };
    if (b.type === "meta") return structuredClone(b.dex === "xyz" ? XYZ_META : b.dex === "abc" ? ABC_META : b.dex ? { universe: [] } : META);
    throw new Error(`unexpected info ${String(b.type)}`);
  }
}

const make = (tables = {}) => {
  const t = new FakeInfo();
  return { t, info: new Info({ transport: t, validation: "off" }, undefined, tables) };
};

describe("compat Info name tables (Python 0.24.0)", () => {
  it("perps by index, spot at 10000 + pair index by name and BASE/QUOTE; default dex only", async () => {
    const { t, info } = make();
    expect(await info.name_to_asset("BTC")).toBe(0);
    expect(await info.name_to_asset("kPEPE")).toBe(3);
    expect(await info.name_to_asset("PURR/USDC")).toBe(10000);
    expect(await info.name_to_asset("@107")).toBe(10107);
    expect(await info.name_to_asset("HYPE/USDC")).toBe(10107);
    expect(await info.name_to_coin("HYPE/USDC")).toBe("@107");
    expect(await info.asset_to_sz_decimals(10107)).toBe(2);
    expect(await info.asset_to_sz_decimals(0)).toBe(5);
    expect(t.bodies).toEqual([{ type: "spotMeta" }, { type: "meta" }]); // loaded once, as Python's constructor does
    expect(await info.assets.pythonTables()).toEqual({
      name_to_coin: { "PURR/USDC": "PURR/USDC", "@107": "@107", "HYPE/USDC": "@107", BTC: "BTC", ETH: "ETH", SOL: "SOL", kPEPE: "kPEPE" },
      coin_to_asset: { "PURR/USDC": 10000, "@107": 10107, BTC: 0, ETH: 1, SOL: 2, kPEPE: 3 },
      asset_to_sz_decimals: { 10000: 0, 10107: 2, 0: 5, 1: 4, 2: 2, 3: 0 },
    });
    // Python raises KeyError: a dex perp is unknown unless its dex is in perp_dexs.
    const err = await info.name_to_asset("xyz:XYZ100").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).hint).toMatch(/perp_dexs \["", "xyz"\]/);
    await expect(info.name_to_asset("btc")).rejects.toBeInstanceOf(ValidationError);
    await expect(info.asset_to_sz_decimals(110000)).rejects.toBeInstanceOf(ValidationError);
  });

  it("perp_dexs: 110000 + i·10000 + index (i = position in perpDexs()[1:]); meta and spot_meta arguments are used as given", async () => {
    const { t, info } = make({ perp_dexs: ["", "abc", "xyz"], meta: META, spot_meta: SPOT_META });
    expect(await info.name_to_asset("xyz:XYZ100")).toBe(110000);
    expect(await info.name_to_asset("xyz:TSLA")).toBe(110001);
    expect(await info.name_to_asset("abc:GOLD")).toBe(120000);
    expect(await info.name_to_asset("ETH")).toBe(1);
    expect(await info.asset_to_sz_decimals(110001)).toBe(3);
    expect(t.bodies).toEqual([{ type: "perpDexs" }, { type: "meta", dex: "abc" }, { type: "meta", dex: "xyz" }]);
    // Without "" the default dex's perps are not loaded (Python iterates perp_dexs only).
    const only = make({ perp_dexs: ["xyz"] }).info;
    expect(await only.name_to_asset("xyz:XYZ100")).toBe(110000);
    await expect(only.name_to_asset("BTC")).rejects.toBeInstanceOf(ValidationError);
    await expect(make({ perp_dexs: ["nope"] }).info.name_to_asset("BTC")).rejects.toThrow(/perp_dexs/);
  });

  it("the first pair with a BASE/QUOTE alias keeps it; a pair named like that overrides it (Python's dict updates)", async () => {
    const spot = {
      tokens: SPOT_META.tokens,
      universe: [
        { name: "@5", tokens: [150, 0], index: 5, isCanonical: false },
        { name: "@107", tokens: [150, 0], index: 107, isCanonical: false },
        { name: "@9", tokens: [1, 0], index: 9, isCanonical: false },
        { name: "PURR/USDC", tokens: [1, 0], index: 0, isCanonical: true },
      ],
    };
    const { info } = make({ spot_meta: spot, meta: META });
    expect(await info.name_to_asset("HYPE/USDC")).toBe(10005);
    expect(await info.name_to_asset("PURR/USDC")).toBe(10000);
    expect(await info.name_to_asset("@9")).toBe(10009);
  });

  it("agrees with MetadataCache's 100000 + dexIndex·10000 + index on every listed name", async () => {
    const t = new FakeInfo();
    const info = new Info({ transport: t, validation: "off" }, undefined, { perp_dexs: ["", "xyz", "abc"] });
    const cache = new MetadataCache({ info: new InfoClient({ transport: t, validation: "off" }), transport: t });
    for (const name of ["BTC", "kPEPE", "PURR/USDC", "@107", "HYPE/USDC", "xyz:XYZ100", "xyz:TSLA", "abc:GOLD"]) {
      expect([name, await info.name_to_asset(name)]).toEqual([name, (await cache.resolve(name)).asset]);
    }
  });

  it("the compat Exchange resolves through the same tables: spot and dex orders carry Python's asset ids", async () => {
    const t = new FakeInfo();
    const sent: Record<string, unknown>[] = [];
    const transport: Transport = {
      request: async (e, body) =>
        e === "info" ? t.request(e, body) : (sent.push(body as Record<string, unknown>), { status: "ok", response: { type: "default" } }),
    };
    const ex = new Exchange(KEY, transport, null, null, null, null, ["", "xyz"]);
    expect(ex.lookup).toBe(ex.info.assets);
    await ex.order("xyz:XYZ100", true, 0.01, 25000, { limit: { tif: "Gtc" } });
    await ex.order("HYPE/USDC", true, 1, 23.45, { limit: { tif: "Gtc" } });
    await ex.order("@107", false, 1, 23.45, { limit: { tif: "Gtc" } });
    const assets = sent.map((b) => (b.action as { orders: { a: number }[] }).orders[0]!.a);
    expect(assets).toEqual([110000, 10107, 10107]);
    expect(await ex.info.name_to_asset("xyz:TSLA")).toBe(110001);
  });
});
