/** MetadataCache over HttpTransport against a loopback server: TTL, single flight, refresh, ids. */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InfoClient } from "../../src/clients/info.js";
import { MetadataCache, closeNames, type AssetLookup } from "../../src/clients/metadata.js";
import { RateLimitError } from "../../src/errors/api.js";
import { ValidationError } from "../../src/errors/base.js";
import { TimeoutError } from "../../src/errors/transport.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { RateLimiter } from "../../src/transport/ratelimit.js";

const META = {
  universe: [
    { name: "BTC", szDecimals: 5, maxLeverage: 50 },
    { name: "ETH", szDecimals: 4, maxLeverage: 50 },
    { name: "SOL", szDecimals: 2, maxLeverage: 20 },
  ],
};
const SPOT = {
  tokens: [
    { name: "USDC", szDecimals: 8, weiDecimals: 8, index: 0, tokenId: "0x6d1e7cde53ba9467b783cb7c530ce054", isCanonical: true },
    { name: "PURR", szDecimals: 0, weiDecimals: 5, index: 1, tokenId: "0xc1fb593aeffbeb02f85e0308e9956a90", isCanonical: true },
    { name: "HYPE", szDecimals: 2, weiDecimals: 8, index: 150, tokenId: "0x0d01dc56dcaaca66ad901c959b4011ec", isCanonical: false },
  ],
  universe: [
    { tokens: [1, 0], name: "PURR/USDC", index: 0, isCanonical: true },
    { tokens: [150, 0], name: "@107", index: 107, isCanonical: false },
  ],
};
const dex = (name: string, deployer: string) => ({
  name,
  fullName: `${name} dex`,
  deployer,
  oracleUpdater: null,
  feeRecipient: null,
  assetToStreamingOiCap: [],
  subDeployers: [],
});
const DEXES = [null, dex("abc", "0x0000000000000000000000000000000000000001"), dex("xyz", "0x0000000000000000000000000000000000000002")];
const XYZ_META = {
  universe: [
    { name: "xyz:AAA", szDecimals: 3, maxLeverage: 10 },
    { name: "xyz:XYZ100", szDecimals: 4, maxLeverage: 20 },
  ],
};

type Body = { type: string; dex?: string };
let server: Server;
let url: string;
const counts: Record<string, number> = {};
let delayMs = 0;
let meta: unknown = META;
let override: ((body: Body, res: ServerResponse) => boolean) | undefined;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(data) as Body;
      const key = body.dex ? `${body.type}:${body.dex}` : body.type;
      counts[key] = (counts[key] ?? 0) + 1;
      if (override?.(body, res)) return;
      const answer = (): void => {
        if (key === "meta") return json(res, 200, meta);
        if (key === "meta:xyz") return json(res, 200, XYZ_META);
        if (key === "spotMeta") return json(res, 200, SPOT);
        if (key === "perpDexs") return json(res, 200, DEXES);
        if (key === "allMids") return json(res, 200, { BTC: "30000.5", ETH: "2000", "PURR/USDC": "0.2", "@107": "25.1" });
        if (key === "allMids:xyz") return json(res, 200, { "xyz:XYZ100": "101.5" });
        json(res, 500, "unknown");
      };
      if (delayMs) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections(); // the transports' keep-alive sockets
      server.close(() => r());
    }),
);
beforeEach(() => {
  for (const k of Object.keys(counts)) delete counts[k];
  delayMs = 0;
  meta = META;
  override = undefined;
});

/** Polls until `check` holds (tolerates a loaded machine), failing after 5 s. */
async function waitFor(check: () => boolean): Promise<void> {
  for (const stop = Date.now() + 5000; !check();) {
    if (Date.now() > stop) throw new Error("condition not reached in 5 s");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const fast = { retry: { attempts: 3, baseMs: 1, capMs: 5 } };
function cache(options: Partial<ConstructorParameters<typeof MetadataCache>[0]> = {}): MetadataCache {
  const transport = new HttpTransport({ url, ...fast });
  return new MetadataCache({ info: new InfoClient({ transport, validation: "strict" }), transport, ...options });
}

describe("MetadataCache: asset ids", () => {
  it("perps are their index in meta.universe", async () => {
    const m = cache();
    expect(await m.resolve("BTC")).toEqual({ coin: "BTC", asset: 0, szDecimals: 5, kind: "perp", maxLeverage: 50 });
    expect(await m.resolve("SOL")).toMatchObject({ asset: 2, szDecimals: 2 });
  });

  it("spot pairs are 10000 + index, by pair name, @name or BASE/QUOTE", async () => {
    const m = cache();
    expect(await m.resolve("PURR/USDC")).toEqual({ coin: "PURR/USDC", asset: 10000, szDecimals: 0, kind: "spot" });
    expect(await m.resolve("@107")).toEqual({ coin: "@107", asset: 10107, szDecimals: 2, kind: "spot" });
    expect(await m.resolve("HYPE/USDC")).toMatchObject({ coin: "@107", asset: 10107 });
  });

  it("builder-deployed perps are 100000 + dexIndex × 10000 + index", async () => {
    const m = cache();
    expect(await m.resolve("xyz:XYZ100")).toEqual({ coin: "xyz:XYZ100", asset: 120001, szDecimals: 4, kind: "perp", dex: "xyz", maxLeverage: 20 });
    expect(await m.resolve("xyz:AAA")).toMatchObject({ asset: 120000 });
    expect(counts).toMatchObject({ perpDexs: 1, "meta:xyz": 1 });
    await expect(m.resolve("nope:AAA")).rejects.toThrow(/abc, xyz/);
    await expect(m.resolve("xyz:AAB")).rejects.toThrow(/Did you mean "xyz:AAA"/);
  });

  it("without a typed perpDexs method: a raw transport call, else a hint; perps still resolve", async () => {
    const transport = new HttpTransport({ url, ...fast });
    const untyped = (): InfoClient => Object.defineProperty(new InfoClient({ transport }), "perpDexs", { value: undefined });
    expect((await new MetadataCache({ info: untyped(), transport }).resolve("xyz:AAA")).asset).toBe(120000);
    const m = new MetadataCache({ info: untyped() });
    const err = await m.resolve("xyz:AAA").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).hint).toMatch(/transport/);
    expect((await m.resolve("ETH")).asset).toBe(1);
  });

  it("unknown coins are a ValidationError naming the coin and close names", async () => {
    const m = cache();
    const err = await m.resolve("btc").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).shortMessage).toMatch(/"btc"/);
    expect((err as ValidationError).hint).toMatch(/Did you mean "BTC"/);
    await expect(m.resolve("PURR")).rejects.toThrow(/"PURR\/USDC"/);
    await expect(m.resolve("HYPE/USDT")).rejects.toThrow(/"HYPE\/USDC"/);
    await expect(m.resolve("")).rejects.toBeInstanceOf(ValidationError);
    expect(closeNames("ETHH", ["ETH", "BTC", "ETC"])).toEqual(["ETH"]);
  });

  it("implements AssetLookup: mid() from a briefly cached allMids", async () => {
    const lookup: AssetLookup = cache({ midsTtlMs: 1000 });
    expect(await lookup.mid("BTC")).toBe("30000.5");
    expect(await lookup.mid("HYPE/USDC")).toBe("25.1");
    expect(await lookup.mid("SOL")).toBeUndefined();
    expect(await lookup.mid("xyz:XYZ100")).toBe("101.5");
    await expect(lookup.mid("DOGEE")).rejects.toBeInstanceOf(ValidationError);
    await expect(lookup.mid("nope:AAA")).rejects.toBeInstanceOf(ValidationError);
    expect(counts.allMids).toBe(1);
    const many = await Promise.all(Array.from({ length: 10 }, () => cache().mid("ETH")));
    expect(many.every((m) => m === "2000")).toBe(true);
  });

  it("formatPrice / formatSize use the coin's szDecimals and market kind", async () => {
    const m = cache();
    expect(await m.formatPrice("BTC", "30123.45", "round")).toBe("30123");
    await expect(m.formatPrice("BTC", "30123.45")).rejects.toThrow(/nearest valid is 30123/);
    expect(await m.formatPrice("SOL", "1.234567", "round")).toBe("1.2346");
    expect(await m.formatPrice("PURR/USDC", "0.00012345")).toBe("0.00012345"); // spot: 8 − 0 decimals
    await expect(m.formatPrice("SOL", "0.00012345")).rejects.toThrow(/4 decimals/); // perp: 6 − 2 decimals
    expect(await m.formatSize("ETH", 0.12345, "round")).toBe("0.1234");
  });
});

describe("MetadataCache: caching", () => {
  it("single flight: 10 concurrent resolves send one meta request", async () => {
    delayMs = 30;
    const m = cache();
    const all = await Promise.all(["BTC", "ETH", "SOL", "BTC", "ETH", "SOL", "BTC", "ETH", "SOL", "BTC"].map((c) => m.resolve(c)));
    expect(all.map((a) => a.asset)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    expect(counts.meta).toBe(1);
    await Promise.all(Array.from({ length: 10 }, () => m.mid("BTC")));
    expect(counts.allMids).toBe(1);
  });

  it("refetches after the TTL (waiting once past the stale window)", async () => {
    let t = 0;
    const m = cache({ ttlMs: 1000, staleMs: 0, now: () => t });
    await m.resolve("BTC");
    t = 999;
    await m.resolve("BTC");
    expect(counts.meta).toBe(1);
    meta = { universe: [{ name: "NEW", szDecimals: 1 }, ...META.universe] };
    t = 1000;
    expect((await m.resolve("BTC")).asset).toBe(1);
    expect(counts.meta).toBe(2);
    m.invalidate();
    await m.resolve("BTC");
    expect(counts.meta).toBe(3);
  });

  it("stale-while-revalidate: a stale value is served at once while one refresh runs", async () => {
    let t = 0;
    const m = cache({ ttlMs: 1000, staleMs: 5000, now: () => t });
    await m.resolve("BTC");
    meta = { universe: [{ name: "NEW", szDecimals: 1 }, ...META.universe] };
    delayMs = 50;
    t = 2000;
    const served = await Promise.all(Array.from({ length: 5 }, () => m.resolve("BTC")));
    expect(served.every((a) => a.asset === 0)).toBe(true); // stale, no wait
    await waitFor(() => counts.meta === 2); // one background refresh for five callers
    await waitFor(() => (m as unknown as { entries: Map<string, { inflight?: unknown }> }).entries.get("meta:")?.inflight === undefined);
    expect(counts.meta).toBe(2);
    expect((await m.resolve("BTC")).asset).toBe(1);
    t = 10_000; // past the stale window: wait for the fetch
    const before = counts.meta ?? 0;
    await m.resolve("BTC");
    expect(counts.meta).toBe(before + 1);
  });

  it("background refresh on an unref'd timer, stopped by close(); failures keep the stale value", async () => {
    const errors: string[] = [];
    const m = cache({ refreshIntervalMs: 40, onError: (key) => errors.push(key) });
    await m.resolve("BTC");
    await waitFor(() => (counts.meta ?? 0) >= 3);
    override = (body, res) => (body.type === "meta" ? (json(res, 400, "bad"), true) : false);
    await waitFor(() => errors.includes("meta:"));
    expect((await m.resolve("ETH")).asset).toBe(1);
    m.close();
    await new Promise((r) => setTimeout(r, 100)); // a refresh already in flight may still land
    const after = counts.meta;
    await new Promise((r) => setTimeout(r, 150));
    expect(counts.meta).toBe(after);
  });

  it("a failed load is not cached: every waiter gets the error, the next call retries", async () => {
    override = (body, res) => (body.type === "meta" ? (json(res, 400, "bad request"), true) : false);
    const m = cache();
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => m.resolve("BTC")));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(counts.meta).toBe(1);
    override = undefined;
    expect((await m.resolve("BTC")).asset).toBe(0);
  });
});

describe("MetadataCache over a flaky transport (cases info-http.test.ts does not cover)", () => {
  it("honours Retry-After on 429 before retrying", async () => {
    let n = 0;
    override = (body, res) => (body.type === "meta" && ++n === 1 ? (json(res, 429, "slow down", { "retry-after": "0.2" }), true) : false);
    const t0 = Date.now();
    expect((await cache().resolve("ETH")).asset).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(counts.meta).toBe(2);
  });

  it("retries a dropped connection (network error), gives up on persistent 429 with RateLimitError", async () => {
    let n = 0;
    override = (body, res) => (body.type === "meta" && ++n === 1 ? (res.socket?.destroy(), true) : false);
    expect((await cache().resolve("BTC")).asset).toBe(0);
    expect(counts.meta).toBe(2);
    override = (_b, res) => (json(res, 429, "slow down"), true);
    await expect(cache().resolve("BTC")).rejects.toBeInstanceOf(RateLimitError);
  });

  it("a slow meta times out for all concurrent waiters with one TimeoutError", async () => {
    delayMs = 300;
    const transport = new HttpTransport({ url, timeout: 50, retry: { attempts: 1 } });
    const m = new MetadataCache({ info: new InfoClient({ transport }), transport });
    const results = await Promise.allSettled([m.resolve("BTC"), m.resolve("ETH"), m.mid("BTC")]);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).constructor : undefined))).toEqual([TimeoutError, TimeoutError, TimeoutError]);
    expect(counts.meta).toBe(1);
  });

  it("a RateLimiter hook spaces out the HTTP requests", async () => {
    const limiter = new RateLimiter({ capacity: 20, windowMs: 400 }); // meta and spotMeta weigh 20
    const transport = new HttpTransport({ url, beforeRequest: limiter.hook(), ...fast });
    const m = new MetadataCache({ info: new InfoClient({ transport }), transport });
    const t0 = Date.now();
    await Promise.all([m.resolve("BTC"), m.resolve("PURR/USDC")]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    expect(counts).toMatchObject({ meta: 1, spotMeta: 1 });
  });
});
