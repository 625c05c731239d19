/**
 * SubscriptionService: every server-streaming rpc on the SDK's reconnecting WebSocket manager,
 * registered generically by wire type like the unary services. The subscription is validated
 * (InvalidArgument, nothing subscribed), each pushed `data` is translated to the rpc's message.
 *
 * Reconnects: a stream of full states (buffer CONFLATE, e.g. l2Book) goes on: the first message
 * after a reconnect is a fresh snapshot. A stream of events (DROP_OLDEST, e.g. trades, fills)
 * may have missed messages across the reconnect or when the client reads too slowly, so it
 * ends with Unavailable / ResourceExhausted and `hl-reconnected: 1`, and the client resubscribes
 * and resets what it built (docs/serve.md).
 */
import type { DescMessage, DescMethod, DescMethodServerStreaming, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { isSubscriptionType, subscriptionEndpoints, subscriptionStreams } from "../../generated/ts/registry.js";
import { validate } from "../../generated/ts/validate.js";
import { ValidationError } from "../errors/base.js";
import type { Subscription, WebSocketManager } from "../transport/ws/index.js";
import { toConnectError } from "./errors.js";
import { wireTypes } from "./methods.js";
import { toProto, toWire } from "./translate.js";

/** The message of a subscription rpc's pushed data. */
export function streamDataOf(method: DescMethod): DescMessage {
  return method.output;
}

function isServerStreaming(m: DescMethod): m is DescMethodServerStreaming {
  return m.methodKind === "server_streaming";
}

function subscriptionOf(type: string, wire: unknown): Subscription {
  const params = typeof wire === "object" && wire !== null ? wire : {};
  return { ...params, type };
}

/** Registers every subscription rpc of `service` on `manager`. */
export function registerSubscriptions(router: ConnectRouter, service: DescService, manager: WebSocketManager, shutdown: AbortSignal): void {
  for (const [method, type] of wireTypes(service)) {
    if (!isServerStreaming(method) || !isSubscriptionType(type)) continue;
    const events = subscriptionStreams[type].buffer !== "conflate";
    const request = subscriptionEndpoints[type].request;
    router.rpc(method, async function* (req, ctx: HandlerContext) {
      let stream;
      try {
        const sub = subscriptionOf(type, toWire(method.input, req));
        const issues = validate(request, sub);
        if (issues.length) throw new ValidationError(`${type} subscription`, issues, { hint: "Nothing was subscribed." });
        let reconnected = false;
        // The stream ends when the client goes away or the server shuts down.
        stream = manager.stream(sub, { signal: AbortSignal.any([ctx.signal, shutdown]), onReconnected: () => (reconnected = true) });
        for await (const data of stream) {
          if (reconnected && events)
            throw new ConnectError(`${type}: the WebSocket reconnected and messages may be missing; resubscribe`, Code.Unavailable, { "hl-reconnected": "1" });
          reconnected = false;
          if (events && stream.overflow > 0)
            throw new ConnectError(`${type}: the client read too slowly and ${stream.overflow} messages were dropped; resubscribe`, Code.ResourceExhausted);
          yield toProto(method.output, data);
        }
        if (shutdown.aborted) throw new ConnectError("the server is shutting down", Code.Unavailable);
      } catch (e) {
        throw toConnectError(e);
      } finally {
        stream?.unsubscribe();
      }
    });
  }
}
