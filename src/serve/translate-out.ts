/**
 * protobuf-es message -> JSON wire, compiled once per message descriptor like the other
 * direction (translate-in.ts): a closure per field reads the plain message object. An empty
 * const field gets its const (a request's `type`), an unset nullable one is null, an unset
 * optional one is left out; error paths are built only when a value does not fit the wire.
 */
import { isMessage, toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { Shape } from "../../generated/connect/hl/options/v1/options_pb.js";
import { fail as failAt, info, join, MAX_DEPTH, VALUE, type FieldInfo } from "./translate-core.js";

type Message = Record<string, unknown>;
type Write = (m: Message) => unknown;

export interface ToWireOptions {
  /**
   * A required nullable number or boolean without presence in proto: its zero value is written
   * as null (default true: for a request, e.g. vaultModify's allowDeposits, null means "leave
   * as is", and an unset field must not become `false`). Strings: "" is always null.
   */
  zeroIsNull?: boolean;
}

// Per call (translation is synchronous, so calls cannot interleave): the option and the
// position, as keys below the root, for error paths.
let zeroIsNull = true;
const keys: (string | number)[] = [];
let depth = 0;

function fail(value: unknown, expected: string): never {
  let p = "";
  for (const k of keys) p = join(p, k);
  return failAt(p, value, expected);
}

/** The wire value of `message`; an empty const field gets its const (e.g. a request's `type`). */
export function toWire<D extends DescMessage>(desc: D, message: MessageShape<D>, options?: ToWireOptions): unknown;
// The implementation reads any message as a plain record: callers get the typed signature above
// (desc and message paired), the closures below get the erased one, at no per-message cost.
export function toWire(desc: DescMessage, message: Message, options: ToWireOptions = {}): unknown {
  zeroIsNull = options.zeroIsNull ?? true;
  keys.length = 0;
  depth = -1;
  return writerOf(desc)(message);
}

const writers = new WeakMap<DescMessage, Write>();

function writerOf(desc: DescMessage): Write {
  let w = writers.get(desc);
  if (!w) {
    let compiled: Write | undefined;
    w = (m) => (compiled ??= compile(desc))(m);
    writers.set(desc, w);
  }
  return w;
}

function compile(desc: DescMessage): Write {
  if (desc.typeName === VALUE) return (m) => (isMessage(m, ValueSchema) ? toJson(ValueSchema, m) : fail(m, "a google.protobuf.Value"));
  const i = info(desc);
  const enter = (): void => {
    if (++depth > MAX_DEPTH) fail("…", `nesting no deeper than ${MAX_DEPTH} levels`);
  };
  switch (i.shape) {
    case Shape.UNWRAP: {
      const only = i.fields[0] && getterOf(i.fields[0]);
      return (m) => {
        enter();
        const v = only ? only(m) : undefined;
        depth--;
        return v;
      };
    }
    case Shape.TUPLE: {
      const getters = i.fields.map(getterOf);
      return (m) => {
        enter();
        const items: unknown[] = [];
        for (const get of getters) {
          keys.push(items.length);
          const v = get(m);
          keys.pop();
          if (v === undefined) break;
          items.push(v);
        }
        depth--;
        return items;
      };
    }
    case Shape.UNION: {
      const oneof = desc.oneofs[0]?.localName;
      const members = new Map(i.union.map((f) => [f.field.localName, getterOf(f)]));
      const names = i.union.map((m) => m.field.localName).join(", ");
      return (m) => {
        enter();
        const set = oneof === undefined ? undefined : (m[oneof] as { case?: string }).case;
        const get = set === undefined ? undefined : members.get(set);
        if (!get) fail(undefined, `one of ${names} set (${desc.name})`);
        const v = get(m);
        depth--;
        return v;
      };
    }
    default: {
      const fields = i.fields.map((f) => ({ key: f.key, get: getterOf(f) }));
      return (m) => {
        enter();
        const obj: Record<string, unknown> = {};
        for (const f of fields) {
          keys.push(f.key);
          const v = f.get(m);
          keys.pop();
          if (v !== undefined) obj[f.key] = v;
        }
        depth--;
        return obj;
      };
    }
  }
}

/** A field's wire value; undefined when its key is to be left out. */
function getterOf(f: FieldInfo): Write {
  const field = f.field;
  const name = field.localName;
  const oneof = field.oneof?.localName;
  const presence = field.fieldKind === "message" || f.optional;
  const isSet: (m: Message) => boolean = oneof ? (m) => (m[oneof] as { case?: string }).case === name : presence ? (m) => m[name] !== undefined : () => true;
  const value: (m: Message) => unknown = oneof ? (m) => (m[oneof] as { value?: unknown }).value : (m) => m[name];
  const unset = f.const && !f.optional ? f.const : f.nullable && !f.optional ? null : undefined;
  switch (field.fieldKind) {
    case "scalar": {
      const nullable = f.nullable && !f.optional;
      return (m) => {
        if (presence && !isSet(m)) return unset;
        const v = scalarOut(value(m));
        if (f.const && v === "") return f.const;
        if (nullable && (v === "" || (zeroIsNull && (v === 0 || v === false)))) return null;
        return v;
      };
    }
    case "message": {
      const write = writerOf(field.message);
      return (m) => (isSet(m) ? write(value(m) as Message) : unset);
    }
    case "list": {
      const item: Write = field.listKind === "message" ? writerOf(field.message) : (x) => scalarOut(x);
      return (m) => {
        const list = m[name] as unknown[];
        if (f.nullable && list.length === 0) return null;
        const items: unknown[] = [];
        for (let k = 0; k < list.length; k++) {
          keys.push(k);
          items.push(item(list[k] as Message));
          keys.pop();
        }
        return items;
      };
    }
    case "map": {
      const item: Write = field.mapKind === "message" ? writerOf(field.message) : (x) => scalarOut(x);
      return (m) => {
        const map = m[name] as Record<string, unknown>;
        const obj: Record<string, unknown> = {};
        for (const key of Object.keys(map)) {
          keys.push(key);
          if (key === "__proto__") fail(map[key], 'a key other than "__proto__"');
          obj[key] = item(map[key] as Message);
          keys.pop();
        }
        return obj;
      };
    }
    default:
      return () => fail(undefined, "a supported type");
  }
}

function scalarOut(v: unknown): string | number | boolean {
  if (typeof v === "bigint") {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) fail(v, "an integer within ±(2^53 - 1), the JSON wire's safe range");
    return n;
  }
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) fail(v, "a finite number");
    return v;
  }
  return fail(v, "a scalar");
}
