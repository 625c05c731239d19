/**
 * The intermediate model every generator reads: the protobuf descriptors plus the
 * hl.options.v1 custom options, normalised into "what the JSON wire looks like".
 */
import { create, createFileRegistry, getOption, ScalarType, type DescExtension, type DescField, type DescMessage, type DescMethod } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { getComments } from "@bufbuild/protoplugin";

export type Format = "decimal" | "address" | "cloid" | "hash" | "hex";
export type Shape = "object" | "tuple" | "unwrap" | "union";
export type Signing = "l1" | "userSigned";

export type TypeRef =
  { kind: "string" } | { kind: "bool" } | { kind: "int"; unsigned: boolean } | { kind: "double" } | { kind: "message"; name: string } | { kind: "any" };

export interface FieldModel {
  name: string;
  /** Key on the wire. */
  key: string;
  type: TypeRef;
  repeated: boolean;
  /** map<string, type> */
  map: boolean;
  optional: boolean;
  nullable: boolean;
  oneof?: string;
  constValue?: string;
  enumValues?: string[];
  format?: Format;
  min?: number;
  max?: number;
  doc?: string;
  example?: string;
}

export interface OneofModel {
  name: string;
  members: string[];
}

export interface Eip712Field {
  name: string;
  type: string;
}

export interface ActionModel {
  signing: Signing;
  /** Whether the signature covers vaultAddress / expiresAfter: every L1 action, and user-signed ones that say so (multiSig). */
  l1Envelope: boolean;
  primaryType?: string;
  eip712?: Eip712Field[];
}

export interface MessageModel {
  name: string;
  shape: Shape;
  fields: FieldModel[];
  oneofs: OneofModel[];
  doc?: string;
  action?: ActionModel;
  /** Reached from something a client sends (request, action, subscription): no extra keys allowed. */
  input: boolean;
  /** The proto file that declares it, e.g. "hl/v1/exchange_staking.proto" (docs group by it). */
  file?: string;
}

export interface RouteKeyModel {
  /** Subscription field. */
  param: string;
  /** Path of its echo in the pushed data. */
  data: string[];
  /** The data may leave it out. */
  optional: boolean;
}

export interface StreamModel {
  route: RouteKeyModel[];
  buffer: "conflate" | "dropOldest";
  /** The data is a list of items that each echo the route. */
  list: boolean;
  /** Push channels besides `channel` that feed the subscription. */
  aliasChannels: string[];
}

export interface EndpointModel {
  /** Wire `type`. */
  type: string;
  /** camelCase client method name. */
  method: string;
  request: string;
  response: string;
  doc?: string;
  weight?: number;
  channel?: string;
  /** Routing and buffering (subscriptions). */
  stream?: StreamModel;
  signing?: Signing;
  /** One-line title for docs. */
  summary?: string;
  /** JSON text of a realistic request (exchange: the action). */
  requestExample?: string;
  /** JSON text of a realistic response (subscription: the pushed data). */
  responseExample?: string;
}

export interface SchemaModel {
  messages: Map<string, MessageModel>;
  info: EndpointModel[];
  explorer: EndpointModel[];
  /** The explorer's WebSocket feeds on the RPC host (bare-array pushes, no channel envelope). */
  explorerSubscriptions: EndpointModel[];
  exchange: EndpointModel[];
  subscriptions: EndpointModel[];
}

const OPTIONS_PKG = "hl.options.v1";
const SERVICE_KINDS: Record<string, keyof Omit<SchemaModel, "messages">> = {
  InfoService: "info",
  ExplorerService: "explorer",
  ExplorerSubscriptionService: "explorerSubscriptions",
  ExchangeService: "exchange",
  SubscriptionService: "subscriptions",
};

const FORMATS: Record<number, Format | undefined> = { 1: "decimal", 2: "address", 3: "cloid", 4: "hash", 5: "hex" };
const SHAPES: Shape[] = ["object", "tuple", "unwrap", "union"];

/* The option messages are read dynamically (no generated code needed for options.proto). */
interface RawFieldOptions {
  const: string;
  enum: string[];
  format: number;
  nullable: boolean;
  min?: bigint;
  max?: bigint;
  doc: string;
  example: string;
}
interface RawMessageOptions {
  shape: number;
  action?: { signing: number; primaryType: string; eip712: { name: string; type: string }[]; l1Envelope: boolean };
  doc: string;
}
interface RawMethodOptions {
  channel: string;
  weight?: number;
  doc: string;
  stream?: { route: { param: string; data: string; optional: boolean }[]; buffer: number; list: boolean; aliasChannels: string[] };
  summary: string;
  requestExample: string;
  responseExample: string;
}

const BUFFERS: Record<number, StreamModel["buffer"] | undefined> = { 1: "conflate", 2: "dropOldest" };

function streamModel(method: DescMethod, raw: RawMethodOptions["stream"], request: MessageModel | undefined): StreamModel {
  const buffer = raw ? BUFFERS[raw.buffer] : undefined;
  if (!raw || !buffer) throw new Error(`${method.name}: subscriptions need (hl.options.v1.rpc).stream with a buffer policy`);
  const route = raw.route.map((k): RouteKeyModel => {
    if (!request?.fields.some((f) => f.key === k.param)) throw new Error(`${method.name}: route param "${k.param}" is not a field of ${method.input.name}`);
    return { param: k.param, data: (k.data || k.param).split("."), optional: k.optional };
  });
  return { route, buffer, list: raw.list, aliasChannels: [...raw.aliasChannels] };
}

// getOption's typing wants generated extension types; ours are read from the request's registry.
function readOption<T>(desc: unknown, ext: DescExtension): T {
  return (getOption as unknown as (d: unknown, e: unknown) => T)(desc, ext);
}

export function buildModel(protoFiles: FileDescriptorProto[], filesToGenerate: string[]): SchemaModel {
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: protoFiles }));
  const ext = (name: string): DescExtension => {
    const e = registry.getExtension(`${OPTIONS_PKG}.${name}`);
    if (!e) throw new Error(`options.proto not imported: ${OPTIONS_PKG}.${name} missing`);
    return e;
  };
  const msgExt = ext("msg");
  const fieldExt = ext("field");
  const rpcExt = ext("rpc");

  const model: SchemaModel = { messages: new Map(), info: [], explorer: [], explorerSubscriptions: [], exchange: [], subscriptions: [] };
  const generated = new Set(filesToGenerate);

  const files = [...registry.files].filter((f) => generated.has(f.proto.name) && !f.proto.package.startsWith(OPTIONS_PKG));
  for (const file of files) {
    for (const message of allMessages(file.messages)) {
      const model1 = messageModel(message, msgExt, fieldExt);
      if (model.messages.has(model1.name)) throw new Error(`duplicate message name ${model1.name}`);
      model.messages.set(model1.name, model1);
    }
  }
  for (const file of files) {
    for (const service of file.services) {
      const kind = SERVICE_KINDS[service.name];
      if (!kind) throw new Error(`unknown service ${service.name}: expected one of ${Object.keys(SERVICE_KINDS).join(", ")}`);
      for (const method of service.methods) model[kind].push(endpointModel(kind, method, rpcExt, model.messages));
    }
  }
  for (const kind of ["info", "explorer", "explorerSubscriptions", "exchange", "subscriptions"] as const) {
    const seen = new Set<string>();
    for (const e of model[kind]) {
      if (seen.has(e.type)) throw new Error(`${kind}: duplicate type ${e.type}`);
      seen.add(e.type);
    }
    model[kind].sort((a, b) => a.type.localeCompare(b.type));
    for (const e of model[kind]) markInput(model.messages, e.request);
  }
  return model;
}

function* allMessages(messages: DescMessage[]): Generator<DescMessage> {
  for (const m of messages) {
    if (m.proto.options?.mapEntry) continue;
    yield m;
    yield* allMessages(m.nestedMessages);
  }
}

function docOf(desc: DescMessage | DescField | DescMethod, explicit: string | undefined): string | undefined {
  if (explicit) return explicit;
  const text = getComments(desc as never).leading?.trim();
  return text ? text.replace(/\n +/g, "\n") : undefined;
}

function typeRef(field: DescField): TypeRef {
  const scalar =
    field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar") || (field.fieldKind === "map" && field.mapKind === "scalar")
      ? field.scalar
      : undefined;
  const message =
    field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message") || (field.fieldKind === "map" && field.mapKind === "message")
      ? field.message
      : undefined;
  if (field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum") || (field.fieldKind === "map" && field.mapKind === "enum")) {
    throw new Error(`${field.parent.name}.${field.name}: use a string with (hl.options.v1.field).enum instead of a proto enum`);
  }
  if (message) {
    if (message.typeName === "google.protobuf.Value") return { kind: "any" };
    if (message.typeName.startsWith("google.protobuf.")) throw new Error(`${field.parent.name}.${field.name}: unsupported well-known type ${message.typeName}`);
    return { kind: "message", name: message.name };
  }
  switch (scalar) {
    case ScalarType.STRING:
      return { kind: "string" };
    case ScalarType.BOOL:
      return { kind: "bool" };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return { kind: "double" };
    case ScalarType.INT32:
    case ScalarType.INT64:
    case ScalarType.SINT32:
    case ScalarType.SINT64:
    case ScalarType.SFIXED32:
    case ScalarType.SFIXED64:
      return { kind: "int", unsigned: false };
    case ScalarType.UINT32:
    case ScalarType.UINT64:
    case ScalarType.FIXED32:
    case ScalarType.FIXED64:
      return { kind: "int", unsigned: true };
    default:
      throw new Error(`${field.parent.name}.${field.name}: unsupported scalar type ${String(scalar)}`);
  }
}

function messageModel(message: DescMessage, msgExt: DescExtension, fieldExt: DescExtension): MessageModel {
  const opts = readOption<RawMessageOptions>(message, msgExt);
  const shape = SHAPES[opts.shape] ?? "object";
  const fields = message.fields.map((field): FieldModel => {
    const fo = readOption<RawFieldOptions>(field, fieldExt);
    const f: FieldModel = {
      name: field.name,
      key: field.jsonName,
      type: typeRef(field),
      repeated: field.fieldKind === "list",
      map: field.fieldKind === "map",
      optional: field.proto.proto3Optional === true,
      nullable: fo.nullable,
    };
    if (field.oneof) f.oneof = field.oneof.name;
    if (fo.const) f.constValue = fo.const;
    if (fo.enum.length) f.enumValues = [...fo.enum];
    const format = FORMATS[fo.format];
    if (format) f.format = format;
    if (fo.min !== undefined) f.min = Number(fo.min);
    if (fo.max !== undefined) f.max = Number(fo.max);
    const doc = docOf(field, fo.doc);
    if (doc) f.doc = doc;
    if (fo.example) f.example = fo.example;
    if (f.map && field.fieldKind === "map" && field.mapKey !== ScalarType.STRING) throw new Error(`${message.name}.${field.name}: map keys must be strings`);
    return f;
  });
  const oneofs = message.oneofs.map((o) => ({ name: o.name, members: o.fields.map((f) => f.jsonName) }));
  const m: MessageModel = { name: message.name, shape, fields, oneofs, input: false, file: message.file.name };
  const doc = docOf(message, opts.doc);
  if (doc) m.doc = doc;
  if (opts.action) {
    const signing = opts.action.signing === 1 ? "l1" : opts.action.signing === 2 ? "userSigned" : undefined;
    if (!signing) throw new Error(`${message.name}: action.signing must be set`);
    if (signing === "l1" && opts.action.l1Envelope) throw new Error(`${message.name}: l1_envelope is for user-signed actions (L1 actions always carry it)`);
    m.action = { signing, l1Envelope: signing === "l1" || opts.action.l1Envelope };
    if (signing === "userSigned") {
      if (!opts.action.primaryType || opts.action.eip712.length === 0) throw new Error(`${message.name}: user-signed actions need primary_type and eip712`);
      m.action.primaryType = opts.action.primaryType;
      m.action.eip712 = opts.action.eip712.map((e) => ({ name: e.name, type: e.type }));
    }
  }
  checkShape(m);
  return m;
}

function checkShape(m: MessageModel): void {
  if (m.shape === "unwrap" && m.fields.length !== 1) throw new Error(`${m.name}: SHAPE_UNWRAP needs exactly one field`);
  if (m.shape === "union" && (m.oneofs.length !== 1 || m.fields.some((f) => !f.oneof)))
    throw new Error(`${m.name}: SHAPE_UNION needs exactly one oneof and no other field`);
  if (m.shape === "tuple" && m.oneofs.length) throw new Error(`${m.name}: SHAPE_TUPLE cannot hold a oneof`);
}

function constType(messages: Map<string, MessageModel>, name: string): string {
  const m = messages.get(name);
  const t = m?.fields.find((f) => f.key === "type" && f.constValue);
  if (!m || !t?.constValue) throw new Error(`${name}: a request/action/subscription message needs a first field \`type\` with a const value`);
  return t.constValue;
}

/**
 * The response message of an rpc. A subscription streams an envelope of hl serve's
 * (schema/hl/serve/v1/stream_events.proto: the pushed `data`, or a reconnect / overflow
 * marker); what the WebSocket pushes is its `data` member.
 */
function responseOf(kind: string, method: DescMethod): DescMessage {
  if (kind !== "subscriptions") return method.output;
  const data = method.output.fields.find((f) => f.name === "data");
  if (!data || data.fieldKind !== "message") throw new Error(`${method.name}: a subscription streams an envelope with a message field \`data\``);
  return data.message;
}

function endpointModel(kind: string, method: DescMethod, rpcExt: DescExtension, messages: Map<string, MessageModel>): EndpointModel {
  const ro = readOption<RawMethodOptions>(method, rpcExt);
  const request = method.input.name;
  const response = responseOf(kind, method).name;
  const type = constType(messages, request);
  const e: EndpointModel = { type, method: type.charAt(0).toLowerCase() + type.slice(1), request, response };
  const doc = docOf(method, ro.doc) ?? messages.get(request)?.doc;
  if (doc) e.doc = doc;
  if (ro.summary) e.summary = ro.summary;
  if (ro.requestExample) e.requestExample = ro.requestExample;
  if (ro.responseExample) e.responseExample = ro.responseExample;
  if (kind === "info" || kind === "explorer") e.weight = ro.weight ?? 20;
  if (kind === "subscriptions") {
    e.channel = ro.channel || type;
    e.stream = streamModel(method, ro.stream, messages.get(request));
  }
  if (kind === "exchange") {
    const action = messages.get(request)?.action;
    if (!action) throw new Error(`${request}: exchange rpc input needs (hl.options.v1.msg).action`);
    e.signing = action.signing;
  }
  if (kind === "explorerSubscriptions") e.channel = ro.channel || type;
  if ((kind === "subscriptions" || kind === "explorerSubscriptions") && method.methodKind !== "server_streaming")
    throw new Error(`${method.name}: subscriptions are server-streaming rpcs`);
  return e;
}

function markInput(messages: Map<string, MessageModel>, name: string): void {
  const m = messages.get(name);
  if (!m || m.input) return;
  m.input = true;
  for (const f of m.fields) if (f.type.kind === "message") markInput(messages, f.type.name);
}

/** Messages reachable from `roots`, in a stable order. */
export function reachable(messages: Map<string, MessageModel>, roots: string[]): MessageModel[] {
  const out = new Map<string, MessageModel>();
  const visit = (name: string): void => {
    const m = messages.get(name);
    if (!m || out.has(name)) return;
    out.set(name, m);
    for (const f of m.fields) if (f.type.kind === "message") visit(f.type.name);
  };
  roots.forEach(visit);
  return [...out.values()];
}
