/**
 * One physical WebSocket with everything that keeps it alive: connect with a timeout,
 * heartbeat and dead-connection detection, reconnect with backoff, resubscription of its
 * shard of subscriptions, and the posts in flight on it. Routing of data frames is the
 * manager's job: this class hands them over through `ConnectionHooks.frame`.
 */
import WebSocket from "ws";
import { HyperliquidError } from "../../errors/base.js";
import { onAbort } from "./abort.js";
import { AbortedError, TimeoutError, WebSocketClosedError, WebSocketProtocolError, WebSocketRequestError } from "../../errors/transport.js";
import { backoffDelay, type BackoffOptions } from "./backoff.js";
import { closedError, NORMAL_CLOSE, STABLE_MS } from "./close.js";
import { parseCheckedFrame } from "./frame-parser.js";
import type { Subscription } from "./identifiers.js";

export interface ConnectionOptions {
  url: string;
  backoff: Required<BackoffOptions>;
  pingIntervalMs: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  random: () => number;
  /** Extra options for the `ws` client (headers, agent ...). */
  wsOptions?: WebSocket.ClientOptions;
}

/** A subscription as the connection sees it: what to (re)send, and where frames go. */
export interface ServerSubscription {
  key: string;
  route: string;
  type: string;
  subscription: Subscription;
}

export interface CloseInfo {
  code: number;
  reason: string;
  willReconnect: boolean;
}

export interface ConnectionHooks {
  /** A data frame; `schemaChecked` when the fast path already checked it against the schema. */
  frame(conn: Connection, channel: string, data: unknown, schemaChecked: boolean): void;
  protocolError(conn: Connection, error: HyperliquidError): void;
  open(conn: Connection, reconnected: boolean): void;
  close(conn: Connection, info: CloseInfo): void;
  reconnecting(conn: Connection, attempt: number, delayMs: number, cause: unknown): void;
  /** No frame at all for `silentMs` (over idleTimeoutMs): the socket is being replaced. */
  stale(conn: Connection, silentMs: number): void;
  /** The server (or the network) closed the socket abnormally; a reconnect follows. */
  abnormalClose(conn: Connection, error: WebSocketClosedError): void;
  /** Reconnect attempts are exhausted: the connection is dead for good. */
  failed(conn: Connection, error: WebSocketClosedError): void;
}

/** Body of `{"method":"post","request":{...}}`. */
export interface PostRequestBody {
  type: "info" | "action";
  payload: unknown;
}

/** Body of the `post` channel's `response`. */
export interface PostResponseBody {
  type: "info" | "action" | "error";
  payload: unknown;
}

interface PendingPost {
  frame: string;
  sent: boolean;
  resolve(body: PostResponseBody): void;
  reject(error: Error): void;
}

const WELCOME = "Websocket connection established.";
let nextPostId = 1;

export class Connection {
  readonly id: number;
  /** This connection's shard: route -> subscription. At most one subscription per route. */
  readonly subscriptions = new Map<string, ServerSubscription>();
  #state: "connecting" | "open" | "waiting" | "closed" = "connecting";
  #ws: WebSocket | undefined;
  #pending = new Map<number, PendingPost>();
  #wake: (() => void) | undefined;
  #lastMessageAt = 0;
  /** The current socket delivered a data frame or a post response. */
  #delivered = false;
  /** The current socket was terminated by the idle watchdog. */
  #stale = false;
  readonly #closedPromise: Promise<void>;
  readonly #options: ConnectionOptions;
  readonly #hooks: ConnectionHooks;

  constructor(id: number, options: ConnectionOptions, hooks: ConnectionHooks) {
    this.id = id;
    this.#options = options;
    this.#hooks = hooks;
    this.#closedPromise = this.#run();
  }

  get isOpen(): boolean {
    return this.#state === "open";
  }

  /** False once closed by the user or after giving up reconnecting. */
  get isUsable(): boolean {
    return this.#state !== "closed";
  }

  get pendingPosts(): number {
    return this.#pending.size;
  }

  add(sub: ServerSubscription): void {
    this.subscriptions.set(sub.route, sub);
    if (this.isOpen) this.#send({ method: "subscribe", subscription: sub.subscription });
  }

  remove(sub: ServerSubscription): void {
    if (this.subscriptions.get(sub.route) !== sub) return;
    this.subscriptions.delete(sub.route);
    // While disconnected there is nothing to undo: the next socket simply won't resubscribe.
    if (this.isOpen) this.#send({ method: "unsubscribe", subscription: sub.subscription });
  }

  /** Drops a subscription the server refused, without sending an unsubscribe. */
  forget(sub: ServerSubscription): void {
    if (this.subscriptions.get(sub.route) === sub) this.subscriptions.delete(sub.route);
  }

  /**
   * Sends a post and resolves with the server's response body. A post made while
   * disconnected waits for the next open socket (within its timeout). A post already sent
   * when the socket drops fails with WebSocketClosedError: whether the server acted on it is
   * unknown, so it is not resent.
   */
  post(request: PostRequestBody, timeoutMs: number, signal?: AbortSignal): Promise<PostResponseBody> {
    return new Promise<PostResponseBody>((resolve, reject) => {
      if (!this.isUsable) return reject(new WebSocketClosedError("WebSocket connection is closed."));
      if (signal?.aborted) return reject(new AbortedError("WebSocket post", { cause: signal.reason }));
      const id = nextPostId++;
      const settle = (): void => {
        this.#pending.delete(id);
        clearTimeout(timer);
        disposeAbort?.();
      };
      const aborted = (): void => {
        settle();
        reject(new AbortedError("WebSocket post", { cause: signal?.reason }));
      };
      const timer = setTimeout(() => {
        settle();
        reject(new TimeoutError(`WebSocket post ${id}`, timeoutMs));
      }, timeoutMs);
      // One listener per signal however many posts share it (no MaxListenersExceededWarning).
      const disposeAbort = signal ? onAbort(signal, aborted) : undefined;
      const pending: PendingPost = {
        frame: JSON.stringify({ method: "post", id, request }),
        sent: false,
        resolve: (body) => (settle(), resolve(body)),
        reject: (error) => (settle(), reject(error)),
      };
      this.#pending.set(id, pending);
      if (this.isOpen) pending.sent = this.#sendRaw(pending.frame);
    });
  }

  /** Closes for good: no reconnect, pending posts fail. Resolves once the socket is closed. */
  async close(): Promise<void> {
    if (this.#state === "closed") return this.#closedPromise;
    this.#state = "closed";
    this.#failPending(() => new WebSocketClosedError("WebSocket connection closed by the client."), true);
    this.#wake?.();
    const ws = this.#ws;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      ws.close(1000);
      // A peer that never answers the close handshake must not keep us waiting.
      setTimeout(() => ws.terminate(), 1000).unref();
    }
    return this.#closedPromise;
  }

  /** The lifecycle loop. Never rejects: every failure becomes a hook call. */
  async #run(): Promise<void> {
    const { backoff } = this.#options;
    let attempt = 0; // attempts made in the current outage; 0 = initial connect, no delay
    let opened = false;
    let lastError: unknown;
    while (this.isUsable) {
      if (attempt > 0) {
        if (attempt > backoff.maxAttempts) {
          this.#giveUp(lastError);
          return;
        }
        const delay = backoffDelay(attempt - 1, backoff, this.#options.random);
        this.#hooks.reconnecting(this, attempt, delay, lastError);
        await this.#sleep(delay);
        if (!this.isUsable) break;
      }
      this.#state = "connecting";
      let ws: WebSocket;
      try {
        ws = await this.#connect();
      } catch (error) {
        lastError = error;
        attempt++;
        continue;
      }
      if (!this.isUsable) {
        ws.terminate();
        break;
      }
      const closed = this.#attach(ws);
      const reconnected = opened;
      opened = true;
      for (const sub of this.subscriptions.values()) this.#send({ method: "subscribe", subscription: sub.subscription });
      for (const pending of this.#pending.values()) if (!pending.sent) pending.sent = this.#sendRaw(pending.frame);
      this.#hooks.open(this, reconnected);
      const openedAt = Date.now();
      const info = await closed;
      this.#ws = undefined;
      const healthy = this.#delivered || Date.now() - openedAt >= STABLE_MS;
      this.#failPending(
        () => new WebSocketClosedError("WebSocket connection closed before the response arrived.", { code: info.code, details: info.reason || undefined }),
        false,
      );
      const willReconnect = this.isUsable;
      this.#hooks.close(this, { ...info, willReconnect });
      if (!willReconnect) break;
      this.#state = "waiting";
      const closeError = closedError(info.code, info.reason);
      lastError = closeError;
      // A stale socket was already reported (and its 1006 is our own terminate()).
      if (!this.#stale && !NORMAL_CLOSE.has(info.code)) this.#hooks.abnormalClose(this, closeError);
      // A healthy socket's loss starts a new outage (first wait backoffDelay(0)); a socket that
      // died young continues the current one.
      attempt = healthy ? 1 : attempt + 1;
    }
  }

  #connect(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const { url, connectTimeoutMs, wsOptions } = this.#options;
      let ws: WebSocket;
      try {
        ws = new WebSocket(url, { handshakeTimeout: connectTimeoutMs, ...wsOptions });
      } catch (error) {
        return reject(error);
      }
      this.#ws = ws;
      const timer = setTimeout(() => fail(new TimeoutError("WebSocket connect", connectTimeoutMs)), connectTimeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        ws.off("open", onOpen);
        ws.off("error", fail);
        ws.off("close", onClose);
        this.#wake = undefined;
      };
      const fail = (error: unknown): void => {
        cleanup();
        // Keep a no-op error handler: `ws` emits "error" again on terminate in some states.
        ws.on("error", () => {});
        ws.terminate();
        reject(error);
      };
      const onOpen = (): void => {
        cleanup();
        resolve(ws);
      };
      const onClose = (code: number): void => fail(new WebSocketClosedError("WebSocket closed during the handshake.", { code }));
      ws.on("open", onOpen);
      ws.on("error", fail);
      ws.on("close", onClose);
      // close() during the handshake must not wait for the connect timeout.
      this.#wake = () => fail(new WebSocketClosedError("WebSocket connection closed by the client."));
    });
  }

  /** Wires an open socket; resolves when it closes (for any reason). */
  #attach(ws: WebSocket): Promise<{ code: number; reason: string }> {
    this.#ws = ws;
    this.#state = "open";
    this.#lastMessageAt = Date.now();
    this.#delivered = false;
    this.#stale = false;
    const { pingIntervalMs, idleTimeoutMs } = this.#options;
    const ping = setInterval(() => this.#send({ method: "ping" }), pingIntervalMs);
    // Ten checks per idle period (at most one a second): a silent socket is noticed within
    // idleTimeout + 1 s; each check is one clock read, nothing runs per frame.
    const watchdog = setInterval(
      () => {
        const silentMs = Date.now() - this.#lastMessageAt;
        if (silentMs > idleTimeoutMs && !this.#stale) {
          this.#stale = true;
          this.#hooks.stale(this, silentMs);
          this.#hooks.protocolError(
            this,
            new WebSocketProtocolError(`No frame received for ${silentMs} ms (limit ${idleTimeoutMs} ms): the connection is dead.`, { hint: "Reconnecting." }),
          );
          ws.terminate();
        }
      },
      Math.max(5, Math.min(idleTimeoutMs / 10, 1000)),
    );
    ping.unref();
    watchdog.unref();
    ws.on("message", (raw, isBinary) => this.receive(raw, isBinary));
    ws.on("error", () => {
      // "close" always follows and drives the reconnect; the error itself carries no extra action.
    });
    return new Promise((resolve) => {
      ws.once("close", (code: number, reason: Buffer) => {
        clearInterval(ping);
        clearInterval(watchdog);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /**
   * @internal What the socket's "message" handler runs for every frame: parse, answer the
   * protocol's own channels, hand data frames to the manager. Not part of the public API
   * (Connection is not exported); benchmarks call it to measure the exact per-frame path.
   */
  receive(raw: WebSocket.RawData | string, isBinary = false): void {
    this.#lastMessageAt = Date.now();
    const text = typeof raw === "string" ? raw : isBinary ? Buffer.from(raw as Buffer).toString("utf8") : raw.toString();
    if (text === WELCOME) return;
    // Data frames in the server's compact form: parsed and checked in one pass.
    const fast = parseCheckedFrame(text);
    if (fast) {
      this.#delivered = true;
      return this.#hooks.frame(this, fast.channel, fast.data, true);
    }
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      this.#hooks.protocolError(this, new WebSocketProtocolError("Received a frame that is not JSON.", { frame: text.slice(0, 200) }));
      return;
    }
    const channel = (frame as { channel?: unknown } | null)?.channel;
    if (typeof channel !== "string") {
      this.#hooks.protocolError(this, new WebSocketProtocolError("Received a frame without a channel.", { frame: text.slice(0, 200) }));
      return;
    }
    const data = (frame as { data?: unknown }).data;
    if (channel === "pong" || channel === "subscriptionResponse") return;
    if (channel === "error") return this.#onServerError(data);
    this.#delivered = true;
    if (channel === "post") return this.#onPostResponse(data, text);
    this.#hooks.frame(this, channel, data, false);
  }

  #onPostResponse(data: unknown, text: string): void {
    const id = (data as { id?: unknown } | null)?.id;
    const response = (data as { response?: PostResponseBody } | null)?.response;
    const pending = typeof id === "number" ? this.#pending.get(id) : undefined;
    if (!pending || !response || typeof response !== "object") {
      this.#hooks.protocolError(this, new WebSocketProtocolError("Received a post response for no pending request.", { frame: text.slice(0, 200) }));
      return;
    }
    if (response.type === "error") pending.reject(new WebSocketRequestError(String(response.payload)));
    else pending.resolve(response);
  }

  #onServerError(data: unknown): void {
    const message = typeof data === "string" ? data : JSON.stringify(data);
    // "too many pending post requests id=12" or an echo of the offending request with its id.
    const match = /id=(\d+)/.exec(message) ?? /"id":\s*(\d+)/.exec(message);
    const pending = match ? this.#pending.get(Number(match[1])) : undefined;
    if (pending) return pending.reject(new WebSocketRequestError(message));
    this.#hooks.protocolError(this, new WebSocketRequestError(message));
  }

  #failPending(makeError: () => Error, includeUnsent: boolean): void {
    for (const pending of [...this.#pending.values()]) if (pending.sent || includeUnsent) pending.reject(makeError());
  }

  #giveUp(cause: unknown): void {
    this.#state = "closed";
    const error = new WebSocketClosedError("WebSocket reconnect attempts exhausted.", {
      cause,
      details: `after ${this.#options.backoff.maxAttempts} attempts`,
    });
    this.#failPending(() => error, true);
    this.#hooks.failed(this, error);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (this.#wake = undefined));
  }

  #send(message: object): boolean {
    return this.#sendRaw(JSON.stringify(message));
  }

  #sendRaw(frame: string): boolean {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(frame, (error) => {
      // A failed send means the socket is going down; "close" handles the rest.
      if (error) ws.terminate();
    });
    return true;
  }
}
