/**
 * Pre-flight checks with a fake lookup: valid orders always pass; every rejection is a
 * ValidationError naming the field, thrown before the wallet signs or the transport sends.
 */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { checkOrder, Preflight, type AssetInfo, type AssetLookup } from "../../src/clients/preflight.js";
import { formatPrice } from "../../src/clients/prices.js";
import { ValidationError } from "../../src/errors/base.js";
import { privateKeyWallet, type HlWallet } from "../../src/signing/index.js";
import type { Transport } from "../../src/transport/types.js";

const MARKETS: AssetInfo[] = [
  { coin: "BTC", asset: 0, szDecimals: 5, kind: "perp" },
  { coin: "ETH", asset: 1, szDecimals: 4, kind: "perp" },
  { coin: "kPEPE", asset: 2, szDecimals: 0, kind: "perp" },
  { coin: "PURR/USDC", asset: 10_000, szDecimals: 0, kind: "spot" },
  { coin: "@107", asset: 10_107, szDecimals: 2, kind: "spot" },
];
const MIDS: Record<string, string> = { BTC: "67000", ETH: "3500", kPEPE: "0.012", "PURR/USDC": "0.2", "@107": "25" };

const lookup: AssetLookup = {
  async resolve(coin) {
    const m = MARKETS.find((x) => x.coin === coin);
    if (!m) throw new ValidationError("coin", [{ path: "coin", value: coin, expected: "a listed coin" }]);
    return m;
  },
  async mid(coin) {
    return MIDS[coin];
  },
};

/** A wallet and transport that fail the test if used. */
function spies(): { wallet: HlWallet; transport: Transport; calls: { sign: number; send: number } } {
  const calls = { sign: 0, send: 0 };
  const real = privateKeyWallet("0x" + "11".repeat(32));
  const wallet: HlWallet = {
    address: real.address,
    signTypedData: async (t) => (calls.sign++, real.signTypedData(t)),
    signDigest: (d) => (calls.sign++, real.signDigest!(d)),
  };
  const transport: Transport = {
    request: async () => (calls.send++, { status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 1 } }] } } }),
  };
  return { wallet, transport, calls };
}

async function rejection(p: Promise<unknown>): Promise<ValidationError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return e as ValidationError;
}

/** A valid price for the market: ≤ 5 significant figures (or an integer) and ≤ maxDecimals decimals. */
function validPriceArb(m: AssetInfo): fc.Arbitrary<string> {
  const maxDecimals = (m.kind === "spot" ? 8 : 6) - m.szDecimals;
  return fc
    .oneof(
      fc.integer({ min: 1, max: 10_000_000 }).map(String),
      fc
        .tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: maxDecimals }))
        .map(([digits, scale]) => new Decimal(digits).div(new Decimal(10).pow(scale)).toFixed()),
    )
    .filter((p) => new Decimal(p).isInteger() || new Decimal(p).decimalPlaces() <= maxDecimals);
}

const validSizeArb = (m: AssetInfo): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: m.szDecimals }))
    .map(([n, scale]) => new Decimal(n).div(new Decimal(10).pow(scale)).toFixed());

describe("pre-flight checks", () => {
  it("names the field, the value and what is allowed", async () => {
    const cases: [Partial<Parameters<typeof checkOrder>[1]>, string, RegExp][] = [
      [{ coin: "DOGE" }, "coin", /listed/],
      [{ sz: Number.NaN }, "sz", /finite/],
      [{ sz: 0 }, "sz", /positive/],
      [{ sz: "-1" }, "sz", /decimal string|positive/],
      [{ sz: "0.000001" }, "sz", /at most 5 decimals.*nearest valid is 0/],
      [{ limitPx: "67000.5" }, "limitPx", /5 significant figures/],
      [{ limitPx: "0.0000001" }, "limitPx", /1 decimals|nearest/],
      [{ limitPx: Number.POSITIVE_INFINITY }, "limitPx", /finite/],
      [{ limitPx: "1e5" }, "limitPx", /decimal string/],
      [{ limitPx: 0 }, "limitPx", /positive/],
      [{ triggerPx: "67000.25" }, "triggerPx", /significant/],
    ];
    for (const [over, path, expected] of cases) {
      const e = await rejection(checkOrder(lookup, { coin: "BTC", sz: "0.01", limitPx: "67000", ...over }));
      expect(e.issues[0]!.path, JSON.stringify(over)).toBe(path);
      expect(e.issues[0]!.expected, JSON.stringify(over)).toMatch(expected);
      expect(e.shortMessage).toContain(path);
    }
  });

  it("applies the mid band only when configured and a mid is known", async () => {
    await expect(checkOrder(lookup, { coin: "BTC", sz: "1", limitPx: "200000" })).resolves.toMatchObject({ px: "200000" });
    const e = await rejection(checkOrder(lookup, { coin: "BTC", sz: "1", limitPx: "200000" }, { maxDeviation: 0.5 }));
    expect(e.issues[0]).toMatchObject({ path: "limitPx", value: "200000" });
    expect(e.issues[0]!.expected).toMatch(/±50% of the mid 67000.*33500.*100500/);
    await expect(
      checkOrder({ ...lookup, mid: async () => undefined }, { coin: "BTC", sz: "1", limitPx: "200000" }, { maxDeviation: 0.5 }),
    ).resolves.toBeDefined();
  });

  it("property: valid prices and sizes always pass, also through ExchangeClient", async () => {
    const { wallet, transport, calls } = spies();
    const preflight = new Preflight(lookup, { maxDeviation: 0.5 });
    const client = new ExchangeClient({ wallet, transport, isMainnet: false, preflight });
    for (const m of MARKETS) await preflight.checkOrder({ coin: m.coin, sz: "1", limitPx: MIDS[m.coin]! });
    // Any valid price passes without a band…
    const arb = fc.constantFrom(...MARKETS).chain((m) => fc.tuple(fc.constant(m), validPriceArb(m), validSizeArb(m)));
    await fc.assert(
      fc.asyncProperty(arb, async ([m, px, sz]) => {
        const out = await checkOrder(lookup, { coin: m.coin, sz, limitPx: px });
        expect(out.info.asset).toBe(m.asset);
      }),
      { numRuns: 200 },
    );
    // …and a valid price inside the ±50% band passes the client's hook and is signed and sent.
    const inBand = fc
      .tuple(fc.constantFrom(...MARKETS), fc.double({ min: 0.52, max: 1.48, noNaN: true }))
      .chain(([m, f]) =>
        fc.tuple(
          fc.constant(m),
          fc.constant(
            formatPrice(new Decimal(MIDS[m.coin]!).mul(f).toSignificantDigits(8).toFixed(), { szDecimals: m.szDecimals, isSpot: m.kind === "spot" }, "round"),
          ),
          validSizeArb(m),
        ),
      );
    await fc.assert(
      fc.asyncProperty(inBand, async ([m, px, sz]) => {
        await client.order({ orders: [{ a: m.asset, b: true, p: px, s: sz, r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" });
      }),
      { numRuns: 200 },
    );
    expect(calls.send).toBe(200);
  });

  it("property: anything rejected throws ValidationError before the wallet signs or anything is sent", async () => {
    const { wallet, transport, calls } = spies();
    const preflight = new Preflight(lookup, { maxDeviation: 0.5 });
    const client = new ExchangeClient({ wallet, transport, isMainnet: false, preflight });
    for (const m of MARKETS) await preflight.checkOrder({ coin: m.coin, sz: "1", limitPx: MIDS[m.coin]! });
    const badPx = fc.oneof(
      fc.constant("0"),
      fc.constant("1.234567"),
      fc.constant("123456.5"),
      fc.constant("0.000000001"),
      fc.double({ min: 1e6, max: 1e9, noNaN: true }).map((x) => String(Math.round(x))),
    );
    const badSz = fc.oneof(fc.constant("0"), fc.constant("0.0000001"), fc.constant("0.123456"));
    const arb = fc.tuple(
      fc.constantFrom(...MARKETS),
      fc.oneof(fc.record({ p: badPx, s: fc.constant("1") }), fc.record({ p: fc.constant("__mid__"), s: badSz })),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([m, { p, s }]) => {
        const price = p === "__mid__" ? MIDS[m.coin]! : p;
        const order = { a: m.asset, b: true, p: price, s, r: false, t: { limit: { tif: "Gtc" as const } } };
        await rejection(client.order({ orders: [order], grouping: "na" }));
      }),
      { numRuns: 150 },
    );
    await rejection(client.order({ orders: [{ a: 999, b: true, p: "1", s: "1", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" }));
    expect(calls).toEqual({ sign: 0, send: 0 });
  });

  it("checks batchModify orders and leaves other actions alone", async () => {
    const p = new Preflight({ ...lookup, resolveAsset: async (a) => MARKETS.find((m) => m.asset === a) });
    const e = await rejection(
      p.checkAction("batchModify", { modifies: [{ oid: 1, order: { a: 1, b: true, p: "3500.123", s: "1", r: false, t: { limit: { tif: "Gtc" } } } }] }),
    );
    expect(e.issues[0]!.path).toBe("action.modifies[0].order.p");
    await expect(p.checkAction("cancel", { cancels: [{ a: 999, o: 1 }] })).resolves.toBeUndefined();
  });
});
