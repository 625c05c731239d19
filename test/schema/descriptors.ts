/**
 * Reads schema/ as a protobuf FileDescriptorSet (via `buf build`) into a small neutral model
 * of "what the JSON wire looks like", and checks JSON values against it: key order, unknown
 * keys, required keys, keyed oneofs, tuples, unions, const/enum values.
 *
 * The model (`SchemaDescriptors`) is deliberately independent of its source so that the
 * checker can later be fed from generated/schema.json instead of the descriptor set.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Shape = "object" | "tuple" | "unwrap" | "union";
export type FieldKind = "string" | "bool" | "int" | "uint" | "double" | "message" | "any";

export interface FieldDesc {
  /** Proto field name. */
  name: string;
  /** JSON key on the wire. */
  key: string;
  kind: FieldKind;
  /** Short name of the message type when kind is "message". */
  message?: string;
  repeated: boolean;
  map: boolean;
  /** The key may be absent (proto3 `optional`). */
  optional: boolean;
  /** The value may be null. */
  nullable: boolean;
  /** Name of the (real, non-synthetic) oneof holding this field. */
  oneof?: string;
  constValue?: string;
  enumValues?: string[];
  /** FORMAT_* without the prefix, lowercase: "decimal", "address", ... */
  format?: string;
}

export interface Eip712Field {
  name: string;
  type: string;
}

export interface ActionDesc {
  signing: "l1" | "userSigned";
  primaryType?: string;
  eip712?: Eip712Field[];
}

export interface MessageDesc {
  name: string;
  shape: Shape;
  /** In declaration order (= wire key order). */
  fields: FieldDesc[];
  /** Real oneofs with their member keys. */
  oneofs: { name: string; members: string[] }[];
  action?: ActionDesc;
  doc?: string;
}

export interface MethodDesc {
  name: string;
  input: string;
  output: string;
  doc?: string;
}

export interface SchemaDescriptors {
  messages: Map<string, MessageDesc>;
  services: Map<string, MethodDesc[]>;
}

/* Just the parts of the JSON FileDescriptorSet we read. */
interface RawField {
  name: string;
  jsonName?: string;
  label?: string;
  type?: string;
  typeName?: string;
  oneofIndex?: number;
  proto3Optional?: boolean;
  options?: Record<string, RawFieldOptions | undefined>;
}
interface RawFieldOptions {
  const?: string;
  enum?: string[];
  format?: string;
  nullable?: boolean;
}
interface RawMessage {
  name: string;
  field?: RawField[];
  nestedType?: RawMessage[];
  oneofDecl?: { name: string }[];
  options?: { mapEntry?: boolean } & Record<string, unknown>;
}
interface RawMsgOptions {
  shape?: string;
  doc?: string;
  action?: { signing?: string; primaryType?: string; eip712?: Eip712Field[] };
}
interface RawFile {
  name: string;
  package?: string;
  messageType?: RawMessage[];
  service?: { name: string; method?: { name: string; inputType: string; outputType: string; options?: Record<string, { doc?: string } | undefined> }[] }[];
}

const PACKAGE = "hl.v1";
const FIELD_OPT = "[hl.options.v1.field]";
const MSG_OPT = "[hl.options.v1.msg]";
const RPC_OPT = "[hl.options.v1.rpc]";

/** Runs `buf build` on schema/ and returns the JSON FileDescriptorSet. */
export function buildDescriptorSet(projectRoot: string): { file: RawFile[] } {
  const out = join(tmpdir(), `hl-descriptors-${process.pid}-${randomUUID()}.json`);
  try {
    execFileSync(join(projectRoot, "node_modules/.bin/buf"), ["build", "-o", out], { cwd: projectRoot, stdio: ["ignore", "ignore", "pipe"] });
    return JSON.parse(readFileSync(out, "utf8")) as { file: RawFile[] };
  } finally {
    rmSync(out, { force: true });
  }
}

const shortName = (typeName: string): string => typeName.slice(typeName.lastIndexOf(".") + 1);

function fieldKind(f: RawField, where: string): FieldKind {
  switch (f.type) {
    case "TYPE_STRING":
      return "string";
    case "TYPE_BOOL":
      return "bool";
    case "TYPE_INT32":
    case "TYPE_INT64":
    case "TYPE_SINT32":
    case "TYPE_SINT64":
    case "TYPE_SFIXED32":
    case "TYPE_SFIXED64":
      return "int";
    case "TYPE_UINT32":
    case "TYPE_UINT64":
    case "TYPE_FIXED32":
    case "TYPE_FIXED64":
      return "uint";
    case "TYPE_DOUBLE":
    case "TYPE_FLOAT":
      return "double";
    case "TYPE_MESSAGE":
      return f.typeName === ".google.protobuf.Value" ? "any" : "message";
    default:
      throw new Error(`${where}: unsupported field type ${String(f.type)}`);
  }
}

function messageDesc(m: RawMessage, mapEntries: Map<string, RawMessage>): MessageDesc {
  const oneofNames = (m.oneofDecl ?? []).map((o) => o.name);
  const realOneofs = new Set<number>();
  for (const f of m.field ?? []) if (f.oneofIndex !== undefined && !f.proto3Optional) realOneofs.add(f.oneofIndex);
  const fields = (m.field ?? []).map((f): FieldDesc => {
    const where = `${m.name}.${f.name}`;
    const entry = f.typeName ? mapEntries.get(f.typeName) : undefined;
    const valueField = entry?.field?.find((x) => x.name === "value");
    const typed = valueField ?? f;
    const kind = fieldKind(typed, where);
    const fo = f.options?.[FIELD_OPT] ?? {};
    const d: FieldDesc = {
      name: f.name,
      key: f.jsonName ?? f.name,
      kind,
      repeated: f.label === "LABEL_REPEATED" && !entry,
      map: Boolean(entry),
      optional: f.proto3Optional === true,
      nullable: fo.nullable === true,
    };
    if (kind === "message") d.message = shortName(typed.typeName!);
    if (f.oneofIndex !== undefined && realOneofs.has(f.oneofIndex)) d.oneof = oneofNames[f.oneofIndex];
    if (fo.const !== undefined) d.constValue = fo.const;
    if (fo.enum?.length) d.enumValues = fo.enum;
    if (fo.format) d.format = fo.format.replace(/^FORMAT_/, "").toLowerCase();
    return d;
  });
  const oneofs = [...realOneofs].map((i) => ({ name: oneofNames[i]!, members: fields.filter((f) => f.oneof === oneofNames[i]).map((f) => f.key) }));
  const mo = (m.options?.[MSG_OPT] ?? {}) as RawMsgOptions;
  const desc: MessageDesc = { name: m.name, shape: (mo.shape?.replace(/^SHAPE_/, "").toLowerCase() as Shape | undefined) ?? "object", fields, oneofs };
  if (mo.doc) desc.doc = mo.doc;
  if (mo.action) {
    desc.action = { signing: mo.action.signing === "SIGNING_KIND_USER_SIGNED" ? "userSigned" : "l1" };
    if (mo.action.primaryType) desc.action.primaryType = mo.action.primaryType;
    if (mo.action.eip712?.length) desc.action.eip712 = mo.action.eip712.map((e) => ({ name: e.name, type: e.type }));
  }
  return desc;
}

/** The hl.v1 messages and services of a JSON FileDescriptorSet. */
export function loadSchema(set: { file: RawFile[] }): SchemaDescriptors {
  const messages = new Map<string, MessageDesc>();
  const services = new Map<string, MethodDesc[]>();
  for (const file of set.file) {
    if (file.package !== PACKAGE) continue;
    const mapEntries = new Map<string, RawMessage>();
    const all: RawMessage[] = [];
    const walk = (list: RawMessage[] | undefined, prefix: string): void => {
      for (const m of list ?? []) {
        const full = `${prefix}.${m.name}`;
        if (m.options?.mapEntry) mapEntries.set(full, m);
        else all.push(m);
        walk(m.nestedType, full);
      }
    };
    walk(file.messageType, `.${PACKAGE}`);
    for (const m of all) {
      if (messages.has(m.name)) throw new Error(`duplicate message name ${m.name} (${file.name})`);
      messages.set(m.name, messageDesc(m, mapEntries));
    }
    for (const s of file.service ?? []) {
      services.set(
        s.name,
        (s.method ?? []).map((x) => {
          const md: MethodDesc = { name: x.name, input: shortName(x.inputType), output: shortName(x.outputType) };
          const doc = x.options?.[RPC_OPT]?.doc;
          if (doc) md.doc = doc;
          return md;
        }),
      );
    }
  }
  return { messages, services };
}

/** `buf build` + `loadSchema`. */
export function readSchemaDescriptors(projectRoot: string): SchemaDescriptors {
  return loadSchema(buildDescriptorSet(projectRoot));
}

export interface WireIssue {
  /** JSON path such as `orders[0].t` ("" for the root). */
  path: string;
  problem: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const join2 = (path: string, key: string | number): string => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * Checks `value` against message `name`: keys are a subset of the fields, in declaration
 * order, with no unknown key; required keys present; exactly one key of each keyed oneof;
 * nested messages, tuples, unions and lists checked recursively. Returns the problems.
 */
export function checkWire(schema: SchemaDescriptors, name: string, value: unknown, path = ""): WireIssue[] {
  const m = schema.messages.get(name);
  if (!m) return [{ path, problem: `unknown message ${name}` }];
  switch (m.shape) {
    case "unwrap":
      return checkField(schema, m.fields[0]!, value, path);
    case "union": {
      const tried = m.fields.map((f) => checkField(schema, f, value, path));
      if (tried.some((issues) => issues.length === 0)) return [];
      return [
        {
          path,
          problem: `${JSON.stringify(value)} matches no member of ${name} (${tried.map((t, i) => `${m.fields[i]!.key}: ${t[0]?.problem ?? "?"}`).join("; ")})`,
        },
      ];
    }
    case "tuple": {
      if (!Array.isArray(value)) return [{ path, problem: `expected a ${name} tuple (array), got ${JSON.stringify(value)}` }];
      const required = m.fields.filter((f) => !f.optional).length;
      if (value.length < required || value.length > m.fields.length)
        return [{ path, problem: `${name} tuple needs ${required}..${m.fields.length} items, got ${value.length}` }];
      return value.flatMap((item, i) => checkField(schema, m.fields[i]!, item, join2(path, i)));
    }
    case "object":
      return checkObject(schema, m, value, path);
  }
}

function checkObject(schema: SchemaDescriptors, m: MessageDesc, value: unknown, path: string): WireIssue[] {
  if (!isObject(value)) return [{ path, problem: `expected a ${m.name} object, got ${JSON.stringify(value)}` }];
  const issues: WireIssue[] = [];
  const order = m.fields.map((f) => f.key);
  let last = -1;
  for (const key of Object.keys(value)) {
    const i = order.indexOf(key);
    if (i < 0) {
      issues.push({ path: join2(path, key), problem: `unknown key "${key}" in ${m.name} (fields: ${order.join(", ")})` });
      continue;
    }
    if (i < last)
      issues.push({ path: join2(path, key), problem: `key "${key}" comes after "${order[last]}" but ${m.name} declares the order ${order.join(", ")}` });
    last = Math.max(last, i);
  }
  for (const f of m.fields) {
    const present = Object.prototype.hasOwnProperty.call(value, f.key);
    if (!present) {
      if (!f.optional && !f.oneof) issues.push({ path: join2(path, f.key), problem: `required key "${f.key}" of ${m.name} is missing` });
      continue;
    }
    issues.push(...checkField(schema, f, value[f.key], join2(path, f.key)));
  }
  for (const o of m.oneofs) {
    const present = o.members.filter((k) => Object.prototype.hasOwnProperty.call(value, k));
    if (present.length !== 1)
      issues.push({ path, problem: `${m.name} needs exactly one of ${o.members.join(" | ")}, found ${present.length ? present.join(", ") : "none"}` });
  }
  return issues;
}

function checkField(schema: SchemaDescriptors, f: FieldDesc, value: unknown, path: string): WireIssue[] {
  if (value === null) return f.nullable || f.kind === "any" ? [] : [{ path, problem: `null is not allowed for "${f.key}"` }];
  if (f.repeated) {
    if (!Array.isArray(value)) return [{ path, problem: `expected an array for "${f.key}", got ${JSON.stringify(value)}` }];
    return value.flatMap((item, i) => checkSingle(schema, f, item, join2(path, i)));
  }
  if (f.map) {
    if (!isObject(value)) return [{ path, problem: `expected an object (map) for "${f.key}"` }];
    return Object.entries(value).flatMap(([k, v]) => checkSingle(schema, f, v, join2(path, k)));
  }
  return checkSingle(schema, f, value, path);
}

function checkSingle(schema: SchemaDescriptors, f: FieldDesc, value: unknown, path: string): WireIssue[] {
  const bad = (expected: string): WireIssue[] => [{ path, problem: `expected ${expected} for "${f.key}", got ${JSON.stringify(value)}` }];
  switch (f.kind) {
    case "any":
      return [];
    case "message":
      return checkWire(schema, f.message!, value, path);
    case "bool":
      return typeof value === "boolean" ? [] : bad("a boolean");
    case "int":
      return Number.isSafeInteger(value) ? [] : bad("an integer");
    case "uint":
      return Number.isSafeInteger(value) && (value as number) >= 0 ? [] : bad("a non-negative integer");
    case "double":
      return typeof value === "number" ? [] : bad("a number");
    case "string":
      if (typeof value !== "string") return bad("a string");
      if (f.constValue !== undefined && value !== f.constValue) return bad(JSON.stringify(f.constValue));
      if (f.enumValues && !f.enumValues.includes(value)) return bad(`one of ${f.enumValues.join(", ")}`);
      return [];
  }
}

/** "spotDeploy" → "SpotDeploy". */
export const pascalCase = (type: string): string => type.charAt(0).toUpperCase() + type.slice(1);

/** The action message name of a wire `type`: PascalCase + "Action" unless it already ends so. */
export const actionMessageName = (type: string): string => (pascalCase(type).endsWith("Action") ? pascalCase(type) : `${pascalCase(type)}Action`);

/** Wire `type` → action message, from ExchangeService's rpc inputs and their const `type`. */
export function exchangeActions(schema: SchemaDescriptors): Map<string, { method: MethodDesc; message: MessageDesc }> {
  const out = new Map<string, { method: MethodDesc; message: MessageDesc }>();
  for (const method of schema.services.get("ExchangeService") ?? []) {
    const message = schema.messages.get(method.input);
    const type = message?.fields[0]?.key === "type" ? message.fields[0].constValue : undefined;
    if (!message || type === undefined) throw new Error(`ExchangeService.${method.name}: input ${method.input} has no const "type" first field`);
    if (out.has(type)) throw new Error(`ExchangeService: duplicate action type ${type}`);
    out.set(type, { method, message });
  }
  return out;
}
