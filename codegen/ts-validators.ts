/**
 * Wire model → the value checkers (value → verdict, for what the SDK sends):
 *   ts/names.ts             message names and the Issue type (types only);
 *   ts/checker-runtime.ts   the interpreter over compact JSON Schemas both checkers share;
 *   ts/validate-action.ts   the action messages' JSON Schemas as data for it (what
 *                           the signing code imports: small bundles, no response checker);
 *   ts/validate-request.ts  the same for info/explorer requests and subscriptions;
 *   ts/validate-input.ts    `validateInput`: dispatches to the two above;
 *   ts/validate.ts          `validate` for every message: inputs through validateInput, the
 *                           rest through the single-pass parsers' explanation (parsers.ts).
 * Nothing here ships ajv: tests compile ajv from schema.json as an independent oracle.
 */
import { FORMAT_PATTERNS, type JsonSchema } from "./json-schema.js";
import type { SchemaModel } from "./ir.js";
import { runtimeSource } from "./runtime/copy.js";

export interface ValidatorFiles {
  names: string;
  input: string;
  wrapper: string;
  /** checker-runtime.ts (see emitCheckerRuntime). */
  runtime: string;
  /** validate-action.ts (see emitActionChecker). */
  action: string;
  /** validate-request.ts (see emitRequestChecker). */
  request: string;
}

function union(names: string[]): string {
  return names.length ? names.map((n) => `\n  | ${JSON.stringify(n)}`).join("") : "never";
}

export function emitValidators(model: SchemaModel, defs: Record<string, JsonSchema>, header: string): ValidatorFiles {
  const names = Object.keys(defs);
  const inputs = names.filter((n) => model.messages.get(n)!.input);
  const namesTs = [
    header,
    `/** Name of every schema message. */`,
    `export type MessageName =${union(names)};\n`,
    `/** Messages the SDK sends (requests, actions, subscriptions): checked as values before signing or sending. */`,
    `export type InputMessageName =${union(inputs)};\n`,
    `/** One problem found in a value. */`,
    `export interface Issue {\n  /** JSON path such as \`orders[0].p\` ("" for the root). */\n  path: string;\n  /** The value found there (undefined when missing). */\n  value: unknown;\n  /** What is allowed there. */\n  expected: string;\n}\n`,
  ].join("\n");
  const input = [
    header,
    `import { isActionMessage, validateAction } from "./validate-action.js";`,
    `import { isRequestMessage, validateRequest } from "./validate-request.js";`,
    `import type { InputMessageName, Issue } from "./names.js";\n`,
    `export type { InputMessageName, Issue } from "./names.js";\n`,
    `/** True when \`name\` is a message the SDK sends (see {@link validateInput}). */`,
    `export function isInputMessage(name: string): name is InputMessageName {\n  return isActionMessage(name) || isRequestMessage(name);\n}\n`,
    `/** Validates \`value\` against the input message \`name\` (request, action, subscription); returns [] when valid. */`,
    `export function validateInput(name: InputMessageName, value: unknown): Issue[] {\n  if (isActionMessage(name)) return validateAction(name, value);\n  if (isRequestMessage(name)) return validateRequest(name, value);\n  throw new Error(\`unknown input message \${String(name)}\`);\n}\n`,
    `/** Type guard form of {@link validateInput}. */`,
    `export function isValidInput(name: InputMessageName, value: unknown): boolean {\n  return validateInput(name, value).length === 0;\n}\n`,
  ].join("\n");
  const wrapper = [
    header,
    `import { isInputMessage, validateInput } from "./validate-input.js";`,
    `import { checkValue } from "./parsers.js";`,
    `import type { Issue, MessageName } from "./names.js";\n`,
    `export type { InputMessageName, Issue, MessageName } from "./names.js";\n`,
    `/**`,
    ` * Validates \`value\` against the schema message \`name\`; returns [] when valid. Messages the SDK`,
    ` * sends go through the ajv validators (validate-input.ts); messages the API sends through the`,
    ` * single-pass parser of their compact JSON text, which explains its own failures.`,
    ` */`,
    `export function validate(name: MessageName, value: unknown): Issue[] {\n  if (isInputMessage(name)) return validateInput(name, value);\n  const issues = checkValue(name, value);\n  if (!issues) throw new Error(\`unknown schema message \${String(name)}\`);\n  return issues;\n}\n`,
    `/** Type guard form of {@link validate}. */`,
    `export function isValid(name: MessageName, value: unknown): boolean {\n  return validate(name, value).length === 0;\n}\n`,
  ].join("\n");
  return {
    names: namesTs,
    input,
    wrapper,
    runtime: emitCheckerRuntime(header),
    action: emitActionChecker(model, defs, header).source,
    request: emitRequestChecker(model, defs, header).source,
  };
}

/**
 * The JSON-Schema keywords the action checker interprets; codegen refuses any other, so a schema
 * change cannot make it silently disagree with ajv (test/schema/action-checker.test.ts compares
 * their verdicts).
 */
const CHECKER_KEYWORDS = new Set([
  "type",
  "const",
  "enum",
  "pattern",
  "minimum",
  "maximum",
  "$ref",
  "items",
  "prefixItems",
  "minItems",
  "maxItems",
  "properties",
  "required",
  "additionalProperties",
  "anyOf",
  "oneOf",
  "allOf",
]);
const DOC_KEYWORDS = new Set(["description", "x-format", "examples"]);

/** Alternative-key groups of a `oneOf` of `{properties: {k: {}}, required: [k]}` (json-schema.ts oneofs). */
function oneofKeys(oneOf: unknown, where: string): string[] {
  if (!Array.isArray(oneOf)) throw new Error(`action checker: ${where}: oneOf is not an array`);
  return oneOf.map((alt: JsonSchema) => {
    const req = alt.required;
    if (!Array.isArray(req) || req.length !== 1 || typeof req[0] !== "string") throw new Error(`action checker: ${where}: unsupported oneOf branch`);
    return req[0];
  });
}

/** One schema node in the checker's compact form: doc keywords dropped, patterns by index, oneOf/allOf as key groups. */
function compactNode(s: JsonSchema, patterns: string[], where: string): JsonSchema {
  const out: JsonSchema = {};
  // The interpreter returns after an anyOf, as ajv's code for these schemas does.
  if (s.anyOf && Object.keys(s).some((k) => k !== "anyOf" && !DOC_KEYWORDS.has(k))) throw new Error(`action checker: ${where}: anyOf next to other keywords`);
  for (const [k, v] of Object.entries(s)) {
    if (DOC_KEYWORDS.has(k)) continue;
    if (!CHECKER_KEYWORDS.has(k)) throw new Error(`action checker: ${where}: keyword ${k} is not supported`);
    const sub = (x: unknown): JsonSchema => compactNode(x as JsonSchema, patterns, where);
    if (k === "$ref") out.$ref = String(v).replace("#/defs/", "");
    else if (k === "pattern") {
      if (!patterns.includes(String(v))) patterns.push(String(v));
      out.pattern = patterns.indexOf(String(v));
    } else if (k === "items" || (k === "additionalProperties" && v !== false)) out[k] = sub(v);
    else if (k === "prefixItems" || k === "anyOf") out[k] = (v as JsonSchema[]).map(sub);
    else if (k === "properties") {
      const props: Record<string, JsonSchema> = {};
      for (const [key, p] of Object.entries(v as Record<string, JsonSchema>)) {
        if (key === "__proto__") throw new Error(`action checker: ${where}: a field named __proto__`);
        props[key] = sub(p);
      }
      out.properties = props;
    } else if (k === "oneOf") out.one = [oneofKeys(v, where)];
    else if (k === "allOf") out.one = (v as JsonSchema[]).map((o) => oneofKeys(o.oneOf, where));
    else out[k] = v;
  }
  return out;
}

/** Names `$ref`-reachable from `roots`, in a stable order. */
function reachable(defs: Record<string, JsonSchema>, roots: string[]): string[] {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object") {
      for (const [k, v] of Object.entries(x)) {
        if (k === "$ref") visit(String(v).replace("#/defs/", ""));
        else walk(v);
      }
    }
  };
  const visit = (name: string): void => {
    if (out.has(name)) return;
    out.add(name);
    walk(defs[name]);
  };
  for (const name of [...roots].sort()) visit(name);
  return [...out];
}

/**
 * validate-action.ts: a small interpreter over the action messages' JSON Schemas (the same ones
 * ajv compiles into input-validators.js), ~30 KB instead of ajv's ~500 KB for these messages, so
 * `import { signAction }` bundles small. Verdicts equal ajv's; issues use the same wording.
 */
export function emitActionChecker(model: SchemaModel, defs: Record<string, JsonSchema>, header: string): { names: string[]; source: string } {
  const roots = [...model.messages.values()].filter((x) => x.action).map((m) => m.name);
  return emitChecker(defs, roots, header, { kind: "action", label: "Messages the action checker knows: the actions and the messages inside them." });
}

/** validate-request.ts: the same interpreter over the other input messages (info/explorer requests, subscriptions). */
export function emitRequestChecker(model: SchemaModel, defs: Record<string, JsonSchema>, header: string): { names: string[]; source: string } {
  const roots = [...model.messages.values()].filter((x) => x.input && !x.action && !reachableFrom(model, defs).has(x.name)).map((m) => m.name);
  return emitChecker(defs, roots, header, {
    kind: "request",
    label: "Messages the request checker knows: info/explorer requests, subscriptions and the messages inside them.",
  });
}

function reachableFrom(model: SchemaModel, defs: Record<string, JsonSchema>): Set<string> {
  return new Set(
    reachable(
      defs,
      [...model.messages.values()].filter((x) => x.action).map((m) => m.name),
    ),
  );
}

interface CheckerKind {
  kind: "action" | "request";
  label: string;
}

function emitChecker(defs: Record<string, JsonSchema>, roots: string[], header: string, k: CheckerKind): { names: string[]; source: string } {
  const names = reachable(defs, roots);
  const Kind = k.kind === "action" ? "Action" : "Request";
  const patterns: string[] = [];
  const compact = names.map((n) => `  ${n}: ${JSON.stringify(compactNode(defs[n]!, patterns, n)).replaceAll("9007199254740991", "MAX")},`);
  const expected = Object.fromEntries(Object.values(FORMAT_PATTERNS).map((p) => [p.input, p.expected]));
  const source = [
    header,
    `import { createChecker, type Node } from "./checker-runtime.js";`,
    `import type { Issue } from "./names.js";\n`,
    `export type { Issue } from "./names.js";\n`,
    `/** ${k.label} */`,
    `export type ${Kind}MessageName =${union(names)};\n`,
    `const MAX = Number.MAX_SAFE_INTEGER;`,
    `/** ajv compiles patterns with the "u" flag. */`,
    `const PATTERNS: RegExp[] = [${patterns.map((p) => `new RegExp(${JSON.stringify(p)}, "u")`).join(", ")}];`,
    `const PATTERN_EXPECTED: string[] = ${JSON.stringify(patterns.map((p) => expected[p] ?? `a string matching ${p}`))};\n`,
    `const DEFS: Record<string, Node> = {`,
    ...compact,
    `};\n`,
    `const checker = createChecker(DEFS, PATTERNS, PATTERN_EXPECTED, "${k.kind}");\n`,
    `/** True when \`name\` is ${k.kind === "action" ? "an action" : "a request or subscription"} or a message inside one (see {@link validate${Kind}}). */`,
    `export function is${Kind}Message(name: string): name is ${Kind}MessageName {\n  return checker.has(name);\n}\n`,
    `/** Validates \`value\` against ${k.kind === "action" ? "an action message" : "a request or subscription message"} (or one inside it); returns [] when valid. */`,
    `export function validate${Kind}(name: ${Kind}MessageName, value: unknown): Issue[] {\n  return checker.validate(name, value);\n}\n`,
  ].join("\n");
  return { names, source };
}

/** checker-runtime.ts: the interpreter both checker modules share. */
export function emitCheckerRuntime(header: string): string {
  return header + runtimeSource("checker-runtime.ts");
}
