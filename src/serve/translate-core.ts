/**
 * What both directions of the translator share: the schema options read once per message
 * descriptor (shape, keys, consts, enums, nullability), error paths, and the union-member test.
 */
import { getOption, hasOption, ScalarType, type DescField, type DescMessage, type DescOneof, type JsonValue } from "@bufbuild/protobuf";
import { field as fieldOption, msg as msgOption, Shape, type FieldOptions } from "../../generated/connect/hl/options/v1/options_pb.js";
import { ValidationError } from "../errors/base.js";

export class TranslateError extends ValidationError {
  override name = "TranslateError";
}

export const MAX_DEPTH = 64;
export const VALUE = "google.protobuf.Value";

export interface Info {
  shape: Shape;
  fields: readonly FieldInfo[];
  /** SHAPE_UNION: the members of the message's single oneof. */
  union: readonly FieldInfo[];
}

export interface FieldInfo {
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

export function info(desc: DescMessage): Info {
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

export function fail(path: string, value: unknown, expected: string): never {
  throw new TranslateError("message", [{ path, value, expected }]);
}

export const join = (path: string, key: string | number): string => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const INT64 = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);
export const INT32 = new Set([ScalarType.INT32, ScalarType.UINT32, ScalarType.SINT32, ScalarType.FIXED32, ScalarType.SFIXED32]);

/** `v` as JSON (no undefined, functions or non-finite numbers), checked to a bounded depth. */
export function jsonValue(v: unknown, path: string, depth: number): JsonValue {
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

/** Whether `v` is a wire value of the union member `f` (decides SHAPE_UNION members). */
export function fits(f: FieldInfo, v: unknown, depth: number): boolean {
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
