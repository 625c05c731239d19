/**
 * Wire model → runtime validators: ajv standalone code (generated/ts/validators.js, no ajv
 * compile at run time) and a typed wrapper (generated/ts/validate.ts) that turns ajv errors
 * into issues naming the path, the value and what is allowed.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import { FORMAT_PATTERNS, rebaseRefs, type JsonSchema } from "./json-schema.js";
import type { SchemaModel } from "./ir.js";

export function emitValidators(model: SchemaModel, defs: Record<string, JsonSchema>, header: string): { js: string; dts: string; wrapper: string } {
  const ajv = new Ajv2020({ strict: false, allErrors: false, inlineRefs: false, code: { source: true, esm: true, lines: false }, validateSchema: false });
  ajv.addSchema({ $id: "hl", $defs: rebaseRefs(defs, "#/$defs/") }, "hl");
  const names = Object.keys(defs);
  const exports: Record<string, string> = {};
  for (const n of names) exports[n] = `hl#/$defs/${n}`;
  // CJS interop: the function is both the module and its `default`.
  const standaloneCode = (standaloneModule as unknown as { default: typeof standaloneModule.default }).default;
  const code = standaloneCode(ajv, exports);
  const js = `${header.replace(/^\/\/ @ts-nocheck\n/m, "")}/* eslint-disable */\n${code}\n`;
  const dts = [
    header,
    `export interface AjvError { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }`,
    `export interface CompiledValidator { (data: unknown): boolean; errors?: AjvError[] | null }`,
    ...names.map((n) => `export declare const ${n}: CompiledValidator;`),
    "",
  ].join("\n");
  const patterns = Object.fromEntries(Object.values(FORMAT_PATTERNS).flatMap((p) => [[p.input, p.expected], [p.output, p.expected]]));
  const wrapper = [
    header,
    `import * as compiled from "./validators.js";`,
    `import type { AjvError, CompiledValidator } from "./validators.js";`,
    `/** Name of every schema message. */`,
    `export type MessageName = keyof typeof compiled;\n`,
    `/** One problem found in a value. */`,
    `export interface Issue {\n  /** JSON path such as \`orders[0].p\` ("" for the root). */\n  path: string;\n  /** The value found there (undefined when missing). */\n  value: unknown;\n  /** What is allowed there. */\n  expected: string;\n}\n`,
    `const PATTERN_EXPECTED: Record<string, string> = ${JSON.stringify(patterns, null, 2)};\n`,
    `function pathOf(instancePath: string): string[] {\n  return instancePath === "" ? [] : instancePath.slice(1).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));\n}\n`,
    `function formatPath(parts: string[]): string {\n  let out = "";\n  for (const p of parts) out += /^\\d+$/.test(p) ? \`[\${p}]\` : out === "" ? p : \`.\${p}\`;\n  return out;\n}\n`,
    `function valueAt(root: unknown, parts: string[]): unknown {\n  let v: unknown = root;\n  for (const p of parts) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;\n  return v;\n}\n`,
    `function expectedOf(e: AjvError): string {\n  const p = e.params;\n  switch (e.keyword) {\n    case "type": return \`a value of type \${String(p.type)}\`;\n    case "const": return JSON.stringify(p.allowedValue);\n    case "enum": return \`one of \${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(", ")}\`;\n    case "pattern": return PATTERN_EXPECTED[String(p.pattern)] ?? \`a string matching \${String(p.pattern)}\`;\n    case "minimum": return \`a number >= \${String(p.limit)}\`;\n    case "maximum": return \`a number <= \${String(p.limit)}\`;\n    case "required": return "a required field";\n    case "additionalProperties": return "no such field (unknown keys change the signed hash)";\n    case "oneOf": return "exactly one of the alternative keys";\n    case "anyOf": return "one of the allowed shapes";\n    case "minItems": case "maxItems": return \`an array with \${e.keyword === "minItems" ? "at least" : "at most"} \${String(p.limit)} items\`;\n    default: return e.message ?? e.keyword;\n  }\n}\n`,
    `/** Validates \`value\` against the schema message \`name\`; returns [] when valid. */`,
    `export function validate(name: MessageName, value: unknown): Issue[] {\n  const fn = (compiled as Record<string, CompiledValidator>)[name];\n  if (!fn) throw new Error(\`unknown schema message \${String(name)}\`);\n  if (fn(value)) return [];\n  const seen = new Set<string>();\n  const issues: Issue[] = [];\n  for (const e of fn.errors ?? []) {\n    let parts = pathOf(e.instancePath);\n    if (e.keyword === "required") parts = [...parts, String(e.params.missingProperty)];\n    if (e.keyword === "additionalProperties") parts = [...parts, String(e.params.additionalProperty)];\n    const issue: Issue = { path: formatPath(parts), value: valueAt(value, parts), expected: expectedOf(e) };\n    const key = \`\${issue.path}|\${issue.expected}\`;\n    if (!seen.has(key)) { seen.add(key); issues.push(issue); }\n  }\n  // The most specific problems (deepest paths) first: they name the field to fix.\n  return issues.sort((a, b) => b.path.length - a.path.length);\n}\n`,
    `/** Type guard form of {@link validate}. */`,
    `export function isValid(name: MessageName, value: unknown): boolean {\n  return (compiled as Record<string, CompiledValidator>)[name]!(value);\n}\n`,
  ].join("\n");
  return { js, dts, wrapper };
}
