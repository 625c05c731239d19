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
import {
  create,
  fromJson,
  getOption,
  hasOption,
  toJson,
  ScalarType,
  type DescField,
  type DescMessage,
  type DescOneof,
  type JsonValue,
  type MessageShape,
} from "@bufbuild/protobuf";
import { isReflectMessage, reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { field as fieldOption, msg as msgOption, Shape, type FieldOptions } from "../../generated/connect/hl/options/v1/options_pb.js";
import { ValidationError } from "../errors/base.js";

/** A value that does not fit the message: path, value and what was expected. */
export class TranslateError extends ValidationError {
  override name = "TranslateError";
}

const MAX_DEPTH = 64;
const VALUE = "google.protobuf.Value";

interface Info {
  shape: Shape;
  fields: readonly FieldInfo[];
  /** SHAPE_UNION: the members of the message's single oneof. */
  union: readonly FieldInfo[];
}

interface FieldInfo {
  field: DescField;
  key: string;
  const: string;
  enum: readonly string[];
  nullable: boolean;
  /** The key may be absent: `optional`, or a member of a keyed oneof. */
  optional: boolean;
}

const infos = new WeakMap<DescMessage, Info>();

function fieldOptions(f: DescField): FieldOptions | undefined {
  return hasOption(f, fieldOption) ? getOption(f, fieldOption) : undefined;
}

function info(desc: DescMessage): Info {
  let i = infos.get(desc);
  if (i) return i;
  const shape = hasOption(desc, msgOption) ? getOption(desc, msgOption).shape : Shape.OBJECT;
  const fields = desc.fields.map((field): FieldInfo => {
    const o = fieldOptions(field);
    return {
      field,
      key: field.jsonName,
      const: o?.const ?? "",
      enum: o?.enum ?? [],
      nullable: o?.nullable ?? false,
      optional: field.proto.proto3Optional === true || field.oneof !== undefined,
    };
  });
  const oneof: DescOneof | undefined = desc.oneofs[0];
  const union = shape === Shape.UNION && oneof ? fields.filter((f) => f.field.oneof === oneof) : [];
  i = { shape, fields, union };
  infos.set(desc, i);
  return i;
}

function fail(path: string, value: unknown, expected: string): never {
  throw new TranslateError("message", [{ path, value, expected }]);
}

const join = (path: string, key: string | number): string => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const INT64 = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);
const INT32 = new Set([ScalarType.INT32, ScalarType.UINT32, ScalarType.SINT32, ScalarType.FIXED32, ScalarType.SFIXED32]);

// ---------------------------------------------------------------- wire -> proto

/** The message `desc` holding the wire value `wire`; throws TranslateError naming the path. */
export function toProto<D extends DescMessage>(desc: D, wire: unknown, path = ""): MessageShape<D> {
  const message = create(desc);
  fill(reflect(desc, message), wire, path, 0);
  return message;
}

function fill(r: ReflectMessage, wire: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) fail(path, "…", `nesting no deeper than ${MAX_DEPTH} levels`);
  const i = info(r.desc);
  switch (i.shape) {
    case Shape.UNWRAP: {
      const only = i.fields[0];
      if (only) setField(r, only, wire, path, depth);
      return;
    }
    case Shape.TUPLE: {
      if (!Array.isArray(wire)) fail(path, wire, `an array of ${i.fields.length} items`);
      if (wire.length > i.fields.length) fail(path, wire, `at most ${i.fields.length} items`);
      wire.forEach((item, n) => setField(r, i.fields[n]!, item, join(path, n), depth));
      return;
    }
    case Shape.UNION: {
      const member = i.union.find((m) => fits(m, wire, depth + 1));
      if (!member) fail(path, wire, `one of ${i.union.map((m) => m.key).join(", ")} (${r.desc.name})`);
      setField(r, member, wire, path, depth);
      return;
    }
    default: {
      if (!isObject(wire)) fail(path, wire, `an object (${r.desc.name})`);
      for (const f of i.fields) {
        const v = wire[f.key];
        // A missing required key stays unset: checking responses is the SDK's job (validation modes).
        if (v !== undefined) setField(r, f, v, join(path, f.key), depth);
      }
    }
  }
}

function setField(r: ReflectMessage, f: FieldInfo, v: unknown, path: string, depth: number): void {
  const field = f.field;
  if (v === null && f.nullable && !(field.fieldKind === "message" && field.message.typeName === VALUE)) return;
  switch (field.fieldKind) {
    case "scalar":
      r.set(field, scalarIn(field.scalar, f, v, path));
      return;
    case "message":
      r.set(field, messageIn(field.message, v, path, depth));
      return;
    case "list": {
      if (!Array.isArray(v)) fail(path, v, "an array");
      const list = r.get(field);
      v.forEach((item, n) => {
        const p = join(path, n);
        list.add(
          field.listKind === "message"
            ? messageIn(field.message, item, p, depth)
            : field.listKind === "scalar"
              ? scalarIn(field.scalar, f, item, p)
              : fail(p, item, "a supported type"),
        );
      });
      return;
    }
    case "map": {
      if (!isObject(v)) fail(path, v, "an object");
      const map = r.get(field);
      for (const [k, item] of Object.entries(v)) {
        const p = join(path, k);
        if (k === "__proto__") fail(p, item, 'a key other than "__proto__"');
        map.set(
          k,
          field.mapKind === "message"
            ? messageIn(field.message, item, p, depth)
            : field.mapKind === "scalar"
              ? scalarIn(field.scalar, f, item, p)
              : fail(p, item, "a supported type"),
        );
      }
      return;
    }
    default:
      fail(path, v, "a supported type (proto enums are not used by the schema)");
  }
}

function messageIn(desc: DescMessage, v: unknown, path: string, depth: number): ReflectMessage {
  if (desc.typeName === VALUE) {
    try {
      return reflect(ValueSchema, fromJson(ValueSchema, jsonValue(v, path, depth + 1)));
    } catch (e) {
      if (e instanceof TranslateError) throw e;
      fail(path, v, "any JSON value");
    }
  }
  const r = reflect(desc);
  fill(r, v, path, depth + 1);
  return r;
}

/** `v` as JSON (no undefined, functions or non-finite numbers), checked to a bounded depth. */
function jsonValue(v: unknown, path: string, depth: number): JsonValue {
  if (depth > MAX_DEPTH) fail(path, "…", `nesting no deeper than ${MAX_DEPTH} levels`);
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (Array.isArray(v)) return v.map((x, n) => jsonValue(x, join(path, n), depth + 1));
  if (isObject(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) if (k !== "__proto__") out[k] = jsonValue(x, join(path, k), depth + 1);
    return out;
  }
  return fail(path, v, "any JSON value");
}

function scalarIn(t: ScalarType, f: FieldInfo, v: unknown, path: string): string | number | bigint | boolean {
  if (t === ScalarType.STRING) {
    if (typeof v !== "string") fail(path, v, "a string");
    return v;
  }
  if (t === ScalarType.BOOL) {
    if (typeof v !== "boolean") fail(path, v, "a boolean");
    return v;
  }
  if (t === ScalarType.DOUBLE || t === ScalarType.FLOAT) {
    if (typeof v !== "number") fail(path, v, "a number");
    return v;
  }
  if (typeof v !== "number" || !Number.isSafeInteger(v)) fail(path, v, "a safe integer");
  if (INT64.has(t)) return BigInt(v);
  if (INT32.has(t)) return v;
  return fail(path, v, `a supported scalar (${f.key})`);
}

/** Whether `v` is a wire value of the union member `f` (decides SHAPE_UNION members). */
function fits(f: FieldInfo, v: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const field = f.field;
  if (v === null) return f.nullable || (field.fieldKind === "message" && field.message.typeName === VALUE);
  switch (field.fieldKind) {
    case "scalar":
      return scalarFits(field.scalar, f, v);
    case "message":
      return messageFits(field.message, v, depth);
    case "list":
      return (
        Array.isArray(v) &&
        v.every((x) =>
          field.listKind === "message" ? messageFits(field.message, x, depth + 1) : field.listKind === "scalar" && scalarFits(field.scalar, f, x),
        )
      );
    case "map":
      return (
        isObject(v) &&
        Object.values(v).every((x) =>
          field.mapKind === "message" ? messageFits(field.message, x, depth + 1) : field.mapKind === "scalar" && scalarFits(field.scalar, f, x),
        )
      );
    default:
      return false;
  }
}

function scalarFits(t: ScalarType, f: FieldInfo, v: unknown): boolean {
  if (t === ScalarType.STRING) return typeof v === "string" && (!f.const || v === f.const) && (f.enum.length === 0 || f.enum.includes(v));
  if (t === ScalarType.BOOL) return typeof v === "boolean";
  if (t === ScalarType.DOUBLE || t === ScalarType.FLOAT) return typeof v === "number";
  return typeof v === "number" && Number.isSafeInteger(v);
}

function messageFits(desc: DescMessage, v: unknown, depth: number): boolean {
  if (desc.typeName === VALUE) return true;
  const i = info(desc);
  switch (i.shape) {
    case Shape.UNWRAP:
      return i.fields[0] !== undefined && fits(i.fields[0], v, depth + 1);
    case Shape.TUPLE:
      return Array.isArray(v) && v.length <= i.fields.length && v.every((x, n) => fits(i.fields[n]!, x, depth + 1));
    case Shape.UNION:
      return i.union.some((m) => fits(m, v, depth + 1));
    default:
      if (!isObject(v)) return false;
      for (const f of i.fields) {
        const x = v[f.key];
        if (x === undefined ? !f.optional && !f.nullable : !fits(f, x, depth + 1)) return false;
      }
      return true;
  }
}

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
