/**
 * WebSocket streams that are never silently dead: one logical client over one or more
 * sockets, with ref-counted subscriptions, reconnect + resubscribe, heartbeat, bounded
 * per-subscription buffers, sharding, and request/response posts.
 */
import type WebSocket from "ws";
import { HyperliquidError, ValidationError, type ValidationIssue } from "../../errors/base.js";
import { onAbort } from "./abort.js";
import { AbortedError, WebSocketProtocolError, WebSocketRequestError } from "../../errors/transport.js";
import { MAINNET, TESTNET } from "../networks.js";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.js";
import type { BufferPolicy } from "./buffer.js";
import { Connection, type PostRequestBody, type PostResponseBody, type ServerSubscription } from "./connection.js";
import { decodePayload } from "./decode.js";
import { TypedEmitter, type WebSocketEvents } from "./emitter.js";

export type { WebSocketEvents } from "./emitter.js";
import {
  channelType,
  defaultPolicy,
  frameRoute,
  isKnownType,
  normalizeSubscription,
  subscriptionKey,
  subscriptionRoute,
  type Subscription,
} from "./identifiers.js";
import { preview, refusedKey } from "./frame-text.js";
import { StreamSink, type ListenerSink, type SubscriptionHandle, type SubscriptionStream } from "./stream.js";

export const MAINNET_WS_URL = MAINNET.wsUrl;
export const TESTNET_WS_URL = TESTNET.wsUrl;

export interface WebSocketManagerOptions {
  /** Default: mainnet `wss://api.hyperliquid.xyz/ws`. */
  url?: string;
  /** Reconnect backoff: base 500 ms, cap 30 s, unlimited attempts by default. */
  reconnect?: BackoffOptions;
  /**
   * `{"method":"ping"}` period in ms (default 5000). The server answers each with a pong, so
   * even a feed with no data shows a frame every 5 s; it also drops sockets idle for 60 s.
   * Twelve tiny frames a minute per socket are far below the server's message limits.
   */
  pingIntervalMs?: number;
  /**
   * A socket that receives no frame at all (data, pong, anything) for this long is declared
   * dead: a "stale" event, then it is replaced (default 10 000 = two ping periods, so one
   * late or lost pong is tolerated and a silent feed is caught within ~11 s).
   */
  idleTimeoutMs?: number;
  /** Handshake time limit in ms (default 10 000). */
  connectTimeoutMs?: number;
  /** Subscriptions per socket before another socket is opened (default 1000). */
  maxSubscriptionsPerConnection?: number;
  /** Default `stream()` buffer size for drop-oldest feeds (default 1024). */
  bufferSize?: number;
  /** Default `post()` timeout in ms (default 30 000). */
  postTimeoutMs?: number;
  /**
   * Checks each pushed payload before delivery; return the problems found. A payload with
   * problems is not delivered and an "error" event (ValidationError) is emitted instead.
   * `schemaChecked` is true when the SDK's fast path (l2Book, trades, allMids) already found
   * the payload to match the generated schema while parsing it; a schema validator may skip it.
   */
  validate?: (channel: string, data: unknown, subscriptionType: string, schemaChecked: boolean) => readonly ValidationIssue[] | undefined;
  /** Random source of the backoff jitter (tests). */
  random?: () => number;
  /** Extra options for the `ws` client. */
  wsOptions?: WebSocket.ClientOptions;
}

export interface SubscribeOptions {
  /** Aborting unsubscribes this listener. */
  signal?: AbortSignal;
  /** After a reconnect, before the fresh snapshot: reset state built from earlier messages. */
  onReconnected?: () => void;
  /** The subscription ended for good (reconnects exhausted, or rejected by the server). */
  onError?: (error: HyperliquidError) => void;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Buffer capacity for drop-oldest feeds (conflated feeds keep 1). */
  bufferSize?: number;
  /** Override the feed's default policy (conflate for full-state feeds, dropOldest otherwise). */
  policy?: BufferPolicy;
  /** Runs in stream order, between the last message of the old socket and the first of the new. */
  onReconnected?: () => void;
}

export interface PostOptions {
  /** Time limit in ms (default: the manager's postTimeoutMs). */
  timeout?: number;
  signal?: AbortSignal;
}

interface Entry extends ServerSubscription {
  conn: Connection;
  sinks: Set<ListenerSink>;
}

/**
 * @internal Feeds one raw frame to the manager's `connectionIndex`-th socket exactly as the
 * socket's "message" event would (parse, route, validate, dispatch). For benchmarks and tests;
 * not exported from the package. Returns false when there is no such connection.
 */
export let receiveRawFrame: (manager: WebSocketManager, raw: WebSocket.RawData | string, connectionIndex?: number) => boolean;

export class WebSocketManager extends TypedEmitter<WebSocketEvents> {
  static {
    receiveRawFrame = (manager, raw, connectionIndex = 0) => {
      const conn = manager.#connections[connectionIndex];
      if (!conn) return false;
      conn.receive(raw);
      return true;
    };
  }

  readonly url: string;
  readonly #options: Required<Omit<WebSocketManagerOptions, "validate" | "wsOptions" | "reconnect">> & Pick<WebSocketManagerOptions, "validate" | "wsOptions">;
  readonly #backoff: Required<BackoffOptions>;
  readonly #entries = new Map<string, Entry>();
  #connections: Connection[] = [];
  #nextConnectionId = 1;
  #closed = false;
  /** Frames for a known channel that matched no subscription (e.g. late after unsubscribe). */
  #dropped = 0;
  /** Deactivates each live handle when the manager closes. */
  readonly #closers = new Set<() => void>();

  constructor(options: WebSocketManagerOptions = {}) {
    super((error, name) => {
      if (name !== "error") this.emit("error", new HyperliquidError(`A "${String(name)}" event listener threw.`, { cause: error }));
    });
    this.url = options.url ?? MAINNET_WS_URL;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.#options = {
      url: this.url,
      pingIntervalMs: options.pingIntervalMs ?? 5000,
      idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection ?? 1000,
      bufferSize: options.bufferSize ?? 1024,
      postTimeoutMs: options.postTimeoutMs ?? 30_000,
      random: options.random ?? Math.random,
      validate: options.validate,
      wsOptions: options.wsOptions,
    };
  }

  /**
   * Calls `listener` with the `data` of every frame of `subscription`. Identical
   * subscriptions share one server subscription; it is unsubscribed when the last listener
   * leaves. Survives reconnects (see `onReconnected`).
   *
   * @example
   * const sub = ws.subscribe({ type: "l2Book", coin: "BTC" }, (book) => render(book), { signal });
   * sub.unsubscribe();
   */
  subscribe<T = unknown>(subscription: Subscription, listener: (data: T) => void, options: SubscribeOptions = {}): SubscriptionHandle {
    const sink: ListenerSink = {
      data: (data) => listener(data as T),
      reconnected: () => options.onReconnected?.(),
      failed: (error) => options.onError?.(error as HyperliquidError),
    };
    return this.#attach(subscription, sink, options.signal);
  }

  /**
   * The subscription as an async iterable with a bounded buffer: a consumer that reads
   * slowly (or never) costs at most `bufferSize` messages; the excess is counted in
   * `overflow`. Breaking out of `for await` unsubscribes.
   *
   * @example
   * for await (const trades of ws.stream({ type: "trades", coin: "ETH" }, { signal })) handle(trades);
   */
  stream<T = unknown>(subscription: Subscription, options: StreamOptions = {}): SubscriptionStream<T> {
    const policy = options.policy ?? defaultPolicy(subscription.type);
    const sink = new StreamSink<T>(policy, options.bufferSize ?? this.#options.bufferSize, options.onReconnected);
    const handle = this.#attach(subscription, sink, options.signal, () => sink.end());
    const iterator: AsyncIterator<T> = {
      next: () => sink.next(),
      return: async () => {
        handle.unsubscribe();
        sink.buffer.clear();
        return { value: undefined, done: true };
      },
    };
    return {
      subscription: handle.subscription,
      policy,
      get active() {
        return handle.active;
      },
      get overflow() {
        return sink.buffer.overflow;
      },
      get size() {
        return sink.buffer.size;
      },
      unsubscribe: () => handle.unsubscribe(),
      [Symbol.asyncIterator]: () => iterator,
    };
  }

  /**
   * Sends `{"method":"post","id":N,"request":request}` and resolves with the response body
   * `{type, payload}`. Rejects with TimeoutError, AbortedError, WebSocketClosedError (the
   * socket dropped after sending: outcome unknown) or WebSocketRequestError (server error).
   */
  post(request: PostRequestBody, options: PostOptions = {}): Promise<PostResponseBody> {
    if (this.#closed) return Promise.reject(new AbortedError("WebSocket post", { details: "the manager is closed" }));
    const conn = this.#connections.find((c) => c.isUsable) ?? this.#newConnection();
    return conn.post(request, options.timeout ?? this.#options.postTimeoutMs, options.signal);
  }

  /** post() of an info request; resolves with the info response (`payload.data`). */
  async postInfo<T = unknown>(payload: { type: string } & Record<string, unknown>, options?: PostOptions): Promise<T> {
    const body = await this.post({ type: "info", payload }, options);
    return (body.payload as { data?: unknown } | null)?.data as T;
  }

  /** post() of a signed exchange request; resolves with the /exchange response. */
  async postAction<T = unknown>(payload: Record<string, unknown>, options?: PostOptions): Promise<T> {
    const body = await this.post({ type: "action", payload }, options);
    return body.payload as T;
  }

  /** Counters for monitoring. */
  stats(): { connections: number; openConnections: number; subscriptions: number; listeners: number; droppedFrames: number } {
    let listeners = 0;
    for (const entry of this.#entries.values()) listeners += entry.sinks.size;
    return {
      connections: this.#connections.length,
      openConnections: this.#connections.filter((c) => c.isOpen).length,
      subscriptions: this.#entries.size,
      listeners,
      droppedFrames: this.#dropped,
    };
  }

  /** Closes every socket; streams end, pending posts fail. Further calls do nothing. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
    for (const closer of [...this.#closers]) closer();
    const connections = this.#connections;
    this.#connections = [];
    await Promise.all(connections.map((c) => c.close()));
  }

  #attach(subscription: Subscription, sink: ListenerSink, signal?: AbortSignal, onEnd?: () => void): SubscriptionHandle {
    if (this.#closed) throw new AbortedError("WebSocket subscribe", { details: "the manager is closed" });
    if (!subscription || typeof subscription.type !== "string") throw new TypeError('subscription must be an object with a string "type"');
    const normalized = normalizeSubscription(subscription);
    const key = subscriptionKey(normalized);
    let active = !signal?.aborted;
    let disposeAbort: (() => void) | undefined;
    const deactivate = (): boolean => {
      if (!active) return false;
      active = false;
      this.#closers.delete(closer);
      disposeAbort?.();
      return true;
    };
    const closer = (): void => {
      if (deactivate()) onEnd?.();
    };
    const handle: SubscriptionHandle = {
      subscription: normalized,
      get active() {
        return active;
      },
      unsubscribe: () => {
        if (!deactivate()) return;
        this.#detach(key, sink);
        onEnd?.();
      },
    };
    if (!active) {
      onEnd?.();
      return handle;
    }
    let entry = this.#entries.get(key);
    if (!entry) {
      const route = subscriptionRoute(normalized);
      const conn = this.#pickConnection(route);
      entry = { key, route, type: normalized.type, subscription: normalized, conn, sinks: new Set() };
      this.#entries.set(key, entry);
      conn.add(entry);
    }
    entry.sinks.add(sink);
    // A listener that ends for good must also stop counting as active.
    const failed = sink.failed.bind(sink);
    sink.failed = (error) => {
      deactivate();
      failed(error);
    };
    this.#closers.add(closer);
    // One listener per signal however many subscriptions share it (no MaxListenersExceededWarning).
    if (signal) disposeAbort = onAbort(signal, handle.unsubscribe);
    return handle;
  }

  #detach(key: string, sink: ListenerSink): void {
    const entry = this.#entries.get(key);
    if (!entry || !entry.sinks.delete(sink) || entry.sinks.size > 0) return;
    this.#entries.delete(key);
    entry.conn.remove(entry);
    this.#retireIfIdle(entry.conn);
  }

  /** First socket with room and no subscription on the same route; else a new socket. */
  #pickConnection(route: string): Connection {
    const limit = this.#options.maxSubscriptionsPerConnection;
    return this.#connections.find((c) => c.isUsable && c.subscriptions.size < limit && !c.subscriptions.has(route)) ?? this.#newConnection();
  }

  #newConnection(): Connection {
    const conn = new Connection(
      this.#nextConnectionId++,
      { ...this.#options, backoff: this.#backoff },
      {
        frame: (c, channel, data, schemaChecked) => this.#onFrame(c, channel, data, schemaChecked),
        protocolError: (c, error) => this.#onProtocolError(c, error),
        open: (c, reconnected) => this.#onOpen(c, reconnected),
        close: (c, info) => this.emit("close", { connectionId: c.id, ...info }),
        reconnecting: (c, attempt, delayMs, cause) => this.emit("reconnecting", { connectionId: c.id, attempt, delayMs, cause }),
        stale: (c, silentMs) => this.emit("stale", { connectionId: c.id, silentMs }),
        abnormalClose: (_c, error) => this.emit("error", error),
        failed: (c, error) => this.#onFailed(c, error),
      },
    );
    this.#connections.push(conn);
    return conn;
  }

  /** Extra sockets close once empty; the first one stays for posts. */
  #retireIfIdle(conn: Connection): void {
    if (conn.subscriptions.size > 0 || conn.pendingPosts > 0 || conn === this.#connections[0]) return;
    this.#connections = this.#connections.filter((c) => c !== conn);
    void conn.close();
  }

  #onOpen(conn: Connection, reconnected: boolean): void {
    if (!reconnected) return this.emit("open", { connectionId: conn.id });
    for (const sub of conn.subscriptions.values()) for (const sink of this.#entries.get(sub.key)?.sinks ?? []) this.#call(() => sink.reconnected());
    this.emit("reconnected", { connectionId: conn.id, subscriptions: conn.subscriptions.size });
  }

  #onFailed(conn: Connection, error: HyperliquidError): void {
    this.#connections = this.#connections.filter((c) => c !== conn);
    for (const sub of conn.subscriptions.values()) {
      const entry = this.#entries.get(sub.key);
      if (!entry) continue;
      this.#entries.delete(sub.key);
      for (const sink of entry.sinks) this.#call(() => sink.failed(error));
    }
    conn.subscriptions.clear();
    this.emit("error", error);
  }

  /**
   * A server error that names a subscription we hold ("Invalid subscription {...}") ends
   * that subscription: its listeners get onError instead of waiting forever for data.
   */
  #onProtocolError(conn: Connection, error: HyperliquidError): void {
    if (error instanceof WebSocketRequestError && /^invalid subscription/i.test(error.serverMessage)) {
      const entry = this.#entries.get(refusedKey(error.serverMessage) ?? "");
      if (entry && entry.conn === conn) {
        this.#entries.delete(entry.key);
        conn.forget(entry);
        for (const sink of [...entry.sinks]) this.#call(() => sink.failed(error));
        this.#retireIfIdle(conn);
      }
    }
    this.emit("error", error);
  }

  #onFrame(conn: Connection, channel: string, raw: unknown, schemaChecked: boolean): void {
    const type = channelType(channel);
    let data: unknown;
    let route: string | null;
    try {
      data = decodePayload(type, raw);
      route = frameRoute(channel, data);
    } catch (cause) {
      this.emit("error", new WebSocketProtocolError(`Cannot route a frame of channel "${channel}".`, { cause, frame: preview(raw) }));
      return;
    }
    if (route === null) return;
    const sub = conn.subscriptions.get(route);
    if (!sub) {
      const expected = isKnownType(type) || [...conn.subscriptions.values()].some((s) => s.type === type);
      if (expected) this.#dropped++;
      else this.emit("error", new WebSocketProtocolError(`Received a frame of unknown channel "${channel}".`, { frame: preview(raw) }));
      return;
    }
    const issues = this.#options.validate?.(channel, data, sub.type, schemaChecked);
    if (issues && issues.length > 0) {
      this.emit("error", new ValidationError(`"${channel}" message`, [...issues], { details: `subscription ${sub.key}` }));
      return;
    }
    const entry = this.#entries.get(sub.key);
    if (!entry) return;
    const sinks = entry.sinks;
    // Hot path: no copy and no closure for the usual single listener. With several, iterate a
    // copy so a listener that subscribes another one does not hand it this message.
    if (sinks.size === 1) for (const sink of sinks) this.#deliver(sink, data);
    else for (const sink of [...sinks]) this.#deliver(sink, data);
  }

  #deliver(sink: ListenerSink, data: unknown): void {
    try {
      sink.data(data);
    } catch (cause) {
      this.emit("error", new HyperliquidError("A subscription listener threw.", { cause }));
    }
  }

  /** Runs listener code: an exception becomes an "error" event, never a crash. */
  #call(fn: () => void): void {
    try {
      fn();
    } catch (cause) {
      this.emit("error", new HyperliquidError("A subscription listener threw.", { cause }));
    }
  }
}
