/**
 * The compat Exchange's own behaviour: Python number semantics (str(), _slippage_price,
 * json.dumps, Cloid) — against Python itself where the venv exists —, the network from the
 * URL, pre-flight before signing, Python-style error returns, and no key in any output.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloid, Exchange, MAINNET_API_URL, TESTNET_API_URL } from "../../src/compat/exchange.js";
import { pyJsonDumps, pyRound, pyStr, pySig5, slippagePrice } from "../../src/compat/exchange/python.js";
import { ValidationError } from "../../src/errors/base.js";
import type { Transport } from "../../src/transport/types.js";
import { CapturingTransport, KEY, META, SPOT_META } from "./fixtures.js";
import { pythonOracleAvailable, pythonRequired, startPythonExchangeOracle } from "./py-exchange.js";
import type { PythonOracle } from "../oracle/oracle.js";

const make = (transport: Transport = new CapturingTransport(), options = {}) => new Exchange(KEY, transport, META, null, null, SPOT_META, null, null, options);

describe("Python number semantics", () => {
  it("str(), round() and .5g like CPython, including exact ties", () => {
    expect([0.1, 1.5, 1e-5, 0.0001, 123456789.125, 1e16 + 2, -2.5e-7, 100].map(pyStr)).toEqual([
      "0.1",
      "1.5",
      "1e-05",
      "0.0001",
      "123456789.125",
      "10000000000000002",
      "-2.5e-07",
      "100",
    ]);
    // 12344.5 and 12345.5 are exact doubles: ties go to even (JS toPrecision would round up).
    expect(pySig5(12344.5)).toBe(12344);
    expect(pySig5(12345.5)).toBe(12346);
    expect(pyRound(2.675, 2)).toBe(2.67); // 2.675 is really 2.67499999…
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(1250, -2)).toBe(1200);
    expect(slippagePrice(67123.5, true, 0.05, 5, false)).toBe(70480);
    expect(slippagePrice(0.1234, false, 0.05, 0, true)).toBe(0.11723);
  });

  it("json.dumps separators and Cloid", () => {
    expect(pyJsonDumps({ authorizedUsers: ["0xa", "0xb"], threshold: 2, x: null, f: 0.5, u: "é" })).toBe(
      '{"authorizedUsers": ["0xa", "0xb"], "threshold": 2, "x": null, "f": 0.5, "u": "\\u00e9"}',
    );
    expect(Cloid.from_int(255).to_raw()).toBe("0x000000000000000000000000000000ff");
    expect(() => new Cloid("0x1234")).toThrow(ValidationError);
    expect(() => new Cloid("1234")).toThrow(/0x/);
  });
});

describe.skipIf(!pythonOracleAvailable() && !pythonRequired)("Python number semantics vs CPython", () => {
  let py: PythonOracle;
  beforeAll(() => {
    py = startPythonExchangeOracle();
  });
  afterAll(() => py?.close());

  it("property: str(float) and _slippage_price's rounding agree", async () => {
    const floats = fc.sample(
      fc.double({ min: -1e20, max: 1e20, noNaN: true }).filter((x) => !Number.isInteger(x)),
      400,
    );
    floats.push(1e-5, 2.5e-7, 0.1 + 0.2, 1 / 3, 12345.5);
    const cases = fc.sample(
      fc.tuple(
        fc.double({ min: 1e-6, max: 2e5, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
      ),
      600,
    );
    cases.push([12344.5 / 1.05, true, 0.05, 0, false], [0.0123456, false, 0.01, 0, true]);
    const out = (await py.request({ kind: "pyNumbers", floats, slippage: cases })) as { str: string[]; slippage: number[] };
    expect(floats.map(pyStr)).toEqual(out.str);
    expect(cases.map(([px, buy, s, szd, spot]) => slippagePrice(px, buy, s, szd, spot))).toEqual(out.slippage);
  });
});

describe("compat Exchange", () => {
  it("derives the network from the URL exactly as Python does", () => {
    expect(new Exchange(KEY).isMainnet).toBe(true);
    expect(new Exchange(KEY, MAINNET_API_URL).isMainnet).toBe(true);
    expect(new Exchange(KEY, TESTNET_API_URL).isMainnet).toBe(false);
    expect(new Exchange(KEY, "http://127.0.0.1:3001").isMainnet).toBe(false);
    expect(new Exchange(KEY, `${MAINNET_API_URL}/`).isMainnet).toBe(false);
    expect(make().isMainnet).toBe(false);
    expect(make(undefined, { isMainnet: true }).isMainnet).toBe(true);
  });

  it("runs the pre-flight checks before signing: nothing is sent", async () => {
    const t = new CapturingTransport();
    const ex = make(t);
    const bad: [unknown[], string][] = [
      [["DOGE", true, 1, 1, { limit: { tif: "Gtc" } }], "name"],
      [["BTC", true, Number.NaN, 60000, { limit: { tif: "Gtc" } }], "sz"],
      [["BTC", true, 0, 60000, { limit: { tif: "Gtc" } }], "sz"],
      [["BTC", true, 0.000001, 60000, { limit: { tif: "Gtc" } }], "sz"],
      [["BTC", true, 0.01, 60000.5, { limit: { tif: "Gtc" } }], "limit_px"],
      [["ETH", true, 0.01, 3000, { trigger: { triggerPx: 2999.99, isMarket: true, tpsl: "sl" } }], "triggerPx"],
    ];
    for (const [args, field] of bad) {
      const e = await (ex.order as (...a: unknown[]) => Promise<unknown>)(...args).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e, JSON.stringify(args)).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues[0]!.path).toContain(field);
    }
    const banded = make(t, { preflight: { maxDeviation: 0.1 } });
    await expect(banded.order("BTC", true, 0.01, 30000, { limit: { tif: "Gtc" } })).rejects.toThrow(/±10% of the mid 67123.5/);
    await expect(banded.market_open("BTC", true, 0.01)).resolves.toMatchObject({ status: "ok" });
    await expect(ex.usd_transfer(0.00001, "0x5e9ee1089755c3435139848e47e6635505d5a13a")).rejects.toThrow(/1e-05/);
    expect(t.sent).toHaveLength(1);
  });

  it("returns {status: err} like Python, or throws with throwOnError", async () => {
    const err: Transport = { request: async (ep) => (ep === "exchange" ? { status: "err", response: "Insufficient margin to place order." } : {}) };
    await expect(make(err).cancel("BTC", 1)).resolves.toEqual({ status: "err", response: "Insufficient margin to place order." });
    await expect(make(err, { throwOnError: true }).cancel("BTC", 1)).rejects.toThrow(/Insufficient margin/);
  });

  it("market_close returns undefined without a position; approve_agent returns a fresh key", async () => {
    const t = new CapturingTransport();
    const ex = make(t);
    await expect(ex.market_close("SOL")).resolves.toBeUndefined();
    const [res, key] = await ex.approve_agent("bot");
    expect(res).toMatchObject({ status: "ok" });
    expect(key).toMatch(/^0x[0-9a-f]{64}$/);
    const [, key2] = await ex.approve_agent();
    expect(key2).not.toBe(key);
  });

  it("never shows the private key", () => {
    const ex = make();
    const text = `${inspect(ex, { depth: 6 })} ${JSON.stringify(ex.wallet)} ${String(ex.wallet)}`;
    expect(text).not.toContain(KEY.slice(2));
    expect(text).not.toContain(KEY.slice(2, 20));
  });
});
