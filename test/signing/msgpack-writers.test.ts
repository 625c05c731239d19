/**
 * The generated msgpack writers (generated/ts/msgpack-writers.ts) against the reference they
 * replace on the signing path: @msgpack/msgpack (ignoreUndefined) over the action rebuilt in wire
 * key order. Byte for byte, on random schema-valid actions of every type and on values chosen at
 * the encoding's boundaries.
 */
import { Encoder } from "@msgpack/msgpack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeAnyAction, type AnyAction } from "../../generated/ts/actions.js";
import { msgpackOfAction } from "../../generated/ts/msgpack-writers.js";
import { assertValidAction } from "../../src/signing/action.js";
import { actionHashBytes, validActionHashBytes } from "../../src/signing/l1.js";
import { arbitraryOf, schema } from "../helpers/arbitrary.js";

const reference = new Encoder({ ignoreUndefined: true });
const referenceBytes = (action: AnyAction): string => Buffer.from(reference.encode(encodeAnyAction(action))).toString("hex");
const writerBytes = (action: AnyAction): string => Buffer.from(msgpackOfAction(action)).toString("hex");

describe("generated msgpack writers equal @msgpack/msgpack", () => {
  for (const spec of schema.exchange) {
    it(`${spec.type}: random schema-valid actions`, () => {
      fc.assert(
        fc.property(arbitraryOf(spec.action), (raw) => {
          const action = raw as AnyAction;
          assertValidAction(action);
          expect(writerBytes(action)).toBe(referenceBytes(action));
        }),
        { numRuns: 25 },
      );
    });
  }

  const order = (o: Record<string, unknown>): AnyAction =>
    ({
      type: "order",
      orders: [{ a: 0, b: true, p: "1", s: "1", r: false, t: { limit: { tif: "Gtc" } }, ...o }],
      grouping: "na",
    }) as AnyAction;

  it("integers at every msgpack width boundary, both signs, and floats", () => {
    const edges = [0, -0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0xffffffff, 0x100000000, 2 ** 53 - 1, 2 ** 53, 1.5, -1, -0x20, -0x21];
    const more = [-0x80, -0x81, -0x8000, -0x8001, -0x80000000, -0x80000001, -(2 ** 53) + 1, Number.NaN, Infinity, -Infinity, 1e300, 5e-324];
    for (const a of [...edges, ...more]) {
      // Validation would refuse most of these as an asset index; the writer must still match the reference.
      const action = order({ a });
      expect(writerBytes(action), `a=${a}`).toBe(referenceBytes(action));
    }
  });

  it("strings across the fixstr / str8 / str16 limits, non-ASCII and lone surrogates", () => {
    const strings = ["", "x".repeat(31), "x".repeat(32), "x".repeat(255), "x".repeat(256), "x".repeat(65535), "x".repeat(65536)];
    strings.push("é", "日本語", "🙂", "a\ud800b", "\udfff", `${"x".repeat(60)}é`, "\u007f\u0080");
    for (const p of strings) {
      const action = order({ p });
      expect(writerBytes(action), `p of length ${p.length}`).toBe(referenceBytes(action));
    }
  });

  it("arrays past fixarray (16) and array16 (65536) sizes", () => {
    for (const n of [15, 16, 17, 65536]) {
      const cancels = Array.from({ length: n }, (_, i) => ({ a: i % 7, o: 2 ** 40 + i }));
      const action = { type: "cancel", cancels } as AnyAction;
      expect(writerBytes(action), `${n} cancels`).toBe(referenceBytes(action));
    }
  });

  it("hashes to the same connection id as the encoder path", () => {
    fc.assert(
      fc.property(arbitraryOf("OrderAction"), fc.integer({ min: 0, max: 2 ** 53 - 1 }), (raw, nonce) => {
        const action = raw as AnyAction;
        const rebuilt = encodeAnyAction(action);
        const viaWriter = Buffer.from(validActionHashBytes({ action: rebuilt, nonce, vaultAddress: null, expiresAfter: nonce })).toString("hex");
        expect(viaWriter).toBe(Buffer.from(actionHashBytes({ action: rebuilt, nonce, vaultAddress: null, expiresAfter: nonce })).toString("hex"));
      }),
      { numRuns: 50 },
    );
  });
});
