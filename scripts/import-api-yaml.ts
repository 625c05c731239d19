/**
 * Imports the OpenAPI YAML of the original Python SDK's api/ folder (../shared/conformance/
 * original-api-yaml, or the directory given as the first argument) into schema/, once, so its
 * descriptions and examples reach every output (JSDoc, OpenAPI, AsyncAPI, Python docstrings):
 *
 * - the operation's `summary` becomes the rpc's `(hl.options.v1.rpc).summary`; its
 *   `description` becomes the rpc's `doc` only where the schema has none (the schema's own
 *   text is newer: the YAML's "top 10 bids and asks" predates the 20-level book);
 * - the request example becomes `request_example`, the response example `response_example`,
 *   each only when it is valid against the schema (generated/schema.json); the l2Book answer
 *   of the YAML is the bare `levels` of today's `{coin, time, levels}` and is wrapped;
 * - property descriptions become leading comments of the matching proto fields that have no
 *   doc yet.
 *
 * Idempotent: a second run finds every value already in place and writes nothing.
 * Run: `npm run import:api-yaml [-- DIR]`, then `npm run generate`; `--check` writes nothing and
 * exits 1 when the import would change schema/ (test/docs/import-api-yaml.test.ts).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import schemaJson from "../generated/schema.json" with { type: "json" };
import { validate, type MessageName } from "../generated/ts/validate.js";

type Obj = Record<string, unknown>;
const root = new URL("..", import.meta.url).pathname;
// ../shared beside the project (CI, the main checkout) or beside its worktree folder.
const args = process.argv.slice(2);
/** --check: write nothing, exit 1 when the import would change schema/ (the idempotence test). */
const checkOnly = args.includes("--check");
const yamlDir =
  args.find((a) => !a.startsWith("--")) ??
  ["../shared", "../../shared"].map((s) => join(root, s, "conformance/original-api-yaml")).find((d) => existsSync(d)) ??
  "";
if (!existsSync(yamlDir)) throw new Error(`original api/ YAML not found (${yamlDir || "../shared"}): give its directory as the first argument`);
const protoDir = join(root, "schema/hl/v1");
const SERVICE_FILE = join(protoDir, "info_service.proto");
const defs = schemaJson.defs as unknown as Record<string, Obj>;
const infoTypes = new Map(schemaJson.info.map((e) => [e.type, e]));

/** Fixed time of the wrapped l2Book example (the YAML has none): 2023-04-19, the YAML's era. */
const L2BOOK_TIME = 1681923833000;

/** Adapts a YAML response example to today's response shape, given the request example. */
const ADAPT: Record<string, (example: unknown, request: Obj) => unknown> = {
  l2Book: (levels, request) => ({ coin: request.coin, time: L2BOOK_TIME, levels }),
  // The YAML's era sent "NaN" for "no liquidation price"; today's API sends null.
  clearinghouseState: (state) => {
    const copy = structuredClone(state) as { assetPositions?: { position: Obj }[] };
    for (const p of copy.assetPositions ?? []) if (p.position.liquidationPx === "NaN") p.position.liquidationPx = null;
    return copy;
  },
};

const protoFiles = new Map(
  readdirSync(protoDir)
    .filter((f) => f.endsWith(".proto"))
    .map((f) => [join(protoDir, f), readFileSync(join(protoDir, f), "utf8")]),
);
const changed = new Set<string>();
const report: string[] = [];

/** A proto text-format string literal. */
function protoString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Reads a proto string literal starting at `i` (the opening quote): [value, end index]. */
function readProtoString(text: string, i: number): [string, number] {
  let out = "";
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === "\\") out += text[++j]!;
    else if (c === '"') return [out, j + 1];
    else out += c;
  }
  throw new Error("unterminated string in proto");
}

/** [start, end) of the `option (hl.options.v1.rpc) = {...};` statement of rpc `name`. */
function rpcOptionSpan(text: string, name: string): [number, number] {
  const head = new RegExp(`\\brpc ${name}\\(`).exec(text);
  if (!head) throw new Error(`rpc ${name} not found in ${SERVICE_FILE}`);
  const start = text.indexOf("option (hl.options.v1.rpc) = {", head.index);
  let depth = 0;
  for (let i = text.indexOf("{", start); i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') i = readProtoString(text, i)[1] - 1;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return [start, i + 1];
  }
  throw new Error(`unbalanced option of rpc ${name}`);
}

/** Sets `key: "value"` in the rpc's option message (replacing a different value). */
function setRpcOption(rpc: string, key: string, value: string, onlyIfMissing = false): void {
  let text = protoFiles.get(SERVICE_FILE)!;
  const [start, end] = rpcOptionSpan(text, rpc);
  const block = text.slice(start, end);
  const at = new RegExp(`\\b${key}: "`).exec(block);
  if (at) {
    if (onlyIfMissing) return;
    const q = start + at.index + at[0].length - 1;
    const [current, after] = readProtoString(text, q);
    if (current === value) return;
    text = text.slice(0, q) + protoString(value) + text.slice(after);
  } else {
    const close = end - 1;
    text = `${text.slice(0, close).trimEnd()},\n      ${key}: ${protoString(value)}${text.slice(close)}`;
  }
  protoFiles.set(SERVICE_FILE, text);
  changed.add(SERVICE_FILE);
  report.push(`rpc ${rpc}: ${key}`);
}

/** Gives field `key` of message `message` a leading comment when it has no doc. */
function setFieldDoc(message: string, key: string, doc: string): void {
  for (const [file, text] of protoFiles) {
    const head = new RegExp(`^message ${message} \\{$`, "m").exec(text);
    if (!head) continue;
    const bodyEnd = text.indexOf("\n}\n", head.index);
    const field = new RegExp(`^( +)(?:optional |repeated )?[\\w.<>, ]+ ${key} = \\d+[^\\n]*$`, "m");
    const body = text.slice(head.index, bodyEnd);
    const m = field.exec(body);
    if (!m) return;
    const lineStart = head.index + m.index;
    const previous = text.slice(text.lastIndexOf("\n", lineStart - 2) + 1, lineStart);
    if (/^\s*\/\//.test(previous) || /\bdoc:/.test(m[0])) return;
    const comment = doc
      .trim()
      .split("\n")
      .map((l) => `${m[1]}// ${l.trim()}\n`)
      .join("");
    protoFiles.set(file, text.slice(0, lineStart) + comment + text.slice(lineStart));
    changed.add(file);
    report.push(`${message}.${key}: doc`);
    return;
  }
}

/** The message an (array of / ref to a) schema stands for, following unwrapped arrays. */
function messageOf(schema: Obj | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.$ref === "string") return schema.$ref.replace("#/defs/", "");
  if (schema.type === "array") return messageOf(schema.items as Obj);
  if (Array.isArray(schema.anyOf)) return messageOf((schema.anyOf as Obj[]).find((s) => s.type !== "null"));
  return undefined;
}

/** Copies the YAML schema's property descriptions onto the fields of `message`, recursively. */
function importDescriptions(yamlSchema: Obj | undefined, message: string | undefined, seen = new Set<string>()): void {
  if (!yamlSchema || !message || seen.has(message)) return;
  seen.add(message);
  const def = defs[message];
  if (!def) return;
  if (yamlSchema.type === "array" && def.type === "array" && def.items) {
    return importDescriptions(yamlSchema.items as Obj, messageOf(def.items as Obj), seen);
  }
  const props = yamlSchema.properties as Record<string, Obj> | undefined;
  const ours = def.properties as Record<string, Obj> | undefined;
  if (!props || !ours) return;
  for (const [key, prop] of Object.entries(props)) {
    if (!ours[key] || key === "type") continue; // `type` is the const wire type, documented per rpc
    if (typeof prop.description === "string") setFieldDoc(message, key, prop.description);
    importDescriptions(prop, messageOf(ours[key]), seen);
  }
}

function compact(value: unknown): string {
  return JSON.stringify(value);
}

for (const file of readdirSync(join(yamlDir, "info"))
  .filter((f) => f.endsWith(".yaml"))
  .sort()) {
  const post = (parse(readFileSync(join(yamlDir, "info", file), "utf8")) as { paths: Record<string, { post: Obj }> }).paths["/info"]!.post;
  const body = ((post.requestBody as Obj).content as Record<string, Obj>)["application/json"]!;
  const reqSchema = body.schema as Obj;
  const type = (((reqSchema.properties as Obj).type as Obj).enum as string[])[0]!;
  const endpoint = infoTypes.get(type);
  if (!endpoint) throw new Error(`${file}: the schema has no info type ${type}`);
  const rpc = type.charAt(0).toUpperCase() + type.slice(1);
  if (typeof post.summary === "string") setRpcOption(rpc, "summary", post.summary.trim());
  if (typeof post.description === "string") setRpcOption(rpc, "doc", post.description.trim(), true);
  importDescriptions(reqSchema, endpoint.request);

  const request = (body.example ?? reqSchema.example) as Obj | undefined;
  if (request !== undefined) {
    const issues = validate(endpoint.request as MessageName, request);
    if (issues.length) report.push(`${type}: request example left out (${JSON.stringify(issues[0])})`);
    else setRpcOption(rpc, "request_example", compact(request));
  }
  const res = (((post.responses as Obj)["200"] as Obj).content as Record<string, Obj>)["application/json"]!;
  const resSchema = res.schema as Obj | undefined;
  importDescriptions(resSchema, endpoint.response);
  // An example on the array's items is one item: the answer is a list of it.
  const itemExample = (resSchema?.items as Obj | undefined)?.example;
  const raw = res.example ?? resSchema?.example ?? (itemExample === undefined ? undefined : Array.isArray(itemExample) ? itemExample : [itemExample]);
  if (raw !== undefined) {
    const example = ADAPT[type] ? ADAPT[type](raw, request ?? {}) : raw;
    const issues = validate(endpoint.response as MessageName, example);
    if (issues.length) report.push(`${type}: response example left out (${JSON.stringify(issues[0])})`);
    else setRpcOption(rpc, "response_example", compact(example));
  }
}

if (checkOnly) {
  process.stdout.write(changed.size ? `would change:\n${report.join("\n")}\n` : "schema/ already has the YAML's content\n");
  process.exit(changed.size ? 1 : 0);
}
for (const file of changed) writeFileSync(file, protoFiles.get(file)!);
process.stdout.write(`${report.length ? report.join("\n") : "nothing to import: schema/ already has it all"}\n`);
process.stdout.write(changed.size ? `changed ${changed.size} file(s); run \`npm run generate\`\n` : "no file changed\n");
