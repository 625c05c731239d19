/**
 * Wire model → generated/schema.json: every message's JSON Schema plus the endpoint tables.
 * Tests, the CLI (`hl schema`) and other languages read this file.
 */
import type { JsonSchema } from "./json-schema.js";
import type { SchemaModel } from "./ir.js";

export function emitSchemaJson(model: SchemaModel, defs: Record<string, JsonSchema>, generated: string): string {
  const exchange = model.exchange.map((e) => {
    const m = model.messages.get(e.request)!;
    return {
      type: e.type,
      method: e.method,
      action: e.request,
      response: e.response,
      signing: m.action!.signing,
      l1Envelope: m.action!.l1Envelope,
      ...(m.action!.primaryType ? { primaryType: m.action!.primaryType, eip712: m.action!.eip712 } : {}),
      keys: m.fields.map((f) => f.key),
      ...(e.doc ? { doc: e.doc } : {}),
    };
  });
  const doc = {
    $comment: generated,
    defs,
    info: model.info,
    explorer: model.explorer,
    explorerSubscriptions: model.explorerSubscriptions.map(({ response, ...rest }) => ({ ...rest, message: response })),
    exchange,
    subscriptions: model.subscriptions.map(({ response, ...rest }) => ({ ...rest, message: response })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
