/**
 * Wire model → the Python package's pydantic v2 models (models.py) and typed method mixins
 * (methods.py) for its Client / AsyncClient. The models are the service's protobuf messages
 * as Python sees them: snake_case attributes, the proto field name (the JSON wire key) as
 * validation and serialization alias, FORMAT_DECIMAL strings as `Decimal` (floats refused,
 * written back as canonical strings), 64-bit integers as `int`.
 */
import type { EndpointModel, FieldModel, MessageModel, SchemaModel } from "./ir.js";

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);
// Names a field must not take on a pydantic BaseModel (they would shadow its API).
const RESERVED = new Set(
  "copy dict json register schema schema_json construct validate parse_obj parse_raw parse_file from_orm update_forward_refs fields model_config model_fields model_computed_fields".split(
    " ",
  ),
);

export const snake = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();

const attrNames = new Map<FieldModel, string>();

/** Attribute names of a message's fields: snake_case, with `_` appended where Python or pydantic
 * needs it, or where two wire keys meet in one name (a candle's "t" and "T": `t`, `t_`). */
function nameFields(fields: FieldModel[]): void {
  const taken = new Set<string>();
  for (const f of fields) {
    let s = snake(f.name);
    if (KEYWORDS.has(s) || RESERVED.has(s) || s.startsWith("model_")) s = `${s}_`;
    while (taken.has(s)) s = `${s}_`;
    taken.add(s);
    attrNames.set(f, s);
  }
}

export function attrName(f: FieldModel): string {
  const name = attrNames.get(f);
  if (name === undefined) throw new Error(`python: field ${f.name} was not named`);
  return name;
}

function scalarType(f: FieldModel, prefix: string): string {
  switch (f.type.kind) {
    case "string":
      if (f.constValue !== undefined) return `Literal[${JSON.stringify(f.constValue)}]`;
      if (f.enumValues) return `Literal[${f.enumValues.map((v) => JSON.stringify(v)).join(", ")}]`;
      return f.format === "decimal" ? `${prefix}Dec` : "str";
    case "bool":
      return "bool";
    case "int":
      return "int";
    case "double":
      return "float";
    case "message":
      return `${prefix}${f.type.name}`;
    case "any":
      return "JsonValue";
  }
}

export function fieldType(f: FieldModel, prefix = ""): string {
  let t = scalarType(f, prefix);
  if (f.repeated) t = `list[${t}]`;
  else if (f.map) t = `dict[str, ${t}]`;
  return t;
}

// The envelope of a user-signed action: the server's ExchangeClient fills what the caller leaves out.
const ENVELOPE = new Set(["signatureChainId", "hyperliquidChain", "time", "nonce"]);
let envelopeOf: (f: FieldModel) => boolean = () => false;

/** A field is left out (None) when proto gives it presence and it is unset, or the server fills it. */
const mayBeAbsent = (f: FieldModel): boolean => f.optional || f.oneof !== undefined || f.nullable || envelopeOf(f);

function useEnvelopes(sm: SchemaModel): void {
  for (const m of sm.messages.values()) nameFields(m.fields);
  const fields = new Set<FieldModel>();
  for (const m of sm.messages.values()) if (m.action?.signing === "userSigned") for (const f of m.fields) if (ENVELOPE.has(f.name)) fields.add(f);
  envelopeOf = (f) => fields.has(f);
}

function modelField(f: FieldModel): string {
  const name = attrName(f);
  const t = fieldType(f);
  const alias = name === f.name ? "" : `validation_alias=${JSON.stringify(f.name)}, serialization_alias=${JSON.stringify(f.name)}`;
  const args = (first: string): string => `Field(${[first, alias].filter(Boolean).join(", ")})`;
  // A const fills itself in, except as a oneof member (CancelStatus's "success"): then it is a choice.
  if (f.constValue !== undefined && f.oneof === undefined)
    return `    ${name}: ${t} = ${alias ? args(JSON.stringify(f.constValue)) : JSON.stringify(f.constValue)}`;
  if (f.repeated) return `    ${name}: ${t} = ${args("default_factory=list")}`;
  if (f.map) return `    ${name}: ${t} = ${args("default_factory=dict")}`;
  if (mayBeAbsent(f)) return `    ${name}: ${t} | None = ${alias ? args("None") : "None"}`;
  return alias ? `    ${name}: ${t} = ${args("...")}` : `    ${name}: ${t}`;
}

const docString = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\s+$/, "");

function model(m: MessageModel): string {
  const base = m.input ? "InputModel" : "OutputModel";
  const lines = [`class ${m.name}(${base}):`, `    """${docString(m.doc ?? m.name)}"""`, ""];
  // How the JSON wire writes it (docs/serve.md, "Shapes"): read by hyperliquid_sdk.wire.to_wire.
  if (m.shape !== "object") lines.push(`    __wire_shape__: ClassVar[str] = ${JSON.stringify(m.shape)}\n`);
  // Oneofs (at most one member set) and the schema's formats and bounds, for tests and tools.
  if (m.oneofs.length)
    lines.push(
      `    __oneofs__: ClassVar[tuple[tuple[str, ...], ...]] = (${m.oneofs.map((o) => `(${o.members.map((k) => JSON.stringify(attrName(m.fields.find((f) => f.key === k)!))).join(", ")},)`).join(", ")},)\n`,
    );
  const rules = m.fields.filter((f) => f.format || f.min !== undefined || f.max !== undefined);
  if (rules.length)
    lines.push(
      `    __rules__: ClassVar[dict[str, tuple[str | None, int | None, int | None]]] = {${rules.map((f) => `${JSON.stringify(attrName(f))}: (${f.format ? JSON.stringify(f.format) : "None"}, ${f.min ?? "None"}, ${f.max ?? "None"})`).join(", ")}}\n`,
    );
  lines.push(...(m.fields.length ? m.fields.map(modelField) : ["    pass"]));
  return lines.join("\n") + "\n";
}

const BASE = `

def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("a decimal is a str, int or Decimal (floats are refused: they are not exact)")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            d = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a decimal number: {value!r}") from None
    elif isinstance(value, Decimal):
        d = value
    else:
        raise ValueError(f"a decimal is a str, int or Decimal, not {type(value).__name__}")
    if not d.is_finite():
        raise ValueError(f"not a finite decimal: {value!r}")
    return d


def canonical_decimal(d: Decimal) -> str:
    """The exchange's canonical form: no exponent, no trailing zeros ("0.10" is signed as "0.1")."""
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


Dec = Annotated[Decimal, BeforeValidator(_to_decimal), PlainSerializer(canonical_decimal, return_type=str)]
"""A FORMAT_DECIMAL field: Decimal in Python, a canonical decimal string on the wire."""


class InputModel(BaseModel):
    """A message a client sends (request, action, subscription): unknown keys are refused."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True, extra="forbid", defer_build=True)


class OutputModel(BaseModel):
    """A message the service answers with: unknown keys are ignored (the schema may grow)."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True, serialize_by_alias=True, extra="ignore", defer_build=True)
`;

export function emitModels(sm: SchemaModel, header: string): string {
  useEnvelopes(sm);
  const messages = [...sm.messages.values()].sort((a, b) => a.name.localeCompare(b.name));
  return [
    header,
    `"""Pydantic v2 models of every request, action, subscription, response and message of the schema."""\n`,
    "from __future__ import annotations\n",
    "from decimal import Decimal, InvalidOperation",
    "from typing import Annotated, ClassVar, Literal\n",
    "from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue, PlainSerializer",
    BASE,
    ...messages.map((m) => "\n" + model(m)),
    `\nEIP712_TYPES: dict[str, list[dict[str, str]]] = {\n${messages
      .filter((m) => m.action?.primaryType)
      .map(
        (m) =>
          `    ${JSON.stringify(m.action!.primaryType)}: [${m.action!.eip712!.map((f) => `{"name": ${JSON.stringify(f.name)}, "type": ${JSON.stringify(f.type)}}`).join(", ")}],`,
      )
      .join("\n")}\n}\n"""EIP-712 fields of every user-signed action, by primary type (the order they are hashed in)."""\n`,
    `\nMODELS: dict[str, type[BaseModel]] = {\n${messages.map((m) => `    ${JSON.stringify(m.name)}: ${m.name},`).join("\n")}\n}\n"""Every model by its proto message name (hl.v1.<name>)."""\n`,
  ].join("\n");
}

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

interface Kind {
  service: string;
  endpoints: EndpointModel[];
  stream: boolean;
}

let methodName: (e: EndpointModel, k: Kind) => string = (e) => snake(e.type);

function method(sm: SchemaModel, e: EndpointModel, k: Kind, asyncMode: boolean): string {
  const req = sm.messages.get(e.request)!;
  const params = req.fields.filter((f) => f.constValue === undefined);
  const decl = (f: FieldModel): string => {
    const t = fieldType(f, "m.");
    return f.repeated || f.map || mayBeAbsent(f) ? `${attrName(f)}: ${t} | None = None` : `${attrName(f)}: ${t}`;
  };
  const required = params.filter((f) => !(f.repeated || f.map || mayBeAbsent(f)));
  const optional = params.filter((f) => f.repeated || f.map || mayBeAbsent(f));
  const sig = ["self", ...(params.length ? ["*", ...required.map(decl), ...optional.map(decl)] : []), "timeout: float | None = None"].join(", ");
  // A subscription streams envelopes (hl.serve.v1.*Event): its data message, or a marker.
  const item = `m.${e.response} | Reconnected | Overflow`;
  const ret = k.stream ? (asyncMode ? `AsyncIterator[${item}]` : `Iterator[${item}]`) : `m.${e.response}`;
  const def = asyncMode && !k.stream ? "async def" : "def";
  const call = k.stream ? "_stream" : "_unary";
  const fields = params.map((f) => `${JSON.stringify(attrName(f))}: ${attrName(f)}`).join(", ");
  const body = `_fields({${fields}})`;
  const invoke = `self.${call}(${JSON.stringify(k.service)}, ${JSON.stringify(pascal(e.type))}, m.${e.request}.model_validate(${params.length ? body : "{}"}), m.${e.response}, timeout)`;
  return [
    `    ${def} ${methodName(e, k)}(${sig}) -> ${ret}:`,
    `        """${docString(e.doc ?? e.type)}"""`,
    `        return ${asyncMode && !k.stream ? "await " : ""}${invoke}`,
  ].join("\n");
}

function mixin(sm: SchemaModel, name: string, k: Kind, asyncMode: boolean): string {
  const hook = k.stream
    ? asyncMode
      ? "    def _stream(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> AsyncIterator[T | Reconnected | Overflow]:\n        raise NotImplementedError"
      : "    def _stream(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> Iterator[T | Reconnected | Overflow]:\n        raise NotImplementedError"
    : asyncMode
      ? "    async def _unary(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> T:\n        raise NotImplementedError"
      : "    def _unary(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> T:\n        raise NotImplementedError";
  return [
    `class ${name}:`,
    `    """One method per ${k.service} rpc (snake_case of the wire type); keyword arguments are the request's fields.${k.stream ? "\n\n    Each iterator yields the subscription's message, or a Reconnected / Overflow marker\n    (hyperliquid_sdk.streams): on Reconnected, reset what was built from earlier messages." : ""}"""`,
    "",
    hook,
    "",
    ...k.endpoints.map((e) => method(sm, e, k, asyncMode) + "\n"),
  ].join("\n");
}

export function emitMethods(sm: SchemaModel, header: string): string {
  useEnvelopes(sm);
  // An exchange rpc named like an info rpc (userDexAbstraction) is `<name>_action`.
  const info = new Set(sm.info.map((e) => snake(e.type)));
  methodName = (e, k) =>
    k.stream ? `subscribe_${snake(e.type)}` : k.service.includes("Exchange") && info.has(snake(e.type)) ? `${snake(e.type)}_action` : snake(e.type);
  const kinds: Record<string, Kind> = {
    Info: { service: "hl.v1.InfoService", endpoints: sm.info, stream: false },
    Exchange: { service: "hl.v1.ExchangeService", endpoints: sm.exchange, stream: false },
    Subscription: { service: "hl.v1.SubscriptionService", endpoints: sm.subscriptions, stream: true },
  };
  const table = (name: string, k: Kind): string =>
    `${name}: dict[str, tuple[str, str, str, str]] = {\n${k.endpoints.map((e) => `    ${JSON.stringify(e.type)}: (${[pascal(e.type), e.request, e.response, e.channel ?? e.type].map((x) => JSON.stringify(x)).join(", ")}),`).join("\n")}\n}\n`;
  const tables = [
    table("INFO_RPCS", kinds.Info!),
    '"""Info request type -> (rpc, request model, response model, type)."""\n',
    table("EXCHANGE_RPCS", kinds.Exchange!),
    '"""Action type -> (rpc, request model, response model, type)."""\n',
    table("SUBSCRIPTION_RPCS", kinds.Subscription!),
    '"""Subscription type -> (rpc, request model, message model, push channel)."""\n',
    `USER_SIGNED_RPCS: frozenset[str] = frozenset({${sm.exchange
      .filter((e) => sm.messages.get(e.request)?.action?.l1Envelope === false)
      .map((e) => JSON.stringify(pascal(e.type)))
      .join(", ")}})`,
    '"""ExchangeService rpcs whose action is user-signed (EIP-712) and has no vaultAddress or expiresAfter in its envelope."""\n',
  ];
  const classes = Object.entries(kinds).flatMap(([name, k]) => [mixin(sm, `${name}Methods`, k, false), mixin(sm, `Async${name}Methods`, k, true)]);
  return [
    header,
    `"""Typed methods of Client and AsyncClient, one per rpc of InfoService, ExchangeService and SubscriptionService."""\n`,
    "from __future__ import annotations\n",
    "from collections.abc import AsyncIterator, Iterator",
    "from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar\n",
    "from pydantic import BaseModel, JsonValue\n",
    "from ..streams import Overflow, Reconnected\n",
    "if TYPE_CHECKING:",
    "    from . import models as m",
    "else:",
    "    import importlib\n",
    "    class _Models:",
    '        """models.py on first use: its ~700 classes cost more to import than everything else."""\n',
    "        def __getattr__(self, name: str) -> Any:",
    '            mod = importlib.import_module(".models", __package__)',
    '            globals()["m"] = mod',
    "            return getattr(mod, name)\n",
    "    m = _Models()\n",
    'T = TypeVar("T", bound=BaseModel)\n\n',
    "class _Null:",
    '    """The type of NULL."""\n',
    "    def __repr__(self) -> str:",
    '        return "NULL"\n\n',
    "NULL: Final[Any] = _Null()",
    '"""Pass NULL for a JSON null the action must carry (e.g. ``c_signer_action(jail_self=NULL)``): ``None`` leaves a field out."""\n\n',
    "def _fields(values: dict[str, Any]) -> dict[str, Any]:",
    "    return {k: None if v is NULL else v for k, v in values.items() if v is not None}\n\n",
    ...tables,
    "\n" + classes.join("\n\n"),
  ].join("\n");
}
