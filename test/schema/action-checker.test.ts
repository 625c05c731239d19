/**
 * The value -> verdict checkers (generated/ts/validate-action.ts and validate-request.ts, one
 * interpreter over the input messages' JSON Schemas) must give ajv's verdict (compiled at test
 * time from schema.json, test/schema/ajv-oracle.ts) on every value: valid ones from the schema
 * arbitraries and the action examples, and those values mutated at a random path (dropped,
 * replaced, extra key, near-miss strings and numbers).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isActionMessage, validateAction, type ActionMessageName } from "../../generated/ts/validate-action.js";
import { isInputMessage, validateInput } from "../../generated/ts/validate-input.js";
import { isRequestMessage } from "../../generated/ts/validate-request.js";
import { arbitraryOf, schema } from "../helpers/arbitrary.js";
import { actionExamples } from "./action-examples.js";
import { oracleErrors } from "./ajv-oracle.js";

const actionNames = schema.exchange.map((e) => e.action);
const requestNames = [...schema.info, ...schema.explorer, ...schema.subscriptions].map((e) => e.request);
const byType = new Map(schema.exchange.map((e) => [e.type, e.action]));

type Path = (string | number)[];

/** Every path to a value inside `v` (the root included). */
function paths(v: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

const NEAR_MISSES: unknown[] = [
  "1e5",
  "0.10",
  "+1",
  "01",
  "-0",
  "",
  "0x",
  "0x12",
  "0xZZ",
  `0x${"a".repeat(40)}`,
  `0x${"A".repeat(64)}`,
  "Gtc",
  "na",
  "GTC",
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 53),
  Number.NaN,
  Infinity,
  -Infinity,
  -0,
  true,
  false,
  null,
  undefined,
  [],
  {},
  [1, 2],
  { x: 1 },
];

type Mutation = { kind: "drop" } | { kind: "set"; value: unknown } | { kind: "extra"; key: string };
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: "drop" }),
  fc.constantFrom(...NEAR_MISSES).map((value): Mutation => ({ kind: "set", value })),
  fc.anything().map((value): Mutation => ({ kind: "set", value })),
  fc.constantFrom("x", "type", "a", "p", "0", "__proto__", "constructor").map((key): Mutation => ({ kind: "extra", key })),
);

/** A deep copy of `v` with `m` applied at `path` (a drop at the root yields undefined). */
function mutate(v: unknown, path: Path, m: Mutation): unknown {
  const copy: unknown = structuredClone(v);
  if (path.length === 0)
    return m.kind === "set" ? m.value : m.kind === "extra" && copy !== null && typeof copy === "object" ? Object.assign(copy, { [m.key]: 1 }) : undefined;
  let parent: unknown = copy;
  for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[p];
  const last = path[path.length - 1]!;
  const holder = parent as Record<string | number, unknown>;
  if (m.kind === "drop") {
    if (Array.isArray(holder)) holder.splice(Number(last), 1);
    else delete holder[last];
  } else if (m.kind === "set") holder[last] = m.value;
  else {
    const target = holder[last];
    if (target !== null && typeof target === "object") Object.defineProperty(target, m.key, { value: 1, enumerable: true, configurable: true, writable: true });
    else holder[last] = { [m.key]: target };
  }
  return copy;
}

function sameVerdict(name: string, value: unknown): void {
  if (!isInputMessage(name)) throw new Error(`${name} is not an input message`);
  const ours = validateInput(name, value);
  const ajv = oracleErrors(name, value).length === 0;
  if (ajv !== (ours.length === 0))
    throw new Error(`${name}: ajv says ${ajv ? "valid" : "invalid"}, the checker ${JSON.stringify(ours)} for ${JSON.stringify(value)}`);
  // "a valid X" only comes when the verdict pass and the explaining pass disagree.
  for (const issue of ours) if (issue.expected.startsWith("a valid ")) throw new Error(`${name}: refused without a reason for ${JSON.stringify(value)}`);
}

describe("action checker agrees with ajv", () => {
  it("knows every action message", () => {
    for (const name of actionNames) expect(isActionMessage(name)).toBe(true);
    expect(isActionMessage("L2BookRequest")).toBe(false);
  });

  it("on the action examples and their mutations", () => {
    for (const example of actionExamples) {
      const name = byType.get(String(example.type))!;
      expect(validateAction(name as ActionMessageName, example)).toEqual([]);
      sameVerdict(name, example);
      for (const path of paths(example)) for (const m of NEAR_MISSES) sameVerdict(name, mutate(example, path, { kind: "set", value: m }));
    }
  });

  it("on schema-generated actions and their mutations", () => {
    const arb = fc.constantFrom(...actionNames).chain((name) => fc.tuple(fc.constant(name), arbitraryOf(name, { maxDepth: 4 })));
    fc.assert(
      fc.property(arb, fc.nat(), mutationArb, ([name, value], pick, m) => {
        sameVerdict(name, value);
        const all = paths(value);
        sameVerdict(name, mutate(value, all[pick % all.length]!, m));
      }),
      { numRuns: 3000 },
    );
  });

  it("on schema-generated requests and subscriptions and their mutations", () => {
    for (const name of requestNames) expect(isRequestMessage(name), name).toBe(true);
    const arb = fc.constantFrom(...requestNames).chain((name) => fc.tuple(fc.constant(name), arbitraryOf(name, { maxDepth: 4 })));
    fc.assert(
      fc.property(arb, fc.nat(), mutationArb, ([name, value], pick, m) => {
        sameVerdict(name, value);
        const all = paths(value);
        sameVerdict(name, mutate(value, all[pick % all.length]!, m));
      }),
      { numRuns: 3000 },
    );
  });

  it("on arbitrary JSON-like values", () => {
    fc.assert(
      fc.property(fc.constantFrom(...actionNames), fc.anything(), (name, value) => sameVerdict(name, value)),
      { numRuns: 1000 },
    );
  });

  it("names the field, the value and what is allowed", () => {
    const issues = validateAction("OrderAction", {
      type: "order",
      orders: [{ a: 0, b: true, p: "1e-5", s: "1", r: false, t: { limit: { tif: "Gtc" } } }],
      grouping: "na",
    });
    expect(issues).toEqual([{ path: "orders[0].p", value: "1e-5", expected: expect.stringMatching(/canonical decimal/) }]);
  });
});
