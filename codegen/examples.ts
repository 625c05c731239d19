/**
 * Example values built from the schema, for the JSDoc examples of the generated client methods
 * (and anything else that wants a realistic, valid value of a message).
 *
 * Sources, most specific first: the field's `(field).example` (JSON text, the whole field's
 * value), its const, its first enum value, its format, then a default for its type. A keyed
 * oneof gets its first member; a SHAPE_UNION message gets its first scalar member (e.g. the
 * grouping "na", a numeric oid) or else its first member. Optional fields are left out.
 * test/schema/jsdoc-examples.test.ts checks every generated example against the validators.
 */
import type { FieldModel, MessageModel, SchemaModel } from "./ir.js";

/** Source text that is inserted verbatim (an expression such as `Date.now()`). */
export class Code {
  constructor(readonly text: string) {}
}

export type ExampleValue = string | number | boolean | null | Code | ExampleValue[] | { [key: string]: ExampleValue };

const ADDRESS = "0x0000000000000000000000000000000000000001";
const CLOID = "0x1234567890abcdef1234567890abcdef";
const HASH = "0x" + "0123456789abcdef".repeat(4);
const CHAIN_ID = "0x66eee";
const MAX_DEPTH = 12;

function clamp(n: number, f: FieldModel): number {
  if (f.min !== undefined && n < f.min) n = f.min;
  if (f.max !== undefined && n > f.max) n = f.max;
  return n;
}

function scalarExample(f: FieldModel): ExampleValue {
  switch (f.format) {
    case "decimal":
      return String(clamp(1, f));
    case "address":
      return ADDRESS;
    case "cloid":
      return CLOID;
    case "hash":
      return HASH;
    case "hex":
      return /chainid/i.test(f.key) ? CHAIN_ID : HASH;
    default:
      break;
  }
  const t = f.type;
  switch (t.kind) {
    case "string":
      return /coin/i.test(f.key) ? "BTC" : f.key;
    case "bool":
      return true;
    case "int":
      // Millisecond timestamps and nonces: a value the exchange would accept today.
      if (f.min === undefined && f.max === undefined && /nonce/i.test(f.key)) return new Code("Date.now()");
      if (f.min === undefined && f.max === undefined && /time$/i.test(f.key)) return new Code("Date.now() - 86_400_000");
      return clamp(1, f);
    case "double":
      return clamp(1.5, f);
    case "any":
      // Free-form JSON; `null` where the schema says the value is always null.
      return f.nullable ? null : {};
    default:
      return null;
  }
}

/** The example value of one field (its whole value: an array for a repeated field). */
export function fieldExample(f: FieldModel, model: SchemaModel, depth = 0): ExampleValue {
  if (f.example) return JSON.parse(f.example) as ExampleValue;
  let one: ExampleValue;
  if (f.constValue !== undefined) one = f.constValue;
  else if (f.enumValues?.length) one = f.enumValues[0]!;
  else if (f.type.kind === "message") {
    // A recursive list (an order's `children`) ends with an empty list instead of recursing.
    if (f.repeated && building.includes(f.type.name)) return [];
    one = messageExample(f.type.name, model, depth + 1);
  } else one = scalarExample(f);
  if (f.repeated) return [one];
  if (f.map) return { [/coin/i.test(f.key) ? "BTC" : "key"]: one };
  return one;
}

function unionMember(m: MessageModel): FieldModel {
  return m.fields.find((f) => f.example !== undefined) ?? m.fields.find((f) => f.type.kind !== "message" && f.type.kind !== "any") ?? m.fields[0]!;
}

/** The example value of a message: required fields, and the first member of each keyed oneof. */
export function messageExample(name: string, model: SchemaModel, depth = 0): ExampleValue {
  const m = model.messages.get(name);
  if (!m) throw new Error(`example: unknown message ${name}`);
  if (depth > MAX_DEPTH) throw new Error(`example: ${name} nests too deeply (recursive message?)`);
  building.push(name);
  try {
    return shapedExample(m, model, depth);
  } finally {
    building.pop();
  }
}

/** The messages whose examples are being built, outermost first. */
const building: string[] = [];

function shapedExample(m: MessageModel, model: SchemaModel, depth: number): ExampleValue {
  switch (m.shape) {
    case "tuple":
      return m.fields.map((f) => fieldExample(f, model, depth));
    case "unwrap":
      return fieldExample(m.fields[0]!, model, depth);
    case "union":
      return fieldExample(unionMember(m), model, depth);
    default:
      return objectExample(m, m.fields, model, depth);
  }
}

/** An object example of `fields` of `m` (required ones plus the first member of each oneof). */
export function objectExample(m: MessageModel, fields: FieldModel[], model: SchemaModel, depth = 0): { [key: string]: ExampleValue } {
  const out: { [key: string]: ExampleValue } = {};
  for (const f of fields) {
    if (f.optional) continue;
    if (f.oneof) {
      const members = m.fields.filter((x) => x.oneof === f.oneof);
      const chosen = members.find((x) => x.example !== undefined) ?? members[0];
      if (chosen !== f) continue;
    }
    out[f.key] = fieldExample(f, model, depth);
  }
  return out;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function renderInline(v: ExampleValue): string {
  if (v instanceof Code) return v.text;
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(renderInline).join(", ")}]`;
  const entries = Object.entries(v);
  if (!entries.length) return "{}";
  return `{ ${entries.map(([k, x]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${renderInline(x)}`).join(", ")} }`;
}

/**
 * TypeScript source of `v`: on one line when it fits in `width` columns (less `lead`, the
 * text before it on its first line), else objects and arrays broken over lines.
 */
export function renderTs(v: ExampleValue, indent = "", width = 100, lead = 0): string {
  const inline = renderInline(v);
  if (lead + indent.length + inline.length <= width || v === null || typeof v !== "object" || v instanceof Code) return inline;
  const inner = indent + "  ";
  const key = (k: string): string => `${IDENT.test(k) ? k : JSON.stringify(k)}: `;
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + renderTs(x, inner, width)).join(",\n")},\n${indent}]`;
  return `{\n${Object.entries(v)
    .map(([k, x]) => inner + key(k) + renderTs(x, inner, width, key(k).length))
    .join(",\n")},\n${indent}}`;
}

/**
 * The fixed "now" of documents (OpenAPI, AsyncAPI): a time of day the exchange would have
 * accepted, so examples are stable across `npm run generate` runs (the drift check).
 */
export const DOC_NOW = 1_700_000_000_000;

/** `v` as plain JSON: `Date.now()` expressions become {@link DOC_NOW} (less their offset). */
export function toJson(v: ExampleValue): unknown {
  if (v instanceof Code) {
    const m = /^Date\.now\(\)(?: - ([\d_]+))?$/.exec(v.text);
    if (!m) throw new Error(`example: cannot render ${v.text} as JSON`);
    return DOC_NOW - Number((m[1] ?? "0").replaceAll("_", ""));
  }
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

/** A JSON example of message `name`: the schema's own (JSON text) when given, else built. */
export function jsonExample(name: string, model: SchemaModel, given?: string): unknown {
  return given ? JSON.parse(given) : toJson(messageExample(name, model));
}
