/**
 * Every subscription in the generated registry has a routing entry and a buffer policy from
 * the schema ((hl.options.v1.rpc).stream), and a frame that echoes a subscription's route
 * params where the schema says routes to exactly that subscription.
 */
import { describe, expect, it } from "vitest";
import { channelSubscriptionTypes, isSubscriptionType, subscriptionEndpoints, subscriptionStreams } from "../../generated/ts/registry.js";
import { validate, type MessageName } from "../../generated/ts/validate.js";
import { channelType, defaultPolicy, frameRoute, isKnownType, subscriptionRoute } from "../../src/transport/ws/identifiers.js";

const types = Object.keys(subscriptionEndpoints).filter(isSubscriptionType);

function put(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = target;
  for (const key of path.slice(0, -1)) o = (o[key] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
}

describe("subscription streams from the schema", () => {
  it("every subscription has a route and a buffer policy, and nothing else does", () => {
    expect(types.length).toBeGreaterThan(20);
    expect(Object.keys(subscriptionStreams).sort()).toEqual([...types].sort());
    for (const type of types) {
      const s = subscriptionStreams[type];
      expect(Array.isArray(s.route), type).toBe(true);
      expect(["conflate", "dropOldest"], type).toContain(s.buffer);
      expect(defaultPolicy(type), type).toBe(s.buffer);
      expect(isKnownType(type), type).toBe(true);
    }
    expect(isKnownType("toString")).toBe(false);
    expect(defaultPolicy("noSuchFeed")).toBe("dropOldest");
  });

  it("route params are fields of the subscription request (a request with them validates)", () => {
    for (const type of types) {
      const fields = Object.fromEntries(
        subscriptionStreams[type].route.map((k) => [
          k.param,
          k.param === "user" ? "0x0000000000000000000000000000000000000001" : k.param === "interval" ? "1h" : "X",
        ]),
      );
      const request = subscriptionEndpoints[type].request as MessageName;
      const issues = validate(request, { type, ...fields }).filter((i) => i.expected.startsWith("no such field"));
      expect(issues, type).toEqual([]);
    }
  });

  it("a frame echoing the params at the schema's data paths routes to the subscription", () => {
    for (const type of types) {
      const { route, list } = subscriptionStreams[type];
      const sub: Record<string, unknown> & { type: string } = { type };
      const item: Record<string, unknown> = {};
      route.forEach((k, i) => {
        sub[k.param] = `V${i}`;
        put(item, k.data, `v${i}`);
      });
      const channel = subscriptionEndpoints[type].channel;
      expect(channelType(channel), type).toBe(type);
      expect(frameRoute(channel, list ? [item] : item), type).toBe(subscriptionRoute(sub));
      if (list) expect(frameRoute(channel, [])).toBeNull();
      // A required echo that is missing is a protocol error, not a silent mismatch.
      const required = route.find((k) => !k.optional);
      if (required) expect(() => frameRoute(channel, list ? [{}] : {}), type).toThrow(TypeError);
    }
  });

  it("alias channels feed their subscription", () => {
    expect(channelSubscriptionTypes).toEqual({ activeSpotAssetCtx: "activeAssetCtx", user: "userEvents" });
    for (const [channel, type] of Object.entries(channelSubscriptionTypes)) expect(channelType(channel)).toBe(type);
    expect(channelType("constructor")).toBe("constructor");
  });
});
