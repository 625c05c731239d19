/**
 * Wire model → openapi/openapi.json (OpenAPI 3.1).
 *
 * Hyperliquid multiplexes every request on one path per host (POST /info with a `type`). The
 * document has both views: the multiplexed operations (`/info`, `/exchange`, `/explorer`, a
 * discriminated union with a mapping per `type`, and every type's example in the request's
 * named examples) and one operation per type at `/info#l2Book`, `/exchange#order`, ... The
 * fragment never reaches the server (clients drop it), so each of those is a real call of the
 * same endpoint with its own request and response schema, example, tag and docs anchor; that
 * is what third-party generators turn into one typed function per type.
 */
import { DOC_NOW, jsonExample } from "./examples.js";
import { rebaseRefs, type JsonSchema } from "./json-schema.js";
import type { EndpointModel, SchemaModel } from "./ir.js";
import { SIGNING_SCHEMES, signingSecuritySchemes } from "./openapi-signing.js";

type Kind = "info" | "exchange" | "explorer";
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const TAGS = [
  { name: "info", description: "Read-only queries: POST /info with the request's `type`." },
  { name: "exchange", description: "Signed actions: POST /exchange with `{action, nonce, signature}` (see Authentication for how to sign)." },
  { name: "explorer", description: "Block explorer queries: POST /explorer on the RPC host." },
  { name: "staking", description: "Staking: delegations, validators and their rewards (info queries and exchange actions)." },
  { name: "deploy", description: "Deploying perp dexes, spot tokens and pairs, and their auctions (info queries and exchange actions)." },
  {
    name: "websocket",
    description: "Subscriptions over the WebSocket at /ws: every channel and message is in the AsyncAPI document (asyncapi.json).",
  },
];

/** The topic tag of a type (by the proto file of its request), else its kind. */
function tagOf(kind: Kind, e: EndpointModel, model: SchemaModel): string {
  const file = model.messages.get(e.request)?.file ?? "";
  if (/staking|validator/.test(file)) return "staking";
  if (/deploy/.test(file)) return "deploy";
  return kind;
}

const operationId = (kind: Kind, type: string): string => `${kind}${type.charAt(0).toUpperCase()}${type.slice(1)}`;

const TEXT = (example: string, description: string): JsonSchema => ({
  description,
  content: { "text/plain": { schema: { type: "string" }, example } },
});

/** Answers other than 200, as the exchange (and the devnet) give them: plain text. */
const ERROR_RESPONSES = {
  "400": TEXT("Failed to parse the request body as JSON", "Malformed request: the body is not JSON, or not a request the server understands."),
  "413": TEXT("Payload too large", "The body is over the size limit."),
  "422": TEXT(
    "Failed to deserialize the JSON body into the target type: missing field `coin` at line 1 column 18",
    "Well-formed JSON that is not a valid request of its `type` (a missing or mistyped field).",
  ),
  "429": TEXT("Too many requests", "Rate limited: the IP's weight budget (1200 per minute) or the address's request budget is spent."),
  "500": TEXT("Internal server error", "Server error; the request may be retried."),
};

function union(endpoints: EndpointModel[], key: "request" | "response"): JsonSchema {
  const names = [...new Set(endpoints.map((e) => e[key]))];
  if (key === "request") {
    return {
      oneOf: names.map(ref),
      discriminator: { propertyName: "type", mapping: Object.fromEntries(endpoints.map((e) => [e.type, `#/components/schemas/${e.request}`])) },
    };
  }
  return names.length === 1 ? ref(names[0]!) : { anyOf: names.map(ref) };
}

/** Names of the component schemas reachable from `root` (only those are emitted: lint-clean). */
function reachableSchemas(root: unknown, schemas: Record<string, JsonSchema>): Set<string> {
  const seen = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref" && typeof x === "string" && x.startsWith("#/components/schemas/")) {
          const name = x.slice("#/components/schemas/".length);
          if (!seen.has(name)) {
            seen.add(name);
            visit(schemas[name]);
          }
        } else visit(x);
      }
    }
  };
  visit(root);
  return seen;
}

function pairs(endpoints: EndpointModel[]): Record<string, unknown> {
  return Object.fromEntries(
    endpoints.map((e) => [
      e.type,
      {
        request: `#/components/schemas/${e.request}`,
        response: `#/components/schemas/${e.response}`,
        ...(e.weight !== undefined ? { weight: e.weight } : {}),
        ...(e.doc ? { description: e.doc } : {}),
      },
    ]),
  );
}

/** Builds the examples and per-type schemas of the exchange envelope. */
class Examples {
  private readonly signedOrder: Record<string, unknown> | undefined;
  private readonly signature: unknown;

  constructor(
    private readonly model: SchemaModel,
    schemes: Record<string, unknown>,
  ) {
    const worked = (schemes[SIGNING_SCHEMES.l1] as { "x-hl-worked-example": { request: Record<string, unknown> } })["x-hl-worked-example"];
    this.signedOrder = worked.request;
    this.signature = jsonExample("Signature", model);
  }

  request(kind: Kind, e: EndpointModel): unknown {
    const value = jsonExample(e.request, this.model, e.requestExample);
    if (kind !== "exchange") return value;
    // The order example is the worked signing example: a real signature of the real bytes.
    if (e.type === "order" && !e.requestExample && this.signedOrder) return this.signedOrder;
    // A user-signed action's own nonce or time is the request's nonce.
    const own = value as { nonce?: unknown; time?: unknown };
    const nonce = typeof own.nonce === "number" ? own.nonce : typeof own.time === "number" ? own.time : DOC_NOW;
    return { action: value, nonce, signature: this.signature };
  }

  response(e: EndpointModel): unknown {
    return jsonExample(e.response, this.model, e.responseExample);
  }
}

/** The /exchange body of one action type: the envelope with `action` of that type. */
function envelopeOf(e: EndpointModel, schemas: Record<string, JsonSchema>): JsonSchema {
  const base = schemas.ExchangeRequest as { properties: Record<string, JsonSchema>; required: string[] };
  return {
    type: "object",
    properties: { ...base.properties, action: ref(e.request) },
    required: base.required,
    additionalProperties: false,
  };
}

function signingOf(e: EndpointModel, model: SchemaModel): { security: JsonSchema[]; text: string; extra: JsonSchema } {
  const action = model.messages.get(e.request)?.action;
  if (e.signing === "userSigned") {
    return {
      security: [{ [SIGNING_SCHEMES.userSigned]: [] }],
      text: `Signed as a user-signed EIP-712 action ([how](#section/Authentication/${SIGNING_SCHEMES.userSigned})): primary type \`${action?.primaryType ?? ""}\`.`,
      extra: { "x-hl-signing": "userSigned", "x-hl-eip712": { primaryType: action?.primaryType, fields: action?.eip712 } },
    };
  }
  return {
    security: [{ [SIGNING_SCHEMES.l1]: [] }],
    text: `Signed as an L1 action through a phantom agent ([how](#section/Authentication/${SIGNING_SCHEMES.l1})).`,
    extra: { "x-hl-signing": "l1" },
  };
}

/** The operation of one request type, at `/<kind>#<type>`. */
function typedOperation(kind: Kind, e: EndpointModel, model: SchemaModel, schemas: Record<string, JsonSchema>, ex: Examples): JsonSchema {
  const responseExample = ex.response(e);
  const okContent: JsonSchema = { schema: ref(e.response) };
  const signing = kind === "exchange" ? signingOf(e, model) : undefined;
  if (kind === "exchange") {
    okContent.examples = {
      ok: { summary: "Accepted", value: responseExample },
      err: { summary: "Rejected (the whole action)", value: { status: "err", response: "Insufficient margin to place order." } },
    };
  } else okContent.example = responseExample;
  const weight = e.weight !== undefined ? ` Rate-limit weight ${e.weight}.` : "";
  const errText = kind === "exchange" ? ' A rejected action is still a 200 answer: `{"status": "err", "response": "<reason>"}`.' : "";
  return {
    operationId: operationId(kind, e.type),
    summary: e.summary ?? `${e.type}${e.doc ? `: ${e.doc.split("\n")[0]}` : ""}`,
    description: [`\`POST /${kind}\` with \`"type": "${e.type}"\`. ${e.doc ?? ""}${weight}`, signing?.text ?? ""].filter(Boolean).join("\n\n"),
    tags: [tagOf(kind, e, model)],
    ...(signing ? { security: signing.security } : {}),
    requestBody: {
      required: true,
      content: { "application/json": { schema: kind === "exchange" ? envelopeOf(e, schemas) : ref(e.request), example: ex.request(kind, e) } },
    },
    responses: {
      "200": { description: `The answer to \`${e.type}\`.${errText}`, content: { "application/json": okContent } },
      ...ERROR_RESPONSES,
    },
    ...(signing?.extra ?? {}),
  };
}

/** The multiplexed operation of a path: any request type, with each type's named example. */
function muxOperation(kind: Kind, summary: string, endpoints: EndpointModel[], ex: Examples, requestSchema?: JsonSchema): JsonSchema {
  return {
    operationId: kind,
    summary,
    tags: [kind],
    description: `Any request type of POST /${kind}, told apart by \`type\` (one operation per type follows: \`/${kind}#<type>\`). Types: ${endpoints.map((e) => `\`${e.type}\``).join(", ")}.`,
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: requestSchema ?? union(endpoints, "request"),
          examples: Object.fromEntries(endpoints.map((e) => [e.type, { summary: e.type, value: ex.request(kind, e) }])),
        },
      },
    },
    responses: {
      "200": {
        description: "The response of the request's type (see x-hl-endpoints).",
        content: { "application/json": { schema: union(endpoints, "response") } },
      },
      ...ERROR_RESPONSES,
    },
    "x-hl-endpoints": pairs(endpoints),
  };
}

const WEBSOCKET = {
  get: {
    operationId: "websocket",
    summary: "Open the WebSocket (subscriptions and posted requests)",
    description:
      'An HTTP upgrade to a WebSocket. Send `{"method": "subscribe", "subscription": {"type": "l2Book", "coin": "BTC"}}`; the server pushes `{"channel": ..., "data": ...}` frames. Every subscription, channel and message, with examples, is in the AsyncAPI 3.0 document `asyncapi.json` beside this one.',
    tags: ["websocket"],
    responses: {
      "101": { description: "Switching Protocols: the connection is now a WebSocket." },
      "400": TEXT("Bad Request", "Not a WebSocket upgrade request."),
    },
  },
};

type Member = { properties: Record<string, JsonSchema>; required: string[] };
const isKeyedMember = (m: unknown): m is Member =>
  !!m && typeof m === "object" && Object.keys((m as Member).properties ?? {}).length === 1 && (m as Member).required?.length === 1;

/**
 * A keyed oneof (`{"limit": ...}` or `{"trigger": ...}`) with each member's schema inside its
 * alternative, instead of beside the oneOf: the same JSON values are valid, but generators read
 * it as a union of exact alternatives (`{limit: L} | {trigger: T}`), not as all keys optional.
 * `additionalProperties: false` becomes `unevaluatedProperties: false`, which sees the keys
 * the alternatives declare.
 */
export function exactOneofs(schema: JsonSchema): JsonSchema {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  const groups = (schema.oneOf ? [schema.oneOf] : ((schema.allOf as JsonSchema[] | undefined) ?? []).map((a) => a.oneOf)) as unknown[][];
  if (!props || !groups.length || !groups.every((g) => Array.isArray(g) && g.every(isKeyedMember))) return schema;
  const out: JsonSchema = { ...schema, properties: { ...props } };
  const moved = (group: Member[]): JsonSchema[] =>
    group.map((m) => {
      const key = m.required[0]!;
      delete (out.properties as Record<string, JsonSchema>)[key];
      return { properties: { [key]: props[key] ?? {} }, required: [key] };
    });
  if (schema.oneOf) out.oneOf = moved(schema.oneOf as Member[]);
  else out.allOf = groups.map((g) => ({ oneOf: moved(g as Member[]) }));
  if (out.additionalProperties === false) {
    delete out.additionalProperties;
    out.unevaluatedProperties = false;
  }
  return out;
}

export function emitOpenApi(model: SchemaModel, defs: Record<string, JsonSchema>): string {
  const schemas = Object.fromEntries(Object.entries(rebaseRefs(defs, "#/components/schemas/")).map(([k, v]) => [k, exactOneofs(v)]));
  const securitySchemes = signingSecuritySchemes();
  const ex = new Examples(model, securitySchemes);
  const exchangeBody: JsonSchema = { allOf: [ref("ExchangeRequest")], properties: { action: union(model.exchange, "request") } };
  const paths: Record<string, unknown> = {
    "/info": { post: muxOperation("info", "Query exchange and user state (any type)", model.info, ex) },
    "/exchange": { post: muxOperation("exchange", "Submit a signed action (any type)", model.exchange, ex, exchangeBody) },
    ...(model.explorer.length ? { "/explorer": { post: muxOperation("explorer", "Query the block explorer (any type)", model.explorer, ex) } } : {}),
    "/ws": WEBSOCKET,
  };
  for (const kind of ["info", "exchange", "explorer"] as const)
    for (const e of model[kind]) paths[`/${kind}#${e.type}`] = { post: typedOperation(kind, e, model, schemas, ex) };
  const doc = {
    openapi: "3.1.0",
    info: {
      title: "Hyperliquid API",
      version: "1.0.0",
      description: [
        "The Hyperliquid HTTP API, generated from schema/ by `npm run generate` (do not edit).",
        "Every request is a POST of JSON to one path per host (`/info`, `/exchange`, `/explorer`), told apart by its `type`. Each type also has an operation of its own at `/info#<type>` (and so on): the fragment is not sent, so it is the same call, with the type's own schemas and examples.",
        "Actions are signed: see Authentication for the two schemes, each with a worked example. The WebSocket API is in `asyncapi.json`.",
        // ReDoc renders the security schemes (with their worked examples) under this heading.
        "# Authentication\n\n<!-- ReDoc-Inject: <security-definitions> -->",
      ].join("\n\n"),
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [
      { url: "https://api.hyperliquid.xyz", description: "Mainnet" },
      { url: "https://api.hyperliquid-testnet.xyz", description: "Testnet" },
      { url: "http://127.0.0.1:3001", description: "Local devnet (hl devnet)" },
    ],
    security: [],
    tags: TAGS,
    paths,
    components: { schemas: {} as Record<string, JsonSchema>, securitySchemes },
  };
  const used = reachableSchemas(doc.paths, schemas);
  doc.components.schemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return `${JSON.stringify(doc, null, 2)}\n`;
}
