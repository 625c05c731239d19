/**
 * Regression tests of two reliability defects: wrong-shaped data reaching the bot by default,
 * and a deeply nested response throwing an untyped RangeError instead of a validation error.
 */
import { describe, expect, it, vi } from "vitest";
import { explain, checkValue, MAX_DEPTH } from "../../generated/ts/parsers.js";
import { validate } from "../../generated/ts/validate.js";
import { InfoClient, ResponseValidationError, STRICT_BY_DEFAULT } from "../../src/clients/info.js";
import type { Transport } from "../../src/transport/types.js";

const USER = "0x31ca8395cf837de08b24da3f660e77761dfb974b";

/** Answers every request with `text`, through the client's parse hook as HttpTransport does. */
function replying(text: string, honoursParse = true): Transport {
  return {
    request: async (_endpoint, _body, options) => {
      const fast = honoursParse ? options?.parse?.(text) : undefined;
      return fast !== undefined ? fast : (JSON.parse(text) as unknown);
    },
  };
}

function order(children: string): string {
  return `{"coin":"BTC","side":"B","limitPx":"95000","sz":"0.1","oid":1,"timestamp":1700000000000,"origSz":"0.1","triggerCondition":"N/A","isTrigger":false,"triggerPx":"0","children":[${children}],"isPositionTpsl":false,"reduceOnly":false,"orderType":"Limit","tif":"Gtc","cloid":null}`;
}

/** frontendOpenOrders with `levels` orders nested through `children`. */
function nestedOrders(levels: number): string {
  const head = order("\u0000").split("\u0000");
  return `[${head[0]!.repeat(levels)}${head[1]!.repeat(levels)}]`;
}

describe("defect: wrong-shaped data reached the bot by default (validation defaulted to warn)", () => {
  const badMeta = '{"universe":[{"name":"BTC","szDecimals":"5","maxLeverage":40}],"marginTables":[]}';

  it("metadata, account state and orders are strict by default", async () => {
    for (const type of ["meta", "spotMeta", "perpDexs", "clearinghouseState", "spotClearinghouseState", "openOrders", "frontendOpenOrders", "orderStatus"])
      expect(STRICT_BY_DEFAULT.has(type), type).toBe(true);
    const info = new InfoClient({ transport: replying(badMeta) });
    const error = await info.meta().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]).toEqual({ path: "universe[0].szDecimals", value: "5", expected: expect.stringMatching(/integer/) });
  });

  it("other responses still warn by default and an explicit mode applies to every type", async () => {
    const onValidationIssues = vi.fn();
    const mids = await new InfoClient({ transport: replying('{"BTC":95000}'), onValidationIssues }).allMids();
    expect(mids).toEqual({ BTC: 95000 });
    expect(onValidationIssues).toHaveBeenCalledWith("allMids", [{ path: "BTC", value: 95000, expected: expect.stringMatching(/decimal string/) }]);
    const warned = vi.fn();
    const meta = await new InfoClient({ transport: replying(badMeta), validation: "warn", onValidationIssues: warned }).meta();
    expect(meta).toEqual(JSON.parse(badMeta));
    expect(warned).toHaveBeenCalledOnce();
  });

  it("the explanation works when the transport parses by itself too", async () => {
    const error = await new InfoClient({ transport: replying(badMeta, false) }).meta().catch((e: unknown) => e);
    expect((error as ResponseValidationError).issues[0]?.path).toBe("universe[0].szDecimals");
  });
});

describe("defect: a deeply nested response threw an untyped RangeError in strict mode", () => {
  it("a nesting within the limit parses; one deeper is a typed issue naming the path", () => {
    expect(explain("FrontendOpenOrdersResponse", nestedOrders(MAX_DEPTH - 1))).toMatchObject({ ok: true });
    const deep = explain("FrontendOpenOrdersResponse", nestedOrders(100_000));
    expect(deep?.ok).toBe(false);
    if (deep?.ok !== false) return;
    expect(deep.issues[0]!.expected).toMatch(/^nesting no deeper than 256/);
    expect(deep.issues[0]!.path).toMatch(/^\[0\](\.children\[0\]){256}$/);
  });

  it("unknown keys holding deep JSON are declined the same way", () => {
    const fills = `[{"coin":"BTC","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}]`;
    const result = explain("UserFillsResponse", fills);
    expect(result?.ok).toBe(false);
    if (result?.ok === false)
      expect(result.issues[0]).toMatchObject({ path: `[0].x${"[0]".repeat(MAX_DEPTH)}`, expected: expect.stringMatching(/^nesting no deeper/) });
  });

  it("InfoClient strict mode throws ResponseValidationError, not RangeError (HTTP and self-parsing transports)", async () => {
    for (const honours of [true, false]) {
      const info = new InfoClient({ transport: replying(nestedOrders(100_000), honours), validation: "strict" });
      const error = await info.frontendOpenOrders({ user: USER }).catch((e: unknown) => e);
      expect(error, `honoursParse=${honours}`).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).issues[0]!.expected).toMatch(/nesting no deeper/);
    }
  });

  it("value checks (validate, pushed messages) return the issue too", () => {
    const value = JSON.parse(nestedOrders(100_000)) as unknown;
    expect(checkValue("FrontendOpenOrdersResponse", value)?.[0]?.expected).toMatch(/nesting no deeper/);
    expect(validate("FrontendOpenOrdersResponse", value)[0]?.expected).toMatch(/nesting no deeper/);
  });
});
