/**
 * TradingService.TradingStream: one bidirectional stream a bot can live on. Commands (place,
 * modify, cancel, cancel-by-cloid: ExchangeService's action messages; cancel-all) are run
 * concurrently as they arrive and answered by an Ack (the exchange's statuses, latency in µs)
 * or a CommandError (the unary rpc's code and details), both carrying the client's id. The
 * server wallet's orderUpdates, userFills and user feeds are pushed in between, and a feed's
 * reconnect arrives as a `reconnected` event. Dispatch is generic like the unary services:
 * a command member's message is an ExchangeService input, so its wire type, the rpc's answer
 * message and the Ack member holding it are all found from the descriptors.
 */
import { create, type DescField, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { anyPack, AnySchema, type Any } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import {
  type Ack,
  AckSchema,
  TradingService,
  type TradingCommand,
  type TradingEvent,
  TradingEventSchema,
  TradingCommandSchema,
} from "../../generated/connect/hl/serve/v1/trading_pb.js";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import type { SubscriptionService } from "../../generated/connect/hl/v1/subscription_service_pb.js";
import { isActionType, type ActionType } from "../../generated/ts/actions.js";
import type { InfoClient } from "../clients/info.js";
import { MetadataCache } from "../clients/metadata.js";
import type { Subscription, WebSocketManager } from "../transport/ws/index.js";
import type { ActionOptions } from "../../generated/ts/methods.js";
import { commandActionOptions, type ServeExchange } from "./actions.js";
import { toConnectError } from "./errors.js";
import { StreamQueue } from "./stream-queue.js";
import { wireTypes } from "./methods.js";
import { streamDataOf } from "./subscriptions.js";
import { toProto, toWire } from "./translate.js";

export interface TradingOptions {
  exchange: ServeExchange;
  info: InfoClient;
  /** The WebSocket side; without it no feed events are pushed (acks and errors still are). */
  manager?: WebSocketManager;
  /** Whose feeds are pushed: the account traded for (default the wallet's address). */
  user: string;
  shutdown: AbortSignal;
  /** Commands run at once per stream; the next ones wait (default 32). */
  maxInFlight?: number;
  /** Events waiting for a slow client before the stream ends with ResourceExhausted (default 4096). */
  maxQueued?: number;
  /** How long `ready` waits for the fills snapshot before it is sent anyway (default 5000 ms). */
  readyTimeoutMs?: number;
}

type EventValue = TradingEvent["event"];

type MessageField = DescField & { fieldKind: "message" };

interface ActionCommand {
  type: ActionType;
  input: DescMessage;
  output: DescMessage;
  /** The Ack member that holds the answer (its message is `output`). */
  ack: MessageField;
}

function isMessageField(f: DescField): f is MessageField {
  return f.fieldKind === "message";
}

/**
 * The Ack with the exchange's `answer` in its response member `member`. The member is only
 * known from the descriptors, so it is set through reflection, which checks that the value is
 * a message of the member's type (one small object per command; not the per-message path).
 */
function ackWith(init: MessageInitShape<typeof AckSchema>, member: MessageField | undefined, answer: unknown): Ack {
  const ack = create(AckSchema, init);
  if (member) reflect(AckSchema, ack).set(member, reflect(member.message, toProto(member.message, answer)));
  return ack;
}

/** Command member -> its action, from ExchangeService's rpcs and the Ack oneof. */
function actionCommands(): Map<string, ActionCommand> {
  const byInput = new Map([...wireTypes(ExchangeService)].map(([m, type]) => [m.input.typeName, { type, output: m.output }]));
  const ackMembers = AckSchema.oneofs.find((o) => o.localName === "response")!.fields;
  const out = new Map<string, ActionCommand>();
  for (const field of TradingCommandSchema.oneofs[0]!.fields) {
    if (field.fieldKind !== "message") continue;
    const rpc = byInput.get(field.message.typeName);
    if (!rpc || !isActionType(rpc.type)) continue;
    const ack = ackMembers.filter(isMessageField).find((f) => f.message.typeName === rpc.output.typeName);
    if (!ack) throw new Error(`hl.serve.v1.Ack has no response member of type ${rpc.output.typeName}`);
    out.set(field.localName, { type: rpc.type, input: field.message, output: rpc.output, ack });
  }
  return out;
}

interface Feed {
  /** The TradingEvent member the feed's messages go to. */
  member: DescField & { fieldKind: "message" };
  /** The subscription type whose data that member holds (e.g. "userFills"). */
  type: string;
}

/** TradingEvent members that carry a SubscriptionService rpc's data, with that rpc's type. */
function feeds(subscriptions: typeof SubscriptionService): Feed[] {
  const byData = new Map([...wireTypes(subscriptions)].map(([m, type]) => [streamDataOf(m).typeName, type]));
  const out: Feed[] = [];
  for (const field of TradingEventSchema.fields) {
    if (field.fieldKind !== "message") continue;
    const type = byData.get(field.message.typeName);
    if (type) out.push({ member: field, type });
  }
  // userFills last: its snapshot then tells that the feeds before it are live (one socket, in order).
  return out.sort((a, b) => Number(a.type === "userFills") - Number(b.type === "userFills"));
}

/** A ConnectError's details as google.protobuf.Any, as a unary error carries them. */
function detailsOf(e: ConnectError): Any[] {
  return e.details.map((d) =>
    "desc" in d ? anyPack(d.desc, create(d.desc, d.value)) : create(AnySchema, { typeUrl: `type.googleapis.com/${d.type}`, value: d.value }),
  );
}

const micros = (since: bigint): bigint => (process.hrtime.bigint() - since) / 1000n;

export function registerTrading(router: ConnectRouter, subscriptions: typeof SubscriptionService, options: TradingOptions): void {
  const actions = actionCommands();
  const feedList = feeds(subscriptions);
  const metadata = new MetadataCache({ info: options.info });
  const maxInFlight = options.maxInFlight ?? 32;

  /**
   * The perp dexes to read open orders from ("" the default one, whose openOrders also lists
   * spot orders): the coin's, or every dex of a fresh perpDexs (a cached list could miss a dex
   * deployed since, leaving its orders open).
   */
  async function dexNames(coin: string, signal: AbortSignal): Promise<string[]> {
    if (coin) return [coin.includes(":") ? coin.slice(0, coin.indexOf(":")) : ""];
    const dexes = await options.info.perpDexs({ signal });
    return [...new Set(["", ...dexes.map((d) => d?.name ?? "")])];
  }

  async function cancelAll(coin: string, action: ActionOptions, signal: AbortSignal): Promise<{ answer?: unknown; count: number }> {
    const user = action.vaultAddress ?? options.user;
    const perDex = await Promise.all((await dexNames(coin, signal)).map((dex) => options.info.openOrders(dex ? { user, dex } : { user }, { signal })));
    // One order per oid (a venue may list spot orders under every dex).
    const open = [...new Map(perDex.flat().map((o) => [o.oid, o])).values()];
    const chosen = coin ? open.filter((o) => o.coin === coin) : open;
    if (coin && chosen.length === 0) await metadata.resolve(coin); // an unknown coin is InvalidArgument, not "0 cancelled"
    const cancels = await Promise.all(chosen.map(async (o) => ({ a: (await metadata.resolve(o.coin)).asset, o: o.oid })));
    if (cancels.length === 0) return { count: 0 };
    return { answer: await options.exchange.dispatch("cancel", { type: "cancel", cancels }, { ...action, signal }), count: cancels.length };
  }

  async function run(command: TradingCommand, signal: AbortSignal): Promise<EventValue> {
    const arrived = process.hrtime.bigint();
    const clientId = command.clientId;
    try {
      const c = command.command;
      const action = commandActionOptions(command.options);
      if (c.case === "cancelAll") {
        const { answer, count } = await cancelAll(c.value.coin, action, signal);
        const latencyUs = micros(arrived);
        const member = answer === undefined ? undefined : actions.get("cancel")!.ack;
        return { case: "ack", value: ackWith({ clientId, latencyUs, cancelled: count }, member, answer) };
      }
      const member = c.case && actions.get(c.case);
      if (!member || !c.value) throw new ConnectError(`command: set one of ${[...actions.keys(), "cancelAll"].join(", ")}`, Code.InvalidArgument);
      const answer = await options.exchange.dispatch(member.type, toWire(member.input, c.value), { ...action, signal });
      const latencyUs = micros(arrived);
      return { case: "ack", value: ackWith({ clientId, latencyUs }, member.ack, answer) };
    } catch (e) {
      const error = toConnectError(e);
      return {
        case: "error",
        value: { $typeName: "hl.serve.v1.CommandError", clientId, code: error.code, message: error.rawMessage, details: detailsOf(error) },
      };
    }
  }

  router.rpc(TradingService.method.tradingStream, async function* (commands: AsyncIterable<TradingCommand>, ctx: HandlerContext) {
    const queue = new StreamQueue<EventValue>(options.maxQueued ?? 4096, "events");
    const local = new AbortController();
    const signal = AbortSignal.any([ctx.signal, options.shutdown, local.signal]);
    const onShutdown = (): void => queue.end(new ConnectError("the server is shutting down", Code.Unavailable));
    options.shutdown.addEventListener("abort", onShutdown, { once: true });
    let ready = false;
    let opened: () => void = () => undefined;
    // Commands wait for `ready`: the first ack never comes before it, nor a fill before its feed.
    const gate = new Promise<void>((resolve) => (opened = resolve));
    signal.addEventListener("abort", () => opened(), { once: true });
    const sendReady = (): void => {
      if (ready) return;
      ready = true;
      clearTimeout(readyTimer);
      queue.push({ case: "ready", value: { $typeName: "hl.serve.v1.Ready", address: options.user } });
      opened();
    };
    const readyTimer = setTimeout(sendReady, options.manager ? (options.readyTimeoutMs ?? 5000) : 0);
    for (const feed of options.manager ? feedList : []) {
      const subscription = { type: feed.type, user: options.user } as Subscription;
      options.manager!.subscribe(
        subscription,
        (data) => {
          try {
            const value = toProto(feed.member.message, data);
            if (feed.type === "userFills") sendReady();
            queue.push({ case: feed.member.localName, value } as EventValue);
          } catch (e) {
            queue.end(toConnectError(e));
          }
        },
        {
          signal,
          onReconnected: () => queue.push({ case: "reconnected", value: { $typeName: "hl.serve.v1.Reconnected", channel: feed.type } }),
          onError: (e) => queue.end(toConnectError(e)),
        },
      );
    }
    // Commands are read while events are written: a slot per command in flight.
    const inFlight = new Set<Promise<void>>();
    const reader = (async () => {
      for await (const command of commands) {
        await gate;
        while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
        const p: Promise<void> = run(command, signal).then((event) => void queue.push(event));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      await Promise.all(inFlight);
    })();
    reader.then(
      () => queue.end(),
      (e: unknown) => queue.end(signal.aborted ? undefined : toConnectError(e)),
    );
    try {
      for await (const event of queue.drain()) yield create(TradingEventSchema, { event });
    } finally {
      clearTimeout(readyTimer);
      options.shutdown.removeEventListener("abort", onShutdown);
      local.abort();
    }
  });
}
