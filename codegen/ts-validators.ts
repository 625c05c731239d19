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

/** The shared interpreter (generated/ts/checker-runtime.ts); type tests and order of checks follow ajv's generated code. */
const CHECKER_RUNTIME = String.raw`import type { Issue } from "./names.js";

/** A JSON-Schema node (codegen/ts-validators.ts compactNode): 'pattern' indexes the patterns, 'one' lists oneOf key groups. */
export interface Node {
  type?: string; const?: unknown; enum?: unknown[]; pattern?: number; minimum?: number; maximum?: number; $ref?: string;
  items?: Node; prefixItems?: Node[]; minItems?: number; maxItems?: number;
  properties?: Record<string, Node>; required?: string[]; additionalProperties?: Node | false; anyOf?: Node[]; one?: string[][];
}

export interface Checker {
  /** True when 'name' has a schema here. */
  has(name: string): boolean;
  /** Issues of 'value' as 'name' ([] when valid), the most specific first. */
  validate(name: string, value: unknown): Issue[];
}

/** A checker over one module's schemas; 'kind' names them in errors ("action", "request"). */
export function createChecker(DEFS: Record<string, Node>, PATTERNS: RegExp[], PATTERN_EXPECTED: string[], kind: string): Checker {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

  function typeOk(type: string, v: unknown): boolean {
    switch (type) {
      case "string": return typeof v === "string";
      case "boolean": return typeof v === "boolean";
      case "integer": return typeof v === "number" && !(v % 1) && !Number.isNaN(v);
      case "number": return typeof v === "number" && Number.isFinite(v);
      case "null": return v === null;
      case "array": return Array.isArray(v);
      case "object": return isObject(v);
      default: throw new Error(kind + " checker: unknown type " + type);
    }
  }

  const at = (path: string, key: string): string => (/^\d+$/.test(key) ? path + "[" + key + "]" : path === "" ? key : path + "." + key);
  const items = (n: number, least: boolean): string => "an array with " + (least ? "at least " : "at most ") + n + " items";

  function check(s: Node, v: unknown, path: string, out: Issue[]): void {
    if (s.$ref !== undefined) return check(DEFS[s.$ref]!, v, path, out);
    if (s.anyOf) {
      const tried: Issue[][] = [];
      for (const branch of s.anyOf) {
        const issues: Issue[] = [];
        check(branch, v, path, issues);
        if (!issues.length) return;
        tried.push(issues);
      }
      // "X or null": X's problems name the field best; a real union names the shapes.
      const nonNull = s.anyOf.flatMap((b, i) => (b.type === "null" ? [] : [i]));
      if (nonNull.length === 1) out.push(...tried[nonNull[0]!]!);
      else out.push({ path, value: v, expected: "one of the allowed shapes" });
      return;
    }
    if (s.type !== undefined && !typeOk(s.type, v)) {
      out.push({ path, value: v, expected: "a value of type " + s.type });
      return;
    }
    if (s.const !== undefined && v !== s.const) out.push({ path, value: v, expected: JSON.stringify(s.const) });
    if (s.enum && !s.enum.includes(v)) out.push({ path, value: v, expected: "one of " + s.enum.map((x) => JSON.stringify(x)).join(", ") });
    if (typeof v === "string" && s.pattern !== undefined && !PATTERNS[s.pattern]!.test(v)) out.push({ path, value: v, expected: PATTERN_EXPECTED[s.pattern]! });
    if (typeof v === "number") {
      if (s.maximum !== undefined && !(v <= s.maximum)) out.push({ path, value: v, expected: "a number <= " + s.maximum });
      else if (s.minimum !== undefined && !(v >= s.minimum)) out.push({ path, value: v, expected: "a number >= " + s.minimum });
    }
    if (Array.isArray(v)) {
      if (s.maxItems !== undefined && v.length > s.maxItems) out.push({ path, value: v, expected: items(s.maxItems, false) });
      if (s.minItems !== undefined && v.length < s.minItems) out.push({ path, value: v, expected: items(s.minItems, true) });
      const prefix = s.prefixItems ?? [];
      for (let i = 0; i < prefix.length && i < v.length; i++) check(prefix[i]!, v[i], path + "[" + i + "]", out);
      if (s.items) for (let i = 0; i < v.length; i++) check(s.items, v[i], path + "[" + i + "]", out);
    }
    if (isObject(v)) checkObject(s, v, path, out);
  }

  function checkObject(s: Node, v: Record<string, unknown>, path: string, out: Issue[]): void {
    const props = s.properties ?? {};
    for (const key of s.required ?? []) if (v[key] === undefined) out.push({ path: at(path, key), value: undefined, expected: "a required field" });
    const extra = s.additionalProperties;
    if (extra !== undefined) {
      for (const key in v) {
        if (Object.hasOwn(props, key)) continue;
        if (extra === false) out.push({ path: at(path, key), value: v[key], expected: "no such field (unknown keys change the signed hash)" });
        else check(extra, v[key], at(path, key), out);
      }
    }
    for (const key of Object.keys(props)) if (v[key] !== undefined) check(props[key]!, v[key], at(path, key), out);
    for (const group of s.one ?? []) if (group.filter((key) => v[key] !== undefined).length !== 1) out.push({ path, value: v, expected: "exactly one of the alternative keys" });
  }

  /**
   * The verdict alone, allocating nothing: what a valid action (the common case) costs. Each node
   * is compiled once into a closure that runs the same tests in the same order as check() would
   * find them (a verdict is true exactly when check() reports nothing); a closure reads its
   * node's keywords from its own scope instead of probing many differently shaped node objects.
   */
  type Verdict = (v: unknown) => boolean;
  const compiled = new WeakMap<Node, Verdict>();
  const TYPE_TESTS: Record<string, Verdict> = {
    string: (v) => typeof v === "string",
    boolean: (v) => typeof v === "boolean",
    integer: (v) => typeof v === "number" && !(v % 1) && !Number.isNaN(v),
    number: (v) => typeof v === "number" && Number.isFinite(v),
    null: (v) => v === null,
    array: (v) => Array.isArray(v),
    object: (v) => isObject(v),
  };

  const SCALAR_KEYWORDS = new Set(["type", "const", "enum", "pattern", "minimum", "maximum"]);

  function verdictOf(s: Node): Verdict {
    let f = compiled.get(s);
    if (!f) compiled.set(s, (f = compile(s)));
    return f;
  }

  function compile(s: Node): Verdict {
    if (s.$ref !== undefined) {
      // Resolved on first use: $refs are where the schema recurses.
      const ref = s.$ref;
      let target: Verdict | undefined;
      return (v) => (target ??= verdictOf(DEFS[ref]!))(v);
    }
    if (s.anyOf) {
      const branches = s.anyOf.map(verdictOf);
      return (v) => {
        for (const branch of branches) if (branch(v)) return true;
        return false;
      };
    }
    const type = s.type;
    const typeTest = type === undefined ? undefined : Object.hasOwn(TYPE_TESTS, type) ? TYPE_TESTS[type]! : (v: unknown) => typeOk(type, v);
    const { const: constant, enum: allowed, maximum, minimum, maxItems, minItems } = s;
    const pattern = s.pattern === undefined ? undefined : PATTERNS[s.pattern]!;
    const scalar = type === "string" || type === "boolean" || type === "integer" || type === "number";
    if (scalar && Object.keys(s).every((k) => SCALAR_KEYWORDS.has(k))) {
      // Most nodes are one typed scalar: a closure of its own (its own type feedback), same tests.
      const is = (v: unknown): boolean => (constant === undefined || v === constant) && (!allowed || allowed.includes(v));
      if (type === "string") return (v) => typeof v === "string" && is(v) && (pattern === undefined || pattern.test(v));
      if (type === "boolean") return (v) => typeof v === "boolean" && is(v);
      return (v) => typeTest!(v) && is(v) && !(maximum !== undefined && !((v as number) <= maximum)) && !(minimum !== undefined && !((v as number) >= minimum));
    }
    const prefix = s.prefixItems?.map(verdictOf);
    const each = s.items && verdictOf(s.items);
    const object = compileObject(s);
    return (v) => {
      if (typeTest !== undefined && !typeTest(v)) return false;
      if (constant !== undefined && v !== constant) return false;
      if (allowed && !allowed.includes(v)) return false;
      if (typeof v === "string") return pattern === undefined || pattern.test(v);
      if (typeof v === "number") return !(maximum !== undefined && !(v <= maximum)) && !(minimum !== undefined && !(v >= minimum));
      if (Array.isArray(v)) {
        if ((maxItems !== undefined && v.length > maxItems) || (minItems !== undefined && v.length < minItems)) return false;
        if (prefix) for (let i = 0; i < prefix.length && i < v.length; i++) if (!prefix[i]!(v[i])) return false;
        if (each) for (let i = 0; i < v.length; i++) if (!each(v[i])) return false;
        return true;
      }
      return !isObject(v) || object(v);
    };
  }

  function compileObject(s: Node): (v: Record<string, unknown>) => boolean {
    const { properties: props, required, additionalProperties: extra, one } = s;
    const extraOk = extra === undefined || extra === false ? undefined : verdictOf(extra);
    const keys = props ? Object.keys(props) : [];
    const values = keys.map((key) => verdictOf(props![key]!));
    return (v) => {
      if (required) for (const key of required) if (v[key] === undefined) return false;
      if (extra !== undefined) {
        for (const key in v) if ((props === undefined || !Object.hasOwn(props, key)) && (extraOk === undefined || !extraOk(v[key]))) return false;
      }
      for (let i = 0; i < keys.length; i++) {
        const x = v[keys[i]!];
        if (x !== undefined && !values[i]!(x)) return false;
      }
      if (one) {
        for (const group of one) {
          let present = 0;
          for (const key of group) if (v[key] !== undefined) present++;
          if (present !== 1) return false;
        }
      }
      return true;
    };
  }

  return {
    has: (name) => Object.hasOwn(DEFS, name),
    validate(name, value) {
      const s = DEFS[name];
      if (!s) throw new Error("unknown " + kind + " message " + String(name));
      if (verdictOf(s)(value)) return [];
      const issues: Issue[] = [];
      check(s, value, "", issues);
      // check() names what the verdict refused; were they ever to disagree, the value is still refused.
      if (!issues.length) issues.push({ path: "", value, expected: "a valid " + name });
      const seen = new Set<string>();
      // The most specific problems (deepest paths) first: they name the field to fix.
      return issues.filter((i) => !seen.has(i.path + "|" + i.expected) && !!seen.add(i.path + "|" + i.expected)).sort((a, b) => b.path.length - a.path.length);
    },
  };
}
`;

/** checker-runtime.ts: the interpreter both checker modules share. */
export function emitCheckerRuntime(header: string): string {
  return header + CHECKER_RUNTIME;
}
