/**
 * The generic translator: JSON wire -> proto -> JSON wire gives the input back, over every
 * recorded response (../shared/conformance/recorded-info), every info fixture and every
 * signing vector's action (compared as JSON text: key order is the msgpack order that is
 * signed), plus property tests and the error paths.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { create, toBinary, fromBinary, type DescMessage, type DescService } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { ExplorerService } from "../../generated/connect/hl/v1/info_explorer_pb.js";
import { InfoService } from "../../generated/connect/hl/v1/info_service_pb.js";
import { L2BookResponseSchema } from "../../generated/connect/hl/v1/info_market_pb.js";
import { OrderActionSchema } from "../../generated/connect/hl/v1/exchange_order_pb.js";
import { wireTypes } from "../../src/serve/methods.js";
import { toProto, toWire, TranslateError } from "../../src/serve/translate.js";
import { info as coreInfo } from "../../src/serve/translate-core.js";
import { Shape } from "../../generated/connect/hl/options/v1/options_pb.js";
import { explorerFixtures } from "../fixtures/info/explorer.js";
import { marketFixtures } from "../fixtures/info/market.js";
import { userFixtures } from "../fixtures/info/user.js";
import { readShared, sharedDir, skipShared } from "../helpers/shared.js";

const byType = (service: DescService): Map<string, { input: DescMessage; output: DescMessage }> =>
  new Map([...wireTypes(service)].map(([m, t]) => [t, { input: m.input, output: m.output }]));
const info = byType(InfoService);
const exchange = byType(ExchangeService);
const explorer = byType(ExplorerService);

/** wire -> proto -> binary -> proto -> wire (the binary hop is what a gRPC client receives). */
function roundTrip(desc: DescMessage, wire: unknown, zeroIsNull = true): unknown {
  const proto = toProto(desc, wire);
  return toWire(desc, fromBinary(desc, toBinary(desc, proto)), { zeroIsNull });
}

/**
 * What proto can carry (docs/serve.md): a nullable key's null is "unset" (an `optional` one is
 * then left out, a required number or boolean reads back as its zero value), and the extra
 * variant keys of an open message (LedgerDelta, under "delta") are dropped. The input is
 * reduced by exactly these rules, so the comparison stays exact everywhere else.
 */
function carried(input: unknown, output: unknown, open = false): unknown {
  if (Array.isArray(input) && Array.isArray(output)) return input.map((x, i) => carried(x, output[i]));
  if (input === null && (output === 0 || output === false)) return output;
  if (input && typeof input === "object" && output && typeof output === "object" && !Array.isArray(input)) {
    const o = output as Record<string, unknown>;
    const kept = Object.entries(input).filter(([k, v]) => k in o || !(v === null || open));
    return Object.fromEntries(kept.map(([k, v]) => [k, carried(v, o[k], k === "delta")]));
  }
  return input;
}
const withoutDroppedNulls = carried;

interface Cassette {
  interactions: { request: { body: { type: string } }; response: { body: unknown } }[];
}

describe.skipIf(skipShared)("recorded info responses round-trip", () => {
  const files = skipShared ? [] : readdirSync(join(sharedDir, "conformance/recorded-info")).filter((f) => f.endsWith(".json"));
  it.each(files)("%s", (file) => {
    for (const { request, response } of readShared<Cassette>(`conformance/recorded-info/${file}`).interactions) {
      const m = info.get(request.body.type);
      expect(m, request.body.type).toBeDefined();
      const sent = roundTrip(m!.input, request.body);
      expect(sent).toEqual(withoutDroppedNulls(request.body, sent));
      const back = roundTrip(m!.output, response.body, false);
      expect(back).toEqual(withoutDroppedNulls(response.body, back));
    }
  });
});

describe("info fixtures round-trip", () => {
  const fixtures = [...marketFixtures, ...userFixtures].filter((f) => info.has(f.type));
  it("covers most info types", () => expect(fixtures.length).toBeGreaterThan(40));
  it.each(fixtures.map((f) => [f.type, f] as const))("%s", (type, f) => {
    const m = info.get(type)!;
    const request = { type, ...f.params };
    const sent = roundTrip(m.input, request);
    expect(sent).toEqual(withoutDroppedNulls(request, sent));
    const back = roundTrip(m.output, f.response, false);
    expect(back).toEqual(withoutDroppedNulls(f.response, back));
  });
  it("explorer fixtures are ExplorerService rpcs, not InfoService ones", () => {
    expect(explorerFixtures.every((f) => !info.has(f.type) && explorer.has(f.type))).toBe(true);
  });
});

interface Vectors {
  l1: { action: { type: string } }[];
  userSigned: { action: { type: string } }[];
}

describe.skipIf(skipShared)("signing-vector actions round-trip byte for byte", () => {
  const vectors = skipShared ? { l1: [], userSigned: [] } : readShared<Vectors>("conformance/vectors/signing-generated.json");
  const actions = [...vectors.l1, ...vectors.userSigned].map((v) => v.action);
  it("has actions", () => expect(actions.length).toBeGreaterThan(100));
  it("every action's JSON text survives", () => {
    let checked = 0;
    for (const action of actions) {
      const m = exchange.get(action.type);
      if (!m) continue; // e.g. a type the schema has no rpc for
      expect(JSON.stringify(roundTrip(m.input, action)), action.type).toBe(JSON.stringify(action));
      checked++;
    }
    expect(checked).toBeGreaterThan(actions.length * 0.9);
  });
});

describe("shapes and errors", () => {
  const level = fc.record({ px: fc.stringMatching(/^[1-9][0-9]{0,5}\.[0-9]{1,4}$/), sz: fc.stringMatching(/^[0-9]\.[0-9]{1,5}$/), n: fc.nat(1000) });
  it("l2Book: tuple levels, 64-bit time (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(2 ** 52), fc.array(level), fc.array(level), (coin, time, bids, asks) => {
        const wire = { coin, time, levels: [bids, asks] };
        const proto = toProto(L2BookResponseSchema, wire);
        expect(proto.time).toBe(BigInt(time));
        expect(toWire(L2BookResponseSchema, proto)).toEqual(wire);
      }),
    );
  });

  it("order action: unions (grouping, tif/trigger), the const type filled in", () => {
    const wire = { type: "order", orders: [{ a: 0, b: true, p: "95000", s: "0.01", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" };
    const proto = toProto(OrderActionSchema, wire);
    expect(proto.grouping?.value.case).toBe("named");
    expect(JSON.stringify(toWire(OrderActionSchema, proto))).toBe(JSON.stringify(wire));
    proto.type = "";
    expect(toWire(OrderActionSchema, proto)).toEqual(wire);
    const priority = { ...wire, grouping: { p: 5 } };
    expect(toProto(OrderActionSchema, priority).grouping?.value.case).toBe("priority");
  });

  it("names the path, the value and what is allowed", () => {
    const bad = { type: "order", orders: [{ a: "zero", b: true, p: "1", s: "1", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" };
    const e = (() => {
      try {
        toProto(OrderActionSchema, bad);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(TranslateError);
    expect((e as TranslateError).issues[0]).toMatchObject({ path: "orders[0].a", value: "zero", expected: "a safe integer" });
    expect(() => toProto(OrderActionSchema, { ...bad, orders: [], grouping: "sometimes" })).toThrow(/grouping/);
  });

  it("refuses a 64-bit value outside the JSON wire's safe range", () => {
    const m = create(L2BookResponseSchema, { coin: "BTC", time: 2n ** 60n });
    expect(() => toWire(L2BookResponseSchema, m)).toThrow(/time.*safe range/s);
  });

  it('never writes a "__proto__" map key', () => {
    const mids = JSON.parse('{"__proto__": "1"}') as unknown;
    const desc = info.get("allMids")!.output;
    expect(toWire(desc, toProto(desc, { BTC: "1" }))).toEqual({ BTC: "1" });
    expect(() => toProto(desc, mids)).toThrow(/__proto__/);
  });
});

describe("empty messages", () => {
  /** Every message type reachable from the services' requests and responses. */
  function reachable(): DescMessage[] {
    const seen = new Set<DescMessage>();
    const visit = (m: DescMessage): void => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const f of m.fields) {
        if (f.fieldKind === "message" || (f.fieldKind === "list" && f.listKind === "message") || (f.fieldKind === "map" && f.mapKind === "message"))
          visit(f.message);
      }
    };
    for (const s of [InfoService, ExchangeService, ExplorerService]) for (const m of s.methods) [m.input, m.output].forEach(visit);
    return [...seen];
  }

  it("an object with no keys becomes create(desc) of its type, with lists, maps and oneofs of its own", () => {
    let compared = 0;
    for (const desc of reachable()) {
      // Object-shaped types only: {} is a Struct of a JSON value, the value of an unwrapped type.
      if (desc.typeName.startsWith("google.protobuf.") || coreInfo(desc).shape !== Shape.OBJECT) continue;
      let a: Record<string, unknown>;
      try {
        a = toProto(desc, {}) as Record<string, unknown>;
      } catch {
        continue; // tuples, unions and wrapped values do not take {}
      }
      const b = toProto(desc, {}) as Record<string, unknown>;
      expect(a, desc.typeName).toEqual(create(desc));
      expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(create(desc)));
      for (const key of Object.keys(a)) if (typeof a[key] === "object" && a[key] !== null) expect(a[key], `${desc.typeName}.${key}`).not.toBe(b[key]);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
