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
    const extra = [e.weight !== undefined ? `weight: ${e.weight}` : "", e.channel !== undefined ? `channel: ${JSON.stringify(e.channel)}` : ""]
      .filter(Boolean)
      .join(", ");
    consts.push(
      `  ${JSON.stringify(e.type)}: { type: ${JSON.stringify(e.type)}, method: ${JSON.stringify(e.method)}, request: ${JSON.stringify(e.request)}, ${responseLabel}: ${JSON.stringify(e.response)}${extra ? ", " + extra : ""}, doc: ${JSON.stringify(e.doc ?? "")} },`,
    );
  }
  consts.push(`} as const;\n`);
  return [...iface, ...consts].join("\n");
}

function guard(name: string, table: string, type: string): string {
  return `/** Whether \`s\` is a known ${name} type (own keys of {@link ${table}} only). */\nexport function is${type}(s: unknown): s is ${type} {\n  return typeof s === "string" && Object.prototype.hasOwnProperty.call(${table}, s);\n}\n`;
}

/** Routing keys and buffer policy of every subscription, and the push channels named apart from their type. */
function streams(subs: EndpointModel[]): string {
  const out = [
    `/** A subscription param that identifies its stream, and the path of its echo in the pushed data. */`,
    `export interface RouteKey {\n  readonly param: string;\n  readonly data: readonly string[];\n  /** The data may leave it out (routes as ""). */\n  readonly optional: boolean;\n}\n`,
    `export interface SubscriptionStream {\n  /** Identifying params in routing-key order (none: one stream per type and socket). */\n  readonly route: readonly RouteKey[];\n  /** What a slow consumer's queue keeps: only the newest full state, or the newest N events. */\n  readonly buffer: "conflate" | "dropOldest";\n  /** The data is a list whose items echo the route; an empty list belongs to no stream. */\n  readonly list: boolean;\n}\n`,
    `/** Routing and buffering of each subscription (schema: (hl.options.v1.rpc).stream). */`,
    `export const subscriptionStreams: { readonly [K in SubscriptionType]: SubscriptionStream } = {`,
  ];
  for (const e of subs) {
    const st = e.stream!;
    const route = st.route.map((k) => `{ param: ${JSON.stringify(k.param)}, data: ${JSON.stringify(k.data)}, optional: ${k.optional} }`).join(", ");
    out.push(`  ${JSON.stringify(e.type)}: { route: [${route}], buffer: ${JSON.stringify(st.buffer)}, list: ${st.list} },`);
  }
  out.push(
    `};\n`,
    `/** Push channels that differ from the subscription type they feed. */`,
    `export const channelSubscriptionTypes: Readonly<Record<string, SubscriptionType>> = {`,
  );
  for (const e of subs)
    for (const ch of [e.channel!, ...e.stream!.aliasChannels]) if (ch !== e.type) out.push(`  ${JSON.stringify(ch)}: ${JSON.stringify(e.type)},`);
  out.push(`};\n`);
  return out.join("\n");
}

export function emitTsRegistry(model: SchemaModel, header: string): string {
  return [
    header,
    `import type * as T from "./types.js";\n`,
    table("Info", model.info, "response"),
    table("Explorer", model.explorer, "response"),
    table("Subscription", model.subscriptions, "message"),
    table("ExplorerSubscription", model.explorerSubscriptions, "message"),
    `export type InfoType = keyof InfoEndpoints;`,
    `export type ExplorerType = keyof ExplorerEndpoints;`,
    `export type SubscriptionType = keyof SubscriptionEndpoints;`,
    `export type ExplorerSubscriptionType = keyof ExplorerSubscriptionEndpoints;\n`,
    guard("info request", "infoEndpoints", "InfoType"),
    guard("explorer request", "explorerEndpoints", "ExplorerType"),
    guard("subscription", "subscriptionEndpoints", "SubscriptionType"),
    guard("explorer subscription", "explorerSubscriptionEndpoints", "ExplorerSubscriptionType"),
    streams(model.subscriptions),
  ].join("\n");
}
