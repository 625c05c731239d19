/**
 * Wire model → JSON Schema (2020-12). One schema per message under `$defs`-style names;
 * references are `{"$ref": "#/defs/Name"}` and are rewritten by each consumer.
 *
 * Input messages (requests, actions, subscriptions) reject unknown keys: an extra key in an
 * action changes its msgpack hash. Responses tolerate them because the API grows.
 */
import type { FieldModel, Format, MessageModel, SchemaModel } from "./ir.js";

export type JsonSchema = Record<string, unknown>;

/** Patterns of the string formats. Inputs get the canonical form the exchange hashes. */
export const FORMAT_PATTERNS: Record<Format | "udecimal", { input: string; output: string; expected: string }> = {
  decimal: {
    input: "^-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$",
    output: "^-?[0-9]+(\\.[0-9]+)?$",
    expected: 'a canonical decimal string such as "0.25" or "100" (no exponent, no leading "+" or zeros, no trailing zeros)',
  },
  udecimal: {
    input: "^(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?$",
    output: "^[0-9]+(\\.[0-9]+)?$",
    expected: 'a non-negative canonical decimal string such as "0.25" or "100" (no sign, exponent, or trailing zeros)',
  },
  address: { input: "^0x[0-9a-fA-F]{40}$", output: "^0x[0-9a-fA-F]{40}$", expected: 'a 20-byte hex address "0x" + 40 hex digits' },
  cloid: { input: "^0x[0-9a-fA-F]{32}$", output: "^0x[0-9a-fA-F]{32}$", expected: 'a 16-byte client order id "0x" + 32 hex digits' },
  hash: { input: "^0x[0-9a-fA-F]{64}$", output: "^0x[0-9a-fA-F]{64}$", expected: 'a 32-byte hash "0x" + 64 hex digits' },
  hex: { input: "^0x[0-9a-fA-F]+$", output: "^0x[0-9a-fA-F]*$", expected: 'a "0x"-prefixed hex string' },
};

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function scalarSchema(f: FieldModel, input: boolean): JsonSchema {
  const t = f.type;
  switch (t.kind) {
    case "string": {
      const s: JsonSchema = { type: "string" };
      if (f.constValue !== undefined) s.const = f.constValue;
      else if (f.enumValues) s.enum = f.enumValues;
      if (f.format) {
        const format = f.format === "decimal" && f.min === 0 ? "udecimal" : f.format;
        s.pattern = FORMAT_PATTERNS[format][input ? "input" : "output"];
        s["x-format"] = f.format;
      }
      return s;
    }
    case "bool":
      return { type: "boolean" };
    case "int": {
      const s: JsonSchema = { type: "integer" };
      const min = f.min ?? (t.unsigned ? 0 : input ? -MAX_SAFE : undefined);
      const max = f.max ?? (input ? MAX_SAFE : undefined);
      if (min !== undefined) s.minimum = min;
      if (max !== undefined) s.maximum = max;
      return s;
    }
    case "double":
      return { type: "number" };
    case "message":
      return { $ref: `#/defs/${t.name}` };
    case "any":
      return {};
  }
}

export function fieldSchema(f: FieldModel, input: boolean): JsonSchema {
  let s = scalarSchema(f, input);
  if (f.repeated) s = { type: "array", items: s };
  else if (f.map) s = { type: "object", additionalProperties: s };
  // `{}` (any JSON) already admits null.
  if (f.nullable && Object.keys(s).length > 0) s = { anyOf: [s, { type: "null" }] };
  if (f.doc) s = { ...s, description: f.doc };
  return s;
}

export function messageSchema(m: MessageModel): JsonSchema {
  const input = m.input;
  const base: JsonSchema = m.doc ? { description: m.doc } : {};
  switch (m.shape) {
    case "unwrap":
      return { ...base, ...fieldSchema(m.fields[0]!, input) };
    case "union":
      return { ...base, anyOf: m.fields.map((f) => fieldSchema(f, input)) };
    case "tuple": {
      const items = m.fields.map((f) => fieldSchema(f, input));
      const required = m.fields.filter((f) => !f.optional).length;
      return { ...base, type: "array", prefixItems: items, minItems: required, maxItems: items.length };
    }
    case "object": {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const f of m.fields) {
        properties[f.key] = fieldSchema(f, input);
        if (!f.optional && !f.oneof) required.push(f.key);
      }
      const s: JsonSchema = { ...base, type: "object", properties };
      if (required.length) s.required = required;
      if (input) s.additionalProperties = false;
      const oneofs = m.oneofs.map((o) => ({ oneOf: o.members.map((key) => ({ properties: { [key]: {} }, required: [key] })) }));
      if (oneofs.length === 1) Object.assign(s, oneofs[0]);
      else if (oneofs.length > 1) s.allOf = oneofs;
      return s;
    }
  }
}

/** All message schemas keyed by name. */
export function allSchemas(model: SchemaModel): Record<string, JsonSchema> {
  const defs: Record<string, JsonSchema> = {};
  for (const name of [...model.messages.keys()].sort()) defs[name] = messageSchema(model.messages.get(name)!);
  return defs;
}

/** Rewrites `#/defs/X` references (deeply) to another base, e.g. `#/components/schemas/`. */
export function rebaseRefs<T>(value: T, base: string): T {
  if (Array.isArray(value)) return value.map((v) => rebaseRefs(v, base)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === "$ref" && typeof v === "string" ? v.replace("#/defs/", base) : rebaseRefs(v, base);
    return out as T;
  }
  return value;
}
