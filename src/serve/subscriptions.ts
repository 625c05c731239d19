/**
 * SubscriptionService: every server-streaming rpc on the SDK's reconnecting WebSocket manager,
 * registered generically by wire type like the unary services. The subscription is validated
 * (InvalidArgument, nothing subscribed), each pushed `data` is translated to the `data` member
 * of the rpc's envelope (schema/hl/serve/v1/stream_events.proto).
 *
 * Reconnects and slow clients are messages of the stream, not its end: after a WebSocket
 * reconnect a `reconnected` marker precedes the first message of the new connection (a
 * full-state feed then sends a fresh snapshot, an event feed may have missed messages), and
 * an `overflow` marker with the count precedes the next message when the buffer of an event
 * feed dropped some for a slow reader. The client resets what it built (docs/serve.md).
 */
import { create, toBinary, type DescMessage, type DescMethod, type DescMethodServerStreaming, type DescService, type Message } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { OverflowSchema, ReconnectedSchema } from "../../generated/connect/hl/serve/v1/stream_events_pb.js";
import { isSubscriptionType, subscriptionEndpoints, subscriptionStreams } from "../../generated/ts/registry.js";
import { validate } from "../../generated/ts/validate.js";
import { ValidationError } from "../errors/base.js";
import type { Subscription, WebSocketManager } from "../transport/ws/index.js";
import { toConnectError } from "./errors.js";
import { wireTypes } from "./methods.js";
import { toProto, toWire } from "./translate.js";

/** The message of a subscription rpc's pushed data: the `data` member of its envelope. */
export function streamDataOf(method: DescMethod): DescMessage {
  const data = method.output.fields.find((f) => f.name === "data");
  if (!data || data.fieldKind !== "message") throw new Error(`${method.output.typeName}: a stream envelope needs a message field "data"`);
  return data.message;
}

function isServerStreaming(m: DescMethod): m is DescMethodServerStreaming {
  return m.methodKind === "server_streaming";
}

/**
 * The `data` envelope of a pushed message, translated and encoded once per pushed object:
 * the manager hands the same object to every stream of a subscription, so N streams of one
 * feed cost one translation and one encoding instead of N. Binary clients get the encoded
 * `data` field as the envelope's only field through protobuf-es's unknown-field list (written
 * verbatim by toBinary: the same bytes as the field itself); JSON clients (`+json` content
 * types) get the message, since toJson drops unknown fields.
 */
function dataEnvelopes(method: DescMethod, data: DescMessage): (pushed: unknown, json: boolean) => Message {
  const field = method.output.fields.find((f) => f.name === "data")!;
  const encoded = new WeakMap<object, Uint8Array>();
  const message = (pushed: unknown) => create(method.output, { event: { case: "data", value: toProto(data, pushed) } });
  return (pushed, json) => {
    if (json || typeof pushed !== "object" || pushed === null) return message(pushed);
    let bytes = encoded.get(pushed);
    if (!bytes) {
      // The field's value as written after its tag: a length prefix, then the message.
      bytes = new BinaryWriter().bytes(toBinary(data, toProto(data, pushed))).finish();
      encoded.set(pushed, bytes);
    }
    const envelope = create(method.output);
    envelope.$unknown = [{ no: field.number, wireType: WireType.LengthDelimited, data: bytes }];
    return envelope;
  };
}

function subscriptionOf(type: string, wire: unknown): Subscription {
  const params = typeof wire === "object" && wire !== null ? wire : {};
  return { ...params, type };
}

/** Registers every subscription rpc of `service` on `manager`. */
export function registerSubscriptions(router: ConnectRouter, service: DescService, manager: WebSocketManager, shutdown: AbortSignal): void {
  for (const [method, type] of wireTypes(service)) {
    if (!isServerStreaming(method) || !isSubscriptionType(type)) continue;
    const request = subscriptionEndpoints[type].request;
    // A full-state feed's buffer conflates (its overflow counts replaced snapshots: no gap).
    const events = subscriptionStreams[type].buffer !== "conflate";
    const data = streamDataOf(method);
    const envelope = (event: { case: string; value: unknown }) => create(method.output, { event });
    const dataEnvelope = dataEnvelopes(method, data);
    router.rpc(method, async function* (req, ctx: HandlerContext) {
      let stream;
      const json = /json/i.test(ctx.requestHeader.get("content-type") ?? "");
      try {
        const sub = subscriptionOf(type, toWire(method.input, req));
        const issues = validate(request, sub);
        if (issues.length) throw new ValidationError(`${type} subscription`, issues, { hint: "Nothing was subscribed." });
        let reconnected = false;
        let dropped = 0;
        // The stream ends when the client goes away or the server shuts down.
        stream = manager.stream(sub, { signal: AbortSignal.any([ctx.signal, shutdown]), onReconnected: () => (reconnected = true) });
        for await (const pushed of stream) {
          // Markers go before the message they precede, so the client resets first.
          if (reconnected) yield envelope({ case: "reconnected", value: create(ReconnectedSchema, { channel: type }) });
          reconnected = false;
          if (events && stream.overflow > dropped) {
            yield envelope({ case: "overflow", value: create(OverflowSchema, { dropped: BigInt(stream.overflow - dropped) }) });
            dropped = stream.overflow;
          }
          yield dataEnvelope(pushed, json);
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
