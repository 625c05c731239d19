/**
 * One generic translator between protobuf-es messages and the Hyperliquid JSON wire, driven by
 * the schema's custom options (docs/schema.md) read from the message descriptors: shapes
 * (object, tuple, unwrap, union), keyed oneofs, consts, nullable fields, 64-bit integers
 * (bigint in protobuf-es, JSON integers on the wire), maps and google.protobuf.Value.
 * No method has code of its own: every request and response goes through these two functions.
 *
 * What proto cannot carry (documented in docs/serve.md): a nullable field's null is "no value"
 * (an unset field; for a field without presence its zero value or empty list), so on the way
 * out an unset `optional` nullable field is left out and a required one is written as null.
 * Response keys the schema does not know are dropped.
 */
import { toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { isReflectMessage, reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { fail, info, join, MAX_DEPTH, VALUE, type FieldInfo } from "./translate-core.js";
import { Shape } from "../../generated/connect/hl/options/v1/options_pb.js";

export { TranslateError } from "./translate-core.js";
export { toProto } from "./translate-in.js";

// ---------------------------------------------------------------- proto -> wire

export interface ToWireOptions {
  /**
   * A required nullable number or boolean without presence in proto: its zero value is written
   * as null (default true: for a request, e.g. vaultModify's allowDeposits, null means "leave
   * as is", and an unset field must not become `false`). Strings: "" is always null.
   */
  zeroIsNull?: boolean;
}

/** The wire value of `message`; an empty const field gets its const (e.g. a request's `type`). */
export function toWire<D extends DescMessage>(desc: D, message: MessageShape<D>, options: ToWireOptions = {}): unknown {
  zeroIsNull = options.zeroIsNull ?? true;
  return out(reflect(desc, message), "", 0);
}

// Set per toWire call (synchronous, so calls cannot interleave).
let zeroIsNull = true;

function out(r: ReflectMessage, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH) fail(path, "…", `nesting no deeper than ${MAX_DEPTH} levels`);
  const i = info(r.desc);
  switch (i.shape) {
    case Shape.UNWRAP:
      return i.fields[0] ? fieldOut(r, i.fields[0], path, depth) : undefined;
    case Shape.TUPLE: {
      const items: unknown[] = [];
      for (const f of i.fields) {
        const v = fieldOut(r, f, join(path, items.length), depth);
        if (v === undefined) break;
        items.push(v);
      }
      return items;
    }
    case Shape.UNION: {
      const oneof = r.desc.oneofs[0];
      const set = oneof ? r.oneofCase(oneof) : undefined;
      const member = set && i.union.find((m) => m.field === set);
      if (!member) fail(path, undefined, `one of ${i.union.map((m) => m.field.localName).join(", ")} set (${r.desc.name})`);
      return fieldOut(r, member, path, depth);
    }
    default: {
      const obj: Record<string, unknown> = {};
      for (const f of i.fields) {
        const v = fieldOut(r, f, join(path, f.key), depth);
        if (v !== undefined) obj[f.key] = v;
      }
      return obj;
    }
  }
}

/** A field's wire value; undefined when its key is to be left out. */
function fieldOut(r: ReflectMessage, f: FieldInfo, path: string, depth: number): unknown {
  const field = f.field;
  const presence = field.fieldKind === "message" || f.optional;
  if (presence && !r.isSet(field)) {
    if (f.const && !f.optional) return f.const;
    return f.nullable && !f.optional ? null : undefined;
  }
  switch (field.fieldKind) {
    case "scalar": {
      const v = scalarOut(r.get(field), path);
      if (f.const && v === "") return f.const;
      if (f.nullable && !f.optional && (v === "" || (zeroIsNull && (v === 0 || v === false)))) return null;
      return v;
    }
    case "message":
      return messageOut(r.get(field), path, depth);
    case "list": {
      const list = r.get(field);
      if (f.nullable && list.size === 0) return null;
      const items: unknown[] = [];
      for (const item of list)
        items.push(isReflectMessage(item) ? messageOut(item, join(path, items.length), depth) : scalarOut(item, join(path, items.length)));
      return items;
    }
    case "map": {
      const obj: Record<string, unknown> = {};
      for (const [k, item] of r.get(field)) {
        const key = String(k);
        if (key === "__proto__") fail(join(path, key), item, 'a key other than "__proto__"');
        obj[key] = isReflectMessage(item) ? messageOut(item, join(path, key), depth) : scalarOut(item, join(path, key));
      }
      return obj;
    }
    default:
      return fail(path, undefined, "a supported type");
  }
}

function messageOut(r: ReflectMessage, path: string, depth: number): unknown {
  if (r.desc.typeName === VALUE) return toJson(r.desc, r.message);
  return out(r, path, depth + 1);
}

function scalarOut(v: unknown, path: string): string | number | boolean {
  if (typeof v === "bigint") {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) fail(path, v, "an integer within ±(2^53 - 1), the JSON wire's safe range");
    return n;
  }
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) fail(path, v, "a finite number");
    return v;
  }
  return fail(path, v, "a scalar");
}
