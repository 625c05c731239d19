/**
 * The WebSocket data-frame fast path (generated single-pass parsers) must change speed, never
 * results: whatever it accepts, JSON.parse + ajv (compiled from schema.json) accept too, with
 * the same value (key order included); everything else falls back (undefined).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { subscriptionEndpoints } from "../../generated/ts/registry.js";
import type { MessageName } from "../../generated/ts/validate.js";
import { oracleErrors } from "../schema/ajv-oracle.js";
import { parseCheckedFrame } from "../../src/transport/ws/frame-parser.js";
import { frames as fixtureFrames } from "./fixtures.js";

const ENDPOINTS: readonly { readonly channel: string; readonly message: MessageName }[] = Object.values(subscriptionEndpoints);
const MESSAGE: Record<string, MessageName> = Object.fromEntries(ENDPOINTS.map((e) => [e.channel, e.message]));

/** The fast path's answer is either undefined or exactly what the generic strict path gives. */
function agreesWithGenericPath(text: string): "fast" | "fallback" {
  const fast = parseCheckedFrame(text);
  if (fast === undefined) return "fallback";
  const parsed = JSON.parse(text) as { channel: string; data: unknown };
  expect(fast.channel).toBe(parsed.channel);
  // JSON.stringify compares key order as well as values.
  expect(JSON.stringify(fast.data)).toBe(JSON.stringify(parsed.data));
  expect(fast.data).toStrictEqual(parsed.data);
  expect(oracleErrors(MESSAGE[fast.channel]!, fast.data)).toEqual([]);
  return "fast";
}

const digits = fc.stringMatching(/^(0|[1-9][0-9]{0,8})$/);
const decimal = fc
  .tuple(fc.boolean(), digits, fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }))
  .map(([neg, int, frac]) => `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}`);
const hexOf = (n: number) => fc.stringMatching(new RegExp(`^0x[0-9a-fA-F]{${n}}$`));
const coin = fc.oneof(fc.constantFrom("BTC", "ETH", "@107", "PURR/USDC", "kPEPE", "xyz:TSLA"), fc.stringMatching(/^[A-Za-z0-9@:/ ]{1,12}$/));
const level = fc.record({ px: decimal, sz: decimal, n: fc.nat(10_000) });
const book = fc.record(
  { coin, time: fc.nat(), levels: fc.tuple(fc.array(level, { maxLength: 25 }), fc.array(level, { maxLength: 25 })) },
  { requiredKeys: ["coin", "time", "levels"] },
);
const bookWithSpread = fc.tuple(book, fc.option(decimal, { nil: undefined })).map(([b, spread]) => (spread === undefined ? b : { ...b, spread }));
const trade = fc.record(
  {
    coin,
    side: fc.constantFrom("A", "B"),
    px: decimal,
    sz: decimal,
    time: fc.nat(),
    hash: hexOf(64),
    tid: fc.oneof(fc.nat(), fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(2 ** 60)),
    users: fc.array(hexOf(40), { maxLength: 3 }),
  },
  { requiredKeys: ["coin", "side", "px", "sz", "time", "hash", "users"] },
);
const mids = fc.dictionary(coin, decimal, { maxKeys: 40 });
const allMids = fc.record({ mids, dex: fc.stringMatching(/^[a-z]{0,6}$/) }, { requiredKeys: ["mids"] });

/** Shuffles an object's keys (the fast path accepts any order). */
function shuffled(value: Record<string, unknown>, seed: number): Record<string, unknown> {
  const keys = Object.keys(value);
  for (let k = keys.length - 1; k > 0; k--) {
    const j = (seed * (k + 7)) % (k + 1);
    [keys[k], keys[j]] = [keys[j]!, keys[k]!];
  }
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

const frames = fc.oneof(
  bookWithSpread.map((data) => JSON.stringify({ channel: "l2Book", data })),
  fc.array(trade, { maxLength: 12 }).map((data) => JSON.stringify({ channel: "trades", data })),
  allMids.map((data) => JSON.stringify({ channel: "allMids", data })),
);

describe("parseCheckedFrame", () => {
  it("takes the fast path for every fixture frame of a channel with one message type", () => {
    const fallbacks: string[] = [];
    for (const [name, f] of Object.entries(fixtureFrames)) {
      const text = JSON.stringify({ channel: f.channel, data: f.data });
      if (MESSAGE[f.channel] === undefined || agreesWithGenericPath(text) === "fallback") fallbacks.push(name);
    }
    // activeSpotAssetCtx has no subscription type of its own (activeAssetCtx receives it).
    expect(fallbacks).toEqual(["activeAssetCtxSpot"]);
  });

  it("parses valid frames exactly like JSON.parse, and they pass the strict validator", () => {
    fc.assert(
      fc.property(frames, (text) => {
        expect(agreesWithGenericPath(text)).toBe("fast");
      }),
      { numRuns: 400 },
    );
  });

  it("accepts keys in any order", () => {
    fc.assert(
      fc.property(bookWithSpread, trade, fc.nat(1000), (b, t, seed) => {
        const level0 = b.levels[0][0];
        const levels = [b.levels[0].map((l) => shuffled(l, seed)), b.levels[1]];
        expect(agreesWithGenericPath(JSON.stringify({ channel: "l2Book", data: shuffled({ ...b, levels }, seed) }))).toBe("fast");
        expect(agreesWithGenericPath(JSON.stringify({ channel: "trades", data: [shuffled(t, seed)] }))).toBe("fast");
        void level0;
      }),
      { numRuns: 200 },
    );
  });

  it("never accepts a mutated frame that the generic path would reject or read differently", () => {
    const alphabet = ['"', "\\", ",", ":", "{", "}", "[", "]", " ", "0", "1", "-", ".", "e", "x", "a", "G", "\n", "\u0001", "é"];
    fc.assert(
      fc.property(frames, fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 3 }), (text, edits) => {
        let mutated = text;
        for (const [at, op, ch] of edits) {
          const p = at % (mutated.length + 1);
          if (op === 0) mutated = mutated.slice(0, p) + ch + mutated.slice(p);
          else if (op === 1) mutated = mutated.slice(0, p) + mutated.slice(p + 1);
          else mutated = mutated.slice(0, p) + ch + mutated.slice(p + 1);
        }
        const fast = parseCheckedFrame(mutated);
        if (fast === undefined) return;
        // Accepted: it must be valid JSON, equal to JSON.parse's value and schema-valid.
        agreesWithGenericPath(mutated);
      }),
      { numRuns: 3000 },
    );
  });

  it("falls back on what it does not fully understand", () => {
    const level = '{"px":"1","sz":"2","n":3}';
    const ok = `{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[${level}],[]]}}`;
    expect(agreesWithGenericPath(ok)).toBe("fast");
    // Read exactly like the generic path (the schema allows them; JSON.parse reads them so).
    const agreeing = [
      ok.replace('"BTC"', '"B\\u0054C"'), // escape
      ok.replace('"n":3', '"n":3.0'), // an integral number with a fraction (ajv's "integer")
      ok.replace('"time":1', '"time":1e3'), // exponent
      ok.replace('"coin":"BTC",', '"coin":"BTC","extra":{"a":[1,true,null,"x"]},'), // unknown key: kept
      '{"channel":"allMids","data":{"mids":{"A":"1","A":"2"}}}', // duplicate coin: last wins
    ];
    for (const text of agreeing) expect(agreesWithGenericPath(text), text).toBe("fast");
    const fallbacks = [
      ok.replace('"coin"', ' "coin"'), // whitespace
      ok.replace('"n":3', '"n":03'), // leading zero (not JSON)
      ok.replace('"n":3', '"n":-3'), // negative count
      ok.replace('"px":"1"', '"px":"1.00e1"'), // not a decimal
      ok.replace('"px":"1"', '"px":1'), // number instead of string
      ok.replace('"coin":"BTC",', '"coin":"BTC","coin":"ETH",'), // duplicate key
      ok.replace('"coin":"BTC",', '"coin":"BTC","co\\u0069n":"ETH",'), // a known key spelt with an escape
      ok.replace('"coin":"BTC",', ""), // missing key
      ok.replace(",[]]", ",[],[]]"), // three sides
      `${ok} `, // trailing text
      ok.replace('"channel":"l2Book","data":', '"data":').replace("}}", ',"channel":"l2Book"}}'), // other top-level order
      '{"channel":"allMids","data":{"mids":{"__proto__":"1"}}}', // would set the prototype
      '{"channel":"trades","data":[{"coin":"X","side":"C","px":"1","sz":"1","time":1,"hash":"0x00","users":[]}]}',
      '{"channel":"candle","data":{}}', // required keys missing
      '{"channel":"activeSpotAssetCtx","data":{}}', // no message of its own
      '{"channel":"nope","data":{}}', // unknown channel
      "Websocket connection established.",
    ];
    for (const text of fallbacks) expect(parseCheckedFrame(text), text).toBeUndefined();
  });

  it("reads large and negative integers like JSON.parse", () => {
    const hash = `0x${"a".repeat(64)}`;
    for (const tid of ["9007199254740993", "123456789012345678901", "-42", "0"]) {
      const text = `{"channel":"trades","data":[{"coin":"X","side":"B","px":"1","sz":"1","time":1,"hash":"${hash}","tid":${tid},"users":[]}]}`;
      expect(agreesWithGenericPath(text)).toBe("fast");
    }
  });
});
