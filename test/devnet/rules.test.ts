/** The devnet's own exchange rules (devnet/rules.ts), and the SDK's price helpers held against them. */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tick } from "../../devnet/clock.js";
import { Engine } from "../../devnet/engine.js";
import { underwaterPositions } from "../../devnet/liquidation.js";
import {
  initialMargin,
  isLiquidatable,
  isValidPx,
  isValidSize,
  maintenanceMargin,
  meetsMinNotional,
  pxDecimals,
  roundPx,
  type MarketRules,
} from "../../devnet/rules.js";
import { formatPrice, isValidPrice } from "../../src/index.js";

const perp = (szDecimals: number): MarketRules => ({ kind: "perp", szDecimals });
const spot = (szDecimals: number): MarketRules => ({ kind: "spot", szDecimals });
const sdkRules = (m: MarketRules) => ({ szDecimals: m.szDecimals, isSpot: m.kind === "spot" });

describe("devnet price rule", () => {
  it("allows at most 5 significant figures", () => {
    expect(isValidPx("1234.5", perp(0))).toBe(true);
    expect(isValidPx("1234.56", perp(0))).toBe(false);
    expect(isValidPx("0.12345", perp(0))).toBe(true);
    expect(isValidPx("0.123456", perp(0))).toBe(false);
    expect(isValidPx("12345.6", perp(0))).toBe(false);
  });
  it("allows at most MAX_DECIMALS - szDecimals decimals (6 perp, 8 spot)", () => {
    expect(pxDecimals(perp(4))).toBe(2);
    expect(pxDecimals(spot(4))).toBe(4);
    expect(isValidPx("1.23", perp(4))).toBe(true);
    expect(isValidPx("1.234", perp(4))).toBe(false);
    expect(isValidPx("1.234", spot(4))).toBe(true);
    expect(isValidPx("0.0012345", spot(1))).toBe(true);
    expect(isValidPx("0.0012345", perp(1))).toBe(false);
    expect(isValidPx("0.1", perp(6))).toBe(false);
    expect(pxDecimals(perp(7))).toBe(0);
  });
  it("always allows integer prices, whatever their significant figures", () => {
    expect(isValidPx("123456", perp(5))).toBe(true);
    expect(isValidPx("1234567", spot(0))).toBe(true);
    expect(isValidPx("7", perp(6))).toBe(true);
  });
  it("rejects zero, negative and non-numeric prices", () => {
    for (const p of ["0", "-1", "-0.5", "abc", ""]) expect(isValidPx(p, perp(2))).toBe(false);
  });
  it("rounds half-even to the nearest valid price, keeping integer digits", () => {
    expect(roundPx(30123.5, perp(5))).toBe("30124");
    expect(roundPx(30122.5, perp(5))).toBe("30122");
    expect(roundPx(123456.7, perp(0))).toBe("123457");
    expect(roundPx(0.00123456, spot(1))).toBe("0.0012346");
    expect(roundPx(1.23456, perp(4))).toBe("1.23");
    expect(() => roundPx(0, perp(2))).toThrow(/positive/);
    expect(() => roundPx(0.001, perp(6))).toThrow(/stays positive/);
  });

  const market = fc.record({ kind: fc.constantFrom<"perp" | "spot">("perp", "spot"), szDecimals: fc.integer({ min: 0, max: 8 }) });
  /** Canonical decimal strings over a wide range of magnitudes and digit counts. */
  const price = fc
    .tuple(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 10 }))
    .map(([n, k]) => new Decimal(n).div(new Decimal(10).pow(k)).toFixed());

  it("agrees with the SDK's isValidPrice on random prices and szDecimals", () => {
    fc.assert(
      fc.property(price, market, (px, m) => isValidPx(px, m) === isValidPrice(px, sdkRules(m))),
      { numRuns: 3000 },
    );
  });
  it("rounds like the SDK's formatPrice, and both accept each other's output", () => {
    const value = fc.double({ min: 1e-6, max: 1e7, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(value, market, (x, m) => {
        let ours: string | undefined;
        let theirs: string | undefined;
        try {
          ours = roundPx(x, m);
        } catch {
          ours = undefined;
        }
        try {
          theirs = formatPrice(x, sdkRules(m), "round");
        } catch {
          theirs = undefined;
        }
        if (ours !== theirs) return false;
        return ours === undefined || (isValidPrice(ours, sdkRules(m)) && isValidPx(theirs!, m));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("devnet lot, notional and margin rules", () => {
  it("size has at most szDecimals decimals", () => {
    expect(isValidSize(new Decimal("0.001"), perp(3))).toBe(true);
    expect(isValidSize(new Decimal("0.0001"), perp(3))).toBe(false);
    expect(isValidSize(new Decimal("5"), spot(0))).toBe(true);
    expect(isValidSize(new Decimal("5.5"), spot(0))).toBe(false);
  });
  it("an order needs a notional of at least $10", () => {
    expect(meetsMinNotional(new Decimal("100"), new Decimal("0.1"))).toBe(true);
    expect(meetsMinNotional(new Decimal("99.9"), new Decimal("0.1"))).toBe(false);
    expect(meetsMinNotional(new Decimal("0.21"), new Decimal("48"))).toBe(true);
    expect(meetsMinNotional(new Decimal("0.21"), new Decimal("47"))).toBe(false);
  });
  it("initial margin is notional / leverage; maintenance is half the initial margin at max leverage", () => {
    expect(initialMargin(new Decimal(1000), 10).toFixed()).toBe("100");
    expect(maintenanceMargin(new Decimal(1000), 40).toFixed()).toBe("12.5");
    expect(maintenanceMargin(new Decimal(1000), 40).eq(initialMargin(new Decimal(1000), 40).div(2))).toBe(true);
    expect(isLiquidatable(new Decimal("12.49"), new Decimal("12.5"))).toBe(true);
    expect(isLiquidatable(new Decimal("12.5"), new Decimal("12.5"))).toBe(false);
    expect(isLiquidatable(new Decimal(-1), new Decimal(0))).toBe(false);
  });
});

describe("devnet liquidation", () => {
  /** An engine without market maker (mark = oracle) whose funding is not due. */
  function setup() {
    const engine = new Engine({ makerLevels: 0 });
    engine.nextFunding = Number.MAX_SAFE_INTEGER;
    const user = "0x00000000000000000000000000000000000000a1";
    const account = engine.account(user);
    return { engine, account };
  }

  it("closes a cross position at the mark once equity falls below maintenance", () => {
    const { engine, account } = setup();
    account.usdc = new Decimal(6000);
    const p = engine.position(account, "BTC");
    p.szi = new Decimal(1);
    p.entryNtl = new Decimal(100_000);
    // BTC max leverage 40: maintenance = mark / 80; equity = 6000 + mark − 100000.
    engine.oracle.set("BTC", new Decimal(95_300));
    tick(engine);
    expect(account.positions.get("BTC")?.szi.toFixed()).toBe("1");
    engine.oracle.set("BTC", new Decimal(95_100));
    expect(underwaterPositions(engine, account)).toHaveLength(1);
    tick(engine);
    expect(account.positions.has("BTC")).toBe(false);
    expect(account.usdc.toFixed()).toBe("1100");
    expect(account.ledger.at(-1)?.delta).toEqual({
      type: "liquidation",
      liquidatedNtlPos: "95100.0",
      accountValue: "1100.0",
      leverageType: "Cross",
      liquidatedPositions: [{ coin: "BTC", szi: "1.0" }],
    });
  });

  it("closes an isolated position on its own margin", () => {
    const { engine, account } = setup();
    account.usdc = new Decimal(500);
    const p = engine.position(account, "BTC");
    p.leverage = { type: "isolated", value: 10 };
    p.szi = new Decimal(-1);
    p.entryNtl = new Decimal(100_000);
    p.isolatedMargin = new Decimal(10_000);
    engine.oracle.set("BTC", new Decimal(108_000));
    tick(engine);
    expect(account.positions.has("BTC")).toBe(true);
    // equity 10000 − 9000 = 1000 < maintenance 109000 / 80 = 1362.5
    engine.oracle.set("BTC", new Decimal(109_000));
    tick(engine);
    expect(account.positions.has("BTC")).toBe(false);
    expect(account.usdc.toFixed()).toBe("1500");
    expect(account.ledger.at(-1)?.delta).toMatchObject({ type: "liquidation", leverageType: "Isolated" });
  });
});
