/**
 * JSON wire -> protobuf-es message, compiled once per message descriptor: the schema options
 * are read when a message type is first translated, and each later message is built by a
 * closure per field that writes the plain protobuf-es object directly (no reflection API,
 * no per-field option lookups). This is the per-message work of every stream, so it is the
 * hot path of hl serve. Error paths ("levels[0][3].px") are built only when a value fails:
 * while translating, the keys of the current position are kept on a stack.
 */
import { create, fromJson, ScalarType, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { Shape } from "../../generated/connect/hl/options/v1/options_pb.js";
import { fail as failAt, fits, info, INT32, INT64, isObject, join, jsonValue, MAX_DEPTH, TranslateError, VALUE, type FieldInfo } from "./translate-core.js";

type Message = Record<string, unknown>;
type Build = (wire: unknown) => Message;
type Convert = (v: unknown) => unknown;
type Setter = (m: Message, v: unknown) => void;

// The position being translated: a base path plus the keys below it. Translation is
// synchronous, so one stack serves every call (reset on entry).
let base = "";
const keys: (string | number)[] = [];
let depth = 0;

function pathNow(): string {
  let p = base;
  for (const k of keys) p = join(p, k);
  return p;
}

function fail(value: unknown, expected: string): never {
  return failAt(pathNow(), value, expected);
}

/** The message `desc` holding the wire value `wire`; throws TranslateError naming the path. */
export function toProto<D extends DescMessage>(desc: D, wire: unknown, path = ""): MessageShape<D> {
  base = path;
  keys.length = 0;
  depth = -1;
  return builderOf(desc)(wire) as MessageShape<D>;
}

const builders = new WeakMap<DescMessage, Build>();

/** The builder of `desc`, compiled on its first use (so recursive message types work). */
function builderOf(desc: DescMessage): Build {
  let b = builders.get(desc);
  if (!b) {
    let compiled: Build | undefined;
    b = (wire) => (compiled ??= compile(desc))(wire);
    builders.set(desc, b);
  }
  return b;
}

function compile(desc: DescMessage): Build {
  if (desc.typeName === VALUE) {
    return (v) => {
      try {
        return fromJson(ValueSchema, jsonValue(v, pathNow(), depth + 1));
      } catch (e) {
        if (e instanceof TranslateError) throw e;
        return fail(v, "any JSON value");
      }
    };
  }
  const i = info(desc);
  const make = factoryOf(desc);
  const enter = (): void => {
    if (++depth > MAX_DEPTH) fail("…", `nesting no deeper than ${MAX_DEPTH} levels`);
  };
  switch (i.shape) {
    case Shape.UNWRAP: {
      const only = i.fields[0] && setterOf(i.fields[0]);
      return (wire) => {
        enter();
        const m = make();
        if (only) only(m, wire);
        depth--;
        return m;
      };
    }
    case Shape.TUPLE: {
      const setters = i.fields.map(setterOf);
      const n = setters.length;
      return (wire) => {
        enter();
        if (!Array.isArray(wire)) fail(wire, `an array of ${n} items`);
        if (wire.length > n) fail(wire, `at most ${n} items`);
        const m = make();
        for (let k = 0; k < wire.length; k++) {
          keys.push(k);
          setters[k]!(m, wire[k]);
          keys.pop();
        }
        depth--;
        return m;
      };
    }
    case Shape.UNION: {
      const members = i.union.map((f) => ({ f, set: setterOf(f) }));
      const names = i.union.map((m) => m.key).join(", ");
      return (wire) => {
        enter();
        const member = members.find((x) => fits(x.f, wire, depth + 1));
        if (!member) fail(wire, `one of ${names} (${desc.name})`);
        const m = make();
        member.set(m, wire);
        depth--;
        return m;
      };
    }
    default: {
      const fields = i.fields.map((f) => ({ key: f.key, set: setterOf(f) }));
      return (wire) => {
        enter();
        if (!isObject(wire)) fail(wire, `an object (${desc.name})`);
        const m = make();
        for (const f of fields) {
          const v = wire[f.key];
          // A missing required key stays unset: checking responses is the SDK's job (validation modes).
          if (v === undefined) continue;
          keys.push(f.key);
          f.set(m, v);
          keys.pop();
        }
        depth--;
        return m;
      };
    }
  }
}

/**
 * A function making an empty message of `desc`, equal to `create(desc)`: a copy of one empty
 * message with fresh lists and maps (an object spread is cheaper than create()'s walk over the
 * fields, and every message of a type gets the same hidden class). Messages that keep defaults
 * on a prototype (proto2 / editions) or hold anything else mutable use create() itself.
 */
function factoryOf(desc: DescMessage): () => Message {
  const template: Message = create(desc);
  const fresh: [string, "list" | "map" | "oneof"][] = [];
  for (const [key, value] of Object.entries(template)) {
    if (Array.isArray(value) && value.length === 0) fresh.push([key, "list"]);
    else if (isObject(value) && Object.keys(value).length === 0) fresh.push([key, "map"]);
    else if (isObject(value) && Object.keys(value).length === 1 && "case" in value && value.case === undefined) fresh.push([key, "oneof"]);
    else if (typeof value === "object" && value !== null) return () => create(desc);
  }
  if (Object.getPrototypeOf(template) !== Object.prototype) return () => create(desc);
  return () => {
    const m = { ...template };
    for (const [key, kind] of fresh) m[key] = kind === "list" ? [] : kind === "map" ? {} : { case: undefined };
    return m;
  };
}

/** Writes a field's value into the plain message (a oneof member as its {case, value}). */
function setterOf(f: FieldInfo): Setter {
  const field = f.field;
  const name = field.localName;
  const oneof = field.oneof?.localName;
  const assign: Setter = oneof ? (m, value) => (m[oneof] = { case: name, value }) : (m, value) => (m[name] = value);
  const skipNull = f.nullable && !(field.fieldKind === "message" && field.message.typeName === VALUE);
  switch (field.fieldKind) {
    case "scalar": {
      const convert = scalarConverter(field.scalar, f);
      return (m, v) => {
        if (v === null && skipNull) return;
        assign(m, convert(v));
      };
    }
    case "message": {
      const build = builderOf(field.message);
      return (m, v) => {
        if (v === null && skipNull) return;
        assign(m, build(v));
      };
    }
    case "list": {
      const item: Convert =
        field.listKind === "message"
          ? builderOf(field.message)
          : field.listKind === "scalar"
            ? scalarConverter(field.scalar, f)
            : (x) => fail(x, "a supported type");
      return (m, v) => {
        if (v === null && skipNull) return;
        if (!Array.isArray(v)) fail(v, "an array");
        const list = m[name] as unknown[];
        for (let k = 0; k < v.length; k++) {
          keys.push(k);
          list.push(item(v[k]));
          keys.pop();
        }
      };
    }
    case "map": {
      const item: Convert =
        field.mapKind === "message"
          ? builderOf(field.message)
          : field.mapKind === "scalar"
            ? scalarConverter(field.scalar, f)
            : (x) => fail(x, "a supported type");
      return (m, v) => {
        if (v === null && skipNull) return;
        if (!isObject(v)) fail(v, "an object");
        const map = m[name] as Record<string, unknown>;
        for (const k of Object.keys(v)) {
          keys.push(k);
          if (k === "__proto__") fail(v[k], 'a key other than "__proto__"');
          map[k] = item(v[k]);
          keys.pop();
        }
      };
    }
    default:
      return (_m, v) => {
        if (v === null && skipNull) return;
        fail(v, "a supported type (proto enums are not used by the schema)");
      };
  }
}

function scalarConverter(t: ScalarType, f: FieldInfo): Convert {
  switch (t) {
    case ScalarType.STRING:
      return (v) => (typeof v === "string" ? v : fail(v, "a string"));
    case ScalarType.BOOL:
      return (v) => (typeof v === "boolean" ? v : fail(v, "a boolean"));
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return (v) => (typeof v === "number" ? v : fail(v, "a number"));
  }
  const safe = (v: unknown): number => (typeof v === "number" && Number.isSafeInteger(v) ? v : fail(v, "a safe integer"));
  if (INT64.has(t)) return (v) => BigInt(safe(v));
  if (INT32.has(t)) return safe;
  return (v) => {
    safe(v);
    return fail(v, `a supported scalar (${f.key})`);
  };
}
