/**
 * How subscriptions and pushed frames find each other.
 *
 * - `subscriptionKey`: canonical JSON of the subscription (keys sorted, addresses lowercased).
 *   Equal keys share one server subscription (ref-counted).
 * - `subscriptionRoute` / `frameRoute`: the identifier both sides compute, mirroring the
 *   Python SDK's `subscription_to_identifier` / `ws_msg_to_identifier` (type + the
 *   identifying params the data echoes, lowercased). Two different subscriptions with the
 *   same route (l2Book BTC with and without nSigFigs, orderUpdates of two users - the data
 *   carries no user) cannot be told apart on one socket, so the manager puts them on
 *   different connections.
 */

/** A subscription object as sent to the server: `{"type": "...", ...params}`. */
export type Subscription = { type: string } & Record<string, unknown>;

/** Server channel -> subscription type, where they differ. */
const CHANNEL_TYPES: Record<string, string> = {
  user: "userEvents",
  activeSpotAssetCtx: "activeAssetCtx",
};

/** Subscription type -> the params that identify its stream (besides the type). */
const ROUTE_PARAMS: Record<string, readonly string[]> = {
  allMids: ["dex"],
  assetCtxs: ["dex"],
  l2Book: ["coin"],
  trades: ["coin"],
  bbo: ["coin"],
  candle: ["coin", "interval"],
  activeAssetCtx: ["coin"],
  activeAssetData: ["coin", "user"],
  clearinghouseState: ["user", "dex"],
  openOrders: ["user", "dex"],
  twapStates: ["user", "dex"],
  allDexsClearinghouseState: ["user"],
  spotState: ["user"],
  userFills: ["user"],
  userFundings: ["user"],
  userNonFundingLedgerUpdates: ["user"],
  userHistoricalOrders: ["user"],
  userTwapHistory: ["user"],
  userTwapSliceFills: ["user"],
  webData2: ["user"],
  webData3: ["user"],
  // Data without identifying params: one stream per type and connection.
  userEvents: [],
  orderUpdates: [],
  notification: [],
  allDexsAssetCtxs: [],
  spotAssetCtxs: [],
  fastAssetCtxs: [],
  outcomeMetaUpdates: [],
};

/** Types whose every message is a full state: a slow consumer only needs the newest. */
const CONFLATED = new Set([
  "l2Book",
  "allMids",
  "bbo",
  "activeAssetCtx",
  "activeAssetData",
  "assetCtxs",
  "allDexsAssetCtxs",
  "spotAssetCtxs",
  "clearinghouseState",
  "allDexsClearinghouseState",
  "spotState",
  "openOrders",
  "twapStates",
  "webData2",
  "webData3",
]);

/** Channels of the protocol itself, never routed to subscriptions. */
export const CONTROL_CHANNELS = new Set(["pong", "subscriptionResponse", "error", "post"]);

/** Subscription type fed by a server channel. */
export function channelType(channel: string): string {
  return CHANNEL_TYPES[channel] ?? channel;
}

/** Whether the SDK knows how to route this subscription type by its params. */
export function isKnownType(type: string): boolean {
  return type in ROUTE_PARAMS;
}

/** Default buffer policy of a subscription type. */
export function defaultPolicy(type: string): "conflate" | "dropOldest" {
  return CONFLATED.has(type) ? "conflate" : "dropOldest";
}

function norm(value: unknown): string {
  return value === undefined || value === null ? "" : String(value).toLowerCase();
}

/** Canonical form of a subscription: `user` lowercased, undefined members dropped. */
export function normalizeSubscription<S extends Subscription>(subscription: S): S {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(subscription)) {
    if (value === undefined) continue;
    out[key] = key === "user" && typeof value === "string" ? value.toLowerCase() : value;
  }
  return out as S;
}

/** JSON with object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** Ref-counting key: equal for subscriptions the server treats as the same. */
export function subscriptionKey(subscription: Subscription): string {
  return canonicalJson(normalizeSubscription(subscription));
}

/** Routing identifier of a subscription, e.g. `l2Book:btc`, `candle:eth,1h`. */
export function subscriptionRoute(subscription: Subscription): string {
  const params = ROUTE_PARAMS[subscription.type] ?? [];
  return params.length ? `${subscription.type}:${params.map((p) => norm(subscription[p])).join(",")}` : subscription.type;
}

function field(data: unknown, key: string): unknown {
  return data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
}

/**
 * Routing identifier of a pushed frame, or `null` when it belongs to no stream (an empty
 * trades batch). Throws a TypeError when the data lacks the identifying fields.
 */
export function frameRoute(channel: string, data: unknown): string | null {
  const type = channelType(channel);
  const params = ROUTE_PARAMS[type];
  if (!params || params.length === 0) return type;
  if (type === "trades") {
    if (!Array.isArray(data)) throw new TypeError("trades data is not an array");
    if (data.length === 0) return null;
    return `trades:${norm(field(data[0], "coin"))}`;
  }
  if (type === "candle") return `candle:${norm(required(data, "s"))},${norm(required(data, "i"))}`;
  if (type === "webData3") return `webData3:${norm(required(field(data, "userState"), "user"))}`;
  // `dex` is optional in the data (allMids omits it for the first dex).
  const parts = params.map((p) => (p === "dex" ? norm(field(data, p)) : norm(required(data, p))));
  return `${type}:${parts.join(",")}`;
}

function required(data: unknown, key: string): unknown {
  const value = field(data, key);
  if (typeof value !== "string") throw new TypeError(`data.${key} is missing`);
  return value;
}
