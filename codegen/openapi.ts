/**
 * Wire model → openapi/openapi.json (OpenAPI 3.1). Hyperliquid multiplexes every request on
 * one path per host, so each path takes a discriminated union of requests; the
 * `x-hl-endpoints` extension pairs each request `type` with its response schema.
 */
import { rebaseRefs, type JsonSchema } from "./json-schema.js";
import type { EndpointModel, SchemaModel } from "./ir.js";

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

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

const ERROR_RESPONSES = {
  "400": { description: "Malformed request (the body is a plain text or JSON error).", content: { "application/json": { schema: {} } } },
  "422": { description: "The request could not be deserialized.", content: { "application/json": { schema: {} } } },
  "429": { description: "Rate limited." },
  "500": { description: "Server error." },
};

function operation(id: string, summary: string, endpoints: EndpointModel[], tag: string, requestSchema?: JsonSchema): JsonSchema {
  return {
    operationId: id,
    summary,
    tags: [tag],
    description: `Request types: ${endpoints.map((e) => `\`${e.type}\``).join(", ")}.`,
    requestBody: { required: true, content: { "application/json": { schema: requestSchema ?? union(endpoints, "request") } } },
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

export function emitOpenApi(model: SchemaModel, defs: Record<string, JsonSchema>): string {
  const schemas = rebaseRefs(defs, "#/components/schemas/");
  const exchangeBody: JsonSchema = {
    allOf: [ref("ExchangeRequest")],
    properties: { action: union(model.exchange, "request") },
  };
  const doc = {
    openapi: "3.1.0",
    info: {
      title: "Hyperliquid API",
      version: "1.0.0",
      description: "Generated from schema/ by `npm run generate`. Do not edit.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [
      { url: "https://api.hyperliquid.xyz", description: "Mainnet" },
      { url: "https://api.hyperliquid-testnet.xyz", description: "Testnet" },
      { url: "http://127.0.0.1:3001", description: "Local devnet (hl devnet)" },
    ],
    security: [],
    tags: [
      { name: "info", description: "Read-only queries (POST /info)." },
      { name: "exchange", description: "Signed actions (POST /exchange)." },
      { name: "explorer", description: "Block explorer queries (POST /explorer on the RPC host)." },
    ],
    paths: {
      "/info": { post: operation("info", "Query exchange and user state", model.info, "info") },
      "/exchange": { post: operation("exchange", "Submit a signed action", model.exchange, "exchange", exchangeBody) },
      ...(model.explorer.length ? { "/explorer": { post: operation("explorer", "Query the block explorer", model.explorer, "explorer") } } : {}),
    },
    components: { schemas: {} as Record<string, JsonSchema> },
  };
  const used = reachableSchemas(doc.paths, schemas);
  doc.components.schemas = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return `${JSON.stringify(doc, null, 2)}\n`;
}
