/**
 * Interpreter of the compact JSON Schemas both generated checkers share. codegen/ts-validators.ts
 * copies this file, minus this comment and with the names import pointed at ./names.js, to
 * generated/ts/checker-runtime.ts; it is type-checked here as a real source.
 */
import type { Issue } from "../../generated/ts/names.js";

/** A JSON-Schema node (codegen/ts-validators.ts compactNode): 'pattern' indexes the patterns, 'one' lists oneOf key groups. */
export interface Node {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  pattern?: number;
  minimum?: number;
  maximum?: number;
  $ref?: string;
  items?: Node;
  prefixItems?: Node[];
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | false;
  anyOf?: Node[];
  one?: string[][];
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
      case "string":
        return typeof v === "string";
      case "boolean":
        return typeof v === "boolean";
      case "integer":
        return typeof v === "number" && !(v % 1) && !Number.isNaN(v);
      case "number":
        return typeof v === "number" && Number.isFinite(v);
      case "null":
        return v === null;
      case "array":
        return Array.isArray(v);
      case "object":
        return isObject(v);
      default:
        throw new Error(kind + " checker: unknown type " + type);
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
    for (const group of s.one ?? [])
      if (group.filter((key) => v[key] !== undefined).length !== 1) out.push({ path, value: v, expected: "exactly one of the alternative keys" });
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
