/**
 * The generated single-pass parsers (generated/ts/parsers.ts) may change speed, never results:
 * for any text, `parseChecked(name, text)` is either undefined or deep-equal to JSON.parse(text),
 * in the same key order, and valid for `name`; and when it declines, `explain` names a path whose
 * value really violates the schema (cross-checked against ajv compiled from schema.json here).
 * Checked on every info fixture, every recorded response in ../shared, mutated copies of them,
 * and generated values; and the fast path must actually take the realistic ones.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explorerEndpoints, infoEndpoints } from "../../generated/ts/registry.js";
import { explain, hasParser, parseChecked } from "../../generated/ts/parsers.js";
import type { MessageName } from "../../generated/ts/validate.js";
import { oracleErrors } from "./ajv-oracle.js";
import type { EndpointFixture } from "../fixtures/info/common.js";
import { explorerFixtures } from "../fixtures/info/explorer.js";
import { marketFixtures } from "../fixtures/info/market.js";
import { userFixtures } from "../fixtures/info/user.js";
import { readShared, sharedDir, skipShared } from "../helpers/shared.js";

const responses = { ...infoEndpoints, ...explorerEndpoints } as unknown as Record<string, { response: MessageName }>;

interface Sample {
  label: string;
  message: MessageName;
  text: string;
}

function fixtureSamples(): Sample[] {
  return [...marketFixtures, ...userFixtures, ...explorerFixtures].map((f: EndpointFixture, n) => ({
    label: `${f.type} #${n}`,
    message: responses[f.type]!.response,
    text: JSON.stringify(f.response),
  }));
}

function recordedSamples(): Sample[] {
  if (skipShared) return [];
  const out: Sample[] = [];
  for (const file of readdirSync(join(sharedDir, "conformance/recorded-info")).filter((f) => f.endsWith(".json"))) {
    const cassette = readShared<{ interactions: { request: { body: { type: string } }; response: { status: number; body: unknown } }[] }>(
      `conformance/recorded-info/${file}`,
    );
    for (const [n, it] of cassette.interactions.entries()) {
      const ep = responses[it.request.body.type];
      if (ep && it.response.status === 200)
        out.push({
          label: `${file} #${n}`,
          message: ep.response,
          text: typeof it.response.body === "string" ? it.response.body : JSON.stringify(it.response.body),
        });
    }
  }
  return out;
}

/** `a.0` and `a[0]` name the same value (ajv cannot tell map keys from indexes). */
const normal = (path: string): string => path.replace(/(^|\.)(\d+)(?=$|[.[])/g, "[$2]");

/** The value a formatted path names; keys may contain "." or "[", so try each key that fits. */
function valueAt(root: unknown, path: string, first = true): unknown {
  if (path === "") return root;
  if (root === null || typeof root !== "object") return undefined;
  const index = /^\[(\d+)\]/.exec(path);
  if (index && Object.hasOwn(root, index[1]!)) return valueAt((root as Record<string, unknown>)[index[1]!], path.slice(index[0].length), false);
  const rest = first ? path : path.startsWith(".") ? path.slice(1) : undefined;
  if (rest === undefined) return undefined;
  for (const [k, v] of Object.entries(root)) {
    if (!rest.startsWith(k) || !/^($|[.[])/.test(rest.slice(k.length))) continue;
    const found = valueAt(v, rest.slice(k.length), false);
    if (found !== undefined || rest.length === k.length) return found;
  }
  return undefined;
}

/**
 * When the parser declines, its explanation is right: text that is not JSON is named at the
 * root; valid JSON is declined only if ajv rejects it too, at the path the explanation names,
 * whose value the issue carries.
 */
function explainsDecline(message: MessageName, text: string): void {
  const explained = explain(message, text)!;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    expect(explained.ok).toBe(false);
    if (!explained.ok) expect(explained.issues[0]!.expected).toMatch(/^JSON text/);
    return;
  }
  const errors = oracleErrors(message, parsed);
  if (explained.ok) {
    expect(errors, text).toEqual([]);
    expect(explained.value).toStrictEqual(parsed);
    return;
  }
  const issue = explained.issues[0]!;
  // Declined on purpose where ajv has no opinion: a "__proto__" key, a number that overflows to
  // Infinity (also inside a union's value, which the issue names as a whole: ajv takes Infinity
  // for an integer, so a union member with one does not fail there).
  if (issue.expected.startsWith('no "__proto__" key') || holdsNonFinite(issue.value)) return;
  expect(errors.length, `${text}\nexplained ${JSON.stringify(issue)} but ajv accepts it`).toBeGreaterThan(0);
  expect(
    errors.map((e) => normal(e.path)),
    `${text}\nexplained ${JSON.stringify(issue)}`,
  ).toContain(normal(issue.path));
  expect(issue.value).toStrictEqual(valueAt(parsed, issue.path));
}

function holdsNonFinite(value: unknown, depth = 0): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (depth > 64 || typeof value !== "object" || value === null) return false;
  return Object.values(value).some((v) => holdsNonFinite(v, depth + 1));
}

/** The contract: undefined (explained), or exactly JSON.parse's value and schema-valid. */
function agrees(message: MessageName, text: string): "fast" | "fallback" {
  const fast = parseChecked(message, text);
  if (fast === undefined) {
    explainsDecline(message, text);
    return "fallback";
  }
  const parsed = JSON.parse(text) as unknown;
  expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed)); // key order too
  expect(fast).toStrictEqual(parsed); // prototypes, -0, array holes
  expect(oracleErrors(message, fast)).toEqual([]);
  return "fast";
}

const samples = [...fixtureSamples(), ...recordedSamples()];

describe("generated single-pass parsers", () => {
  it("have a parser for every response message", () => {
    for (const { response } of Object.values(responses)) expect(hasParser(response), response).toBe(true);
  });

  it.each(samples.map((s) => [s.label, s] as const))("%s: fast path, same value as JSON.parse", (_label, s) => {
    expect(agrees(s.message, s.text)).toBe("fast");
  });

  it("recorded responses are included when ../shared is present", () => {
    if (!skipShared) expect(samples.length).toBeGreaterThan(fixtureSamples().length + 10);
  });

  it("never accepts a mutated text that the generic path would reject or read differently", () => {
    const alphabet = [
      '"',
      "\\",
      ",",
      ":",
      "{",
      "}",
      "[",
      "]",
      " ",
      "0",
      "1",
      "-",
      ".",
      "e",
      "E",
      "+",
      "x",
      "a",
      "n",
      "t",
      "G",
      "\n",
      "\u0001",
      "é",
      "null",
      "true",
      "[]",
      "{}",
    ];
    const small = samples.filter((s) => s.text.length < 20_000);
    fc.assert(
      fc.property(
        fc.constantFrom(...small),
        fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 3 }),
        (s, edits) => {
          let text = s.text;
          for (const [at, op, ch] of edits) {
            const p = at % (text.length + 1);
            if (op === 0) text = text.slice(0, p) + ch + text.slice(p);
            else if (op === 1) text = text.slice(0, p) + text.slice(p + 1);
            else text = text.slice(0, p) + ch + text.slice(p + ch.length);
          }
          agrees(s.message, text);
        },
      ),
      { numRuns: Number(process.env.HL_FC_RUNS ?? 10_000) },
    );
  });

  it("reads arbitrary JSON under unknown keys and in untyped fields exactly like JSON.parse", () => {
    const fill = JSON.parse(samples.find((s) => s.message === "UserFillsResponse")?.text ?? "[]") as Record<string, unknown>[];
    if (!fill.length) return;
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ maxLength: 8 }), (extra, name) => {
        const text = JSON.stringify([{ ...fill[0], [`x_${name}`]: extra }]);
        agrees("UserFillsResponse", text);
      }),
      { numRuns: 500 },
    );
  });

  it("remembered map keys and in-place enum matches still need exact JSON around them", () => {
    const mids = '{"BTC":"30135.0","ETH":"1903.95"}';
    expect(agrees("AllMidsResponse", mids)).toBe("fast"); // remembers BTC, ETH
    for (const text of [mids.replace('"ETH"', ' ETH"'), mids.replace('"ETH"', '"ETH '), mids.replace(',"ETH"', ',"E\\u0054H"')])
      agrees("AllMidsResponse", text);
    expect(parseChecked("AllMidsResponse", mids.replace('"ETH"', ' ETH"'))).toBeUndefined();
    const fill = '[{"coin":"BTC","time":1700000000000,"fundingRate":"0.0000125","premium":"0.0001"}]';
    expect(agrees("FundingHistoryResponse", fill)).toBe("fast");
  });

  it("falls back on what it does not handle or the schema rejects", () => {
    const ok = '[{"coin":"BTC","time":1700000000000,"fundingRate":"0.0000125","premium":"0.0001"}]';
    expect(agrees("FundingHistoryResponse", ok)).toBe("fast");
    for (const text of [
      ` ${ok}`, // whitespace
      ok.replace('"time":1700000000000', '"time":-1'), // unsigned
      ok.replace('"0.0000125"', '"1e-5"'), // not a decimal string
      ok.replace('"coin":"BTC",', '"coin":"BTC","coin":"ETH",'), // duplicate key
      ok.replace('"coin":"BTC",', ""), // missing key
      ok.replace('"coin":"BTC",', '"__proto__":{},"coin":"BTC",'), // would set the prototype
      ok.slice(0, -1), // truncated
      `${ok}x`, // trailing text
      ok.replace("1700000000000", "1700000000000.5"), // not an integer
      ok.replace("1700000000000", "1e400"), // not finite
    ]) {
      expect(parseChecked("FundingHistoryResponse", text), text).toBeUndefined();
    }
  });
});
