/**
 * Wire model → the value checkers:
 *   ts/names.ts             message names and the Issue type (types only);
 *   ts/input-validators.js  ajv standalone code for the messages the SDK sends (requests,
 *                           actions, subscriptions), no ajv compile at run time;
 *   ts/validate-input.ts    `validateInput`: ajv errors as issues naming path, value, allowed;
 *                           what the signing code imports (it loads no response checker);
 *   ts/validate.ts          `validate` for every message: inputs through validateInput, the
 *                           rest through the single-pass parsers' explanation (parsers.ts).
 * Responses have no ajv code: the parsers check them and explain their own failures.
 */
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import type standaloneType from "ajv/dist/standalone/index.js";
import { FORMAT_PATTERNS, rebaseRefs, type JsonSchema } from "./json-schema.js";
import type { SchemaModel } from "./ir.js";

/** ajv standalone output has statements thousands of characters long; generated lines stay under this. */
const MAX_LINE = 4000;

export interface ValidatorFiles {
  names: string;
  js: string;
  dts: string;
  input: string;
  wrapper: string;
}

function union(names: string[]): string {
  return names.length ? names.map((n) => `\n  | ${JSON.stringify(n)}`).join("") : "never";
}

/**
 * Breaks long lines of ajv's output at statement and clause boundaries outside string and
 * regex literals (ajv emits `;`, `{`, `}` and `||` only as code there, and quotes strings
 * with `"`; regexes are built with `new RegExp("...")`, so `/` never opens a literal).
 */
export function wrapJs(code: string): string {
  const out: string[] = [];
  for (const line of code.split("\n")) {
    if (line.length <= MAX_LINE) {
      out.push(line);
      continue;
    }
    let start = 0;
    let quote = "";
    for (let p = 0; p < line.length; p++) {
      const c = line[p]!;
      if (quote) {
        if (c === "\\") p++;
        else if (c === quote) quote = "";
        continue;
      }
      if (c === '"' || c === "'" || c === "`") quote = c;
      else if ((c === ";" || c === "{" || c === "}") && p - start > 200) {
        out.push(line.slice(start, p + 1));
        start = p + 1;
      }
    }
    out.push(line.slice(start));
  }
  const long = out.find((l) => l.length > MAX_LINE);
  if (long) throw new Error(`validators: a line of ${long.length} characters could not be broken: ${long.slice(0, 120)}`);
  return out.join("\n");
}

export function emitValidators(model: SchemaModel, defs: Record<string, JsonSchema>, header: string): ValidatorFiles {
  const names = Object.keys(defs);
  const inputs = names.filter((n) => model.messages.get(n)!.input);
  const ajv = new Ajv2020({ strict: false, allErrors: false, inlineRefs: false, code: { source: true, esm: true, lines: true }, validateSchema: false });
  // Input messages only refer to input messages (ir.ts marks everything an input reaches).
  const inputDefs = Object.fromEntries(inputs.map((n) => [n, defs[n]]));
  ajv.addSchema({ $id: "hl", $defs: rebaseRefs(inputDefs, "#/$defs/") }, "hl");
  const exports: Record<string, string> = {};
  for (const n of inputs) exports[n] = `hl#/$defs/${n}`;
  // A CJS module whose exports are the function itself: require it (an ESM default import
  // gives the function or a wrapper, depending on the loader).
  const standaloneCode: typeof standaloneType.default = createRequire(import.meta.url)("ajv/dist/standalone/index.js");
  const js = `${header}/* eslint-disable */\n${wrapJs(standaloneCode(ajv, exports))}\n`;
  const dts = [
    header,
    `export interface AjvError { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }`,
    `export interface CompiledValidator { (data: unknown): boolean; errors?: AjvError[] | null }`,
    ...inputs.map((n) => `export declare const ${n}: CompiledValidator;`),
    "",
  ].join("\n");
  const namesTs = [
    header,
    `/** Name of every schema message. */`,
    `export type MessageName =${union(names)};\n`,
    `/** Messages the SDK sends (requests, actions, subscriptions): checked as values before signing or sending. */`,
    `export type InputMessageName =${union(inputs)};\n`,
    `/** One problem found in a value. */`,
    `export interface Issue {\n  /** JSON path such as \`orders[0].p\` ("" for the root). */\n  path: string;\n  /** The value found there (undefined when missing). */\n  value: unknown;\n  /** What is allowed there. */\n  expected: string;\n}\n`,
  ].join("\n");
  const patterns = Object.fromEntries(Object.values(FORMAT_PATTERNS).map((p) => [p.input, p.expected]));
  const input = [
    header,
    `import * as compiled from "./input-validators.js";`,
    `import type { AjvError, CompiledValidator } from "./input-validators.js";`,
    `import type { InputMessageName, Issue } from "./names.js";\n`,
    `export type { InputMessageName, Issue } from "./names.js";\n`,
    `const PATTERN_EXPECTED: Record<string, string> = ${JSON.stringify(patterns, null, 2)};\n`,
    `const VALIDATORS: Record<string, CompiledValidator> = compiled;\n`,
    `/** True when \`name\` is a message the SDK sends (see {@link validateInput}). */`,
    `export function isInputMessage(name: string): name is InputMessageName {\n  return Object.hasOwn(VALIDATORS, name);\n}\n`,
    `function pathOf(instancePath: string): string[] {\n  return instancePath === "" ? [] : instancePath.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));\n}\n`,
    `function formatPath(parts: string[]): string {\n  let out = "";\n  for (const p of parts) out += /^\\d+$/.test(p) ? \`[\${p}]\` : out === "" ? p : \`.\${p}\`;\n  return out;\n}\n`,
    `function valueAt(root: unknown, parts: string[]): unknown {\n  let v: unknown = root;\n  for (const p of parts) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;\n  return v;\n}\n`,
    `function expectedOf(e: AjvError): string {\n  const p = e.params;\n  switch (e.keyword) {\n    case "type": return \`a value of type \${String(p.type)}\`;\n    case "const": return JSON.stringify(p.allowedValue);\n    case "enum": return \`one of \${(Array.isArray(p.allowedValues) ? p.allowedValues : []).map((x) => JSON.stringify(x)).join(", ")}\`;\n    case "pattern": return PATTERN_EXPECTED[String(p.pattern)] ?? \`a string matching \${String(p.pattern)}\`;\n    case "minimum": return \`a number >= \${String(p.limit)}\`;\n    case "maximum": return \`a number <= \${String(p.limit)}\`;\n    case "required": return "a required field";\n    case "additionalProperties": return "no such field (unknown keys change the signed hash)";\n    case "oneOf": return "exactly one of the alternative keys";\n    case "anyOf": return "one of the allowed shapes";\n    case "minItems": case "maxItems": return \`an array with \${e.keyword === "minItems" ? "at least" : "at most"} \${String(p.limit)} items\`;\n    default: return e.message ?? e.keyword;\n  }\n}\n`,
    `/** Validates \`value\` against the input message \`name\` (request, action, subscription); returns [] when valid. */`,
    `export function validateInput(name: InputMessageName, value: unknown): Issue[] {\n  const fn = VALIDATORS[name];\n  if (!fn) throw new Error(\`unknown input message \${String(name)}\`);\n  if (fn(value)) return [];\n  const seen = new Set<string>();\n  const issues: Issue[] = [];\n  for (const e of fn.errors ?? []) {\n    let parts = pathOf(e.instancePath);\n    if (e.keyword === "required") parts = [...parts, String(e.params.missingProperty)];\n    if (e.keyword === "additionalProperties") parts = [...parts, String(e.params.additionalProperty)];\n    const issue: Issue = { path: formatPath(parts), value: valueAt(value, parts), expected: expectedOf(e) };\n    const key = \`\${issue.path}|\${issue.expected}\`;\n    if (!seen.has(key)) { seen.add(key); issues.push(issue); }\n  }\n  // The most specific problems (deepest paths) first: they name the field to fix.\n  return issues.sort((a, b) => b.path.length - a.path.length);\n}\n`,
    `/** Type guard form of {@link validateInput}. */`,
    `export function isValidInput(name: InputMessageName, value: unknown): boolean {\n  return VALIDATORS[name]!(value);\n}\n`,
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
  return { names: namesTs, js, dts, input, wrapper };
}
