/**
 * How subscriptions and pushed frames find each other.
 *
 * - `subscriptionKey`: canonical JSON of the subscription (keys sorted, addresses lowercased).
 *   Equal keys share one server subscription (ref-counted).
 * - `subscriptionRoute` / `frameRoute`: the identifier both sides compute from the schema's
 *   routing keys ((hl.options.v1.rpc).stream, generated into `subscriptionStreams`), mirroring the
 *   Python SDK's `subscription_to_identifier` / `ws_msg_to_identifier` (type + the
 *   identifying params the data echoes, lowercased). Two different subscriptions with the
 *   same route (l2Book BTC with and without nSigFigs, orderUpdates of two users - the data
 *   carries no user) cannot be told apart on one socket, so the manager puts them on
 *   different connections.
 */

import { channelSubscriptionTypes, isSubscriptionType, subscriptionStreams, type RouteKey, type SubscriptionStream } from "../../../generated/ts/registry.js";
import type { BufferPolicy } from "./buffer.js";

/** A subscription object as sent to the server: `{"type": "...", ...params}`. */
export type Subscription = { type: string } & Record<string, unknown>;

/** Channels of the protocol itself, never routed to subscriptions. */
export const CONTROL_CHANNELS = new Set(["pong", "subscriptionResponse", "error", "post"]);

/** Subscription type fed by a server channel. */
export function channelType(channel: string): string {
  return CHANNEL_TYPES.get(channel) ?? channel;
}

/** Whether the SDK knows how to route this subscription type by its params. */
export function isKnownType(type: string): boolean {
  return isSubscriptionType(type);
}

/** Default buffer policy of a subscription type (the schema's; dropOldest for unknown types). */
export function defaultPolicy(type: string): BufferPolicy {
  return isSubscriptionType(type) ? subscriptionStreams[type].buffer : "dropOldest";
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
  const route = routeOf(subscription.type);
  return route.length ? `${subscription.type}:${route.map((k) => norm(subscription[k.param])).join(",")}` : subscription.type;
}

function routeOf(type: string): readonly RouteKey[] {
  return isSubscriptionType(type) ? subscriptionStreams[type].route : [];
}

type Router = (data: unknown) => string | null;

/** One router per subscription type, built once from the schema's table (frameRoute runs per frame). */
function router(type: string, { route, list }: SubscriptionStream): Router {
  if (route.length === 0) return () => type;
  const prefix = `${type}:`;
  const read = (item: unknown): string => {
    let out = prefix;
    for (let i = 0; i < route.length; i++) {
      const k = route[i]!;
      let value = item;
      for (const key of k.data) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
      if (!k.optional && typeof value !== "string") throw new TypeError(`data.${k.data.join(".")} is missing`);
      out += (i ? "," : "") + norm(value);
    }
    return out;
  };
  if (!list) return read;
  return (data) => {
    if (!Array.isArray(data)) throw new TypeError(`${type} data is not an array`);
    return data.length === 0 ? null : read(data[0]);
  };
}

const ROUTERS = new Map<string, Router>(Object.entries(subscriptionStreams).map(([type, stream]) => [type, router(type, stream)]));
const CHANNEL_TYPES = new Map<string, string>(Object.entries(channelSubscriptionTypes));

/**
 * Routing identifier of a pushed frame, or `null` when it belongs to no stream (an empty
 * list, e.g. a trades batch). Throws a TypeError when the data lacks the identifying fields.
 */
export function frameRoute(channel: string, data: unknown): string | null {
  const type = channelType(channel);
  const route = ROUTERS.get(type);
  return route ? route(data) : type;
}
