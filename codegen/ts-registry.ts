/**
 * Wire model → endpoint tables (generated/ts/registry.ts): info, explorer and subscription
 * types with their request/response types, rate-limit weights and push channels.
 */
import type { EndpointModel, SchemaModel } from "./ir.js";

function table(name: string, endpoints: EndpointModel[], responseLabel: string): string {
  const iface = [`export interface ${name}Endpoints {`];
  for (const e of endpoints) {
    iface.push(`  ${JSON.stringify(e.type)}: { request: T.${e.request}; ${responseLabel}: T.${e.response} };`);
  }
  iface.push(`}\n`);
  const consts = [`export const ${name.charAt(0).toLowerCase() + name.slice(1)}Endpoints = {`];
  for (const e of endpoints) {
    const extra = [e.weight !== undefined ? `weight: ${e.weight}` : "", e.channel !== undefined ? `channel: ${JSON.stringify(e.channel)}` : ""].filter(Boolean).join(", ");
    consts.push(`  ${JSON.stringify(e.type)}: { type: ${JSON.stringify(e.type)}, method: ${JSON.stringify(e.method)}, request: ${JSON.stringify(e.request)}, ${responseLabel}: ${JSON.stringify(e.response)}${extra ? ", " + extra : ""}, doc: ${JSON.stringify(e.doc ?? "")} },`);
  }
  consts.push(`} as const;\n`);
  return [...iface, ...consts].join("\n");
}

export function emitTsRegistry(model: SchemaModel, header: string): string {
  return [
    header,
    `import type * as T from "./types.js";\n`,
    table("Info", model.info, "response"),
    table("Explorer", model.explorer, "response"),
    table("Subscription", model.subscriptions, "message"),
    `export type InfoType = keyof InfoEndpoints;`,
    `export type ExplorerType = keyof ExplorerEndpoints;`,
    `export type SubscriptionType = keyof SubscriptionEndpoints;\n`,
  ].join("\n");
}
