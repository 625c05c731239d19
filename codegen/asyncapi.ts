/**
 * Wire model → openapi/asyncapi.json (AsyncAPI 3.0): the WebSocket API. One channel per
 * subscription (its push channel), a `subscribe` operation that sends
 * `{"method": "subscribe", "subscription": ...}` and whose reply is the pushed frame, and a
 * `receive` operation for the frames `{"channel": ..., "data": ...}`. Every message has an
 * example (the schema's example options, else one built from the schema).
 */
import { jsonExample } from "./examples.js";
import { rebaseRefs, type JsonSchema } from "./json-schema.js";
import type { EndpointModel, SchemaModel } from "./ir.js";

const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Names of the component schemas reachable from `root`. */
function reachable(root: unknown, schemas: Record<string, JsonSchema>): Set<string> {
  const seen = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref" && typeof x === "string" && x.startsWith("#/components/schemas/")) {
          const name = x.slice("#/components/schemas/".length);
          if (!seen.has(name)) {
            seen.add(name);
            visit(schemas[name]);
          }
        } else visit(x);
      }
  };
  visit(root);
  return seen;
}

/**
 * JSON Schema 2020-12 → the AsyncAPI schema dialect (a superset of draft-07): tuples'
 * `prefixItems` become `items` arrays, and a `$ref` with siblings (a field's description) is
 * wrapped in `allOf`, since draft-07 ignores the siblings of `$ref`.
 */
export function toDraft07(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toDraft07);
  if (!v || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "prefixItems") {
      out.items = toDraft07(x);
      out.additionalItems = false;
    } else out[k] = toDraft07(x);
  }
  if (typeof out.$ref === "string" && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

function routeText(e: EndpointModel): string {
  const s = e.stream!;
  const route = s.route.length
    ? `Frames are routed to the subscription by ${s.route.map((k) => `\`${k.param}\`${k.data.join(".") !== k.param ? ` (echoed as \`data.${k.data.join(".")}\`)` : ""}`).join(", ")}.`
    : "One stream per socket.";
  const buffer =
    s.buffer === "conflate"
      ? "Each message is a full state: a slow reader needs only the newest."
      : "Each message is an event: a slow reader drops the oldest and counts the gap.";
  const alias = s.aliasChannels.length ? ` Also pushed on channel ${s.aliasChannels.map((c) => `\`${c}\``).join(", ")}.` : "";
  return `${route} ${buffer}${alias}`;
}

export function emitAsyncApi(model: SchemaModel, defs: Record<string, JsonSchema>): string {
  const schemas = toDraft07(rebaseRefs(defs, "#/components/schemas/")) as Record<string, JsonSchema>;
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const e of model.subscriptions) {
    const channel = e.channel ?? e.type;
    const id = e.type;
    const subscription = jsonExample(e.request, model, e.requestExample);
    const data = jsonExample(e.response, model, e.responseExample);
    const subscribeName = `subscribe${pascal(id)}`;
    const dataName = `${id}Data`;
    messages[subscribeName] = {
      name: subscribeName,
      title: `Subscribe to ${e.type}`,
      summary: `{"method": "subscribe", "subscription": ${e.request}}`,
      payload: {
        type: "object",
        properties: { method: { type: "string", enum: ["subscribe", "unsubscribe"] }, subscription: schemaRef(e.request) },
        required: ["method", "subscription"],
        additionalProperties: false,
      },
      examples: [{ name: "subscribe", payload: { method: "subscribe", subscription } }],
    };
    messages[dataName] = {
      name: dataName,
      title: `${e.type} data`,
      summary: `A pushed frame of channel ${channel}: {"channel": "${channel}", "data": ${e.response}}`,
      payload: {
        type: "object",
        properties: { channel: { type: "string", enum: [channel, ...e.stream!.aliasChannels] }, data: schemaRef(e.response) },
        required: ["channel", "data"],
      },
      examples: [{ name: "data", payload: { channel, data } }],
    };
    channels[id] = {
      address: channel,
      title: e.type,
      description: `${e.doc ?? e.type} ${routeText(e)}`,
      messages: { subscribe: { $ref: `#/components/messages/${subscribeName}` }, data: { $ref: `#/components/messages/${dataName}` } },
      "x-hl-stream": { route: e.stream!.route, buffer: e.stream!.buffer, list: e.stream!.list, aliasChannels: e.stream!.aliasChannels },
    };
    operations[subscribeName] = {
      action: "send",
      title: `Subscribe to ${e.type}`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/subscribe` }],
      reply: { channel: { $ref: `#/channels/${id}` }, messages: [{ $ref: `#/channels/${id}/messages/data` }] },
    };
    operations[`receive${pascal(id)}`] = {
      action: "receive",
      title: `Receive ${e.type} data`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/data` }],
    };
  }
  const doc = {
    asyncapi: "3.0.0",
    info: {
      title: "Hyperliquid WebSocket API",
      version: "1.0.0",
      description:
        'Subscriptions over one WebSocket per connection: send `{"method": "subscribe", "subscription": {...}}`, receive `{"channel": ..., "data": ...}` frames. Generated from schema/ by `npm run generate` (do not edit). The HTTP API is in openapi.json.',
      license: { name: "MIT", url: "https://opensource.org/licenses/MIT" },
    },
    defaultContentType: "application/json",
    servers: {
      mainnet: { host: "api.hyperliquid.xyz", pathname: "/ws", protocol: "wss", description: "Mainnet" },
      testnet: { host: "api.hyperliquid-testnet.xyz", pathname: "/ws", protocol: "wss", description: "Testnet" },
      devnet: { host: "127.0.0.1:3001", pathname: "/ws", protocol: "ws", description: "Local devnet (hl devnet)" },
    },
    channels,
    operations,
    components: { messages, schemas: {} as Record<string, JsonSchema> },
  };
  const used = reachable(messages, schemas);
  doc.components.schemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return `${JSON.stringify(doc, null, 2)}\n`;
}
