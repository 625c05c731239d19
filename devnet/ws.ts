/**
 * The devnet's WebSocket at /ws: subscribe / unsubscribe / ping / post, as the real API.
 * Engine events are coalesced per tick and fanned out; each pushed frame is serialised once
 * for all its subscribers. Snapshots are sent on subscribe where the real API sends them.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { explorerSubscriptionEndpoints, subscriptionEndpoints, validate, type MessageName, type Wire } from "../src/index.js";
import { CandleStreams } from "./candles.js";
import type { DevnetEvent, Engine } from "./engine.js";
import { handleInfo } from "./info.js";
import { fundingView, marketFrame, snapshotFrame, userFrame, USER_CHANNELS, type Sub } from "./ws-frames.js";

interface Client {
  socket: WebSocket;
  /** The TCP socket under it (from the upgrade), corked per tick. */
  raw: Duplex;
  ip: string;
  subs: Map<string, Sub>;
  /** Subscribed user → how many of this client's subscriptions name it. */
  users: Map<string, number>;
  postsInFlight: number;
  corked: boolean;
}

/** The real API's per-connection limits (its docs), and the devnet's memory caps. */
export interface WsLimits {
  /** Subscriptions per connection (the API: 1,000 per IP). */
  maxSubscriptions?: number;
  /** Unique users across user-specific subscriptions. */
  maxUsers?: number;
  /** Post requests awaiting their answer. */
  maxPostsInFlight?: number;
  /** Connections per client IP. */
  maxConnectionsPerIp?: number;
  /** Bytes one client may leave unread before it is disconnected (slow consumer). */
  maxBufferedPerConnection?: number;
  /** Unread bytes across all clients; above it the slowest are dropped first. */
  maxBufferedTotal?: number;
}

const DEFAULT_LIMITS: Required<WsLimits> = {
  maxSubscriptions: 1000,
  maxUsers: 10,
  maxPostsInFlight: 100,
  maxConnectionsPerIp: 100,
  maxBufferedPerConnection: 32 * 1024 * 1024,
  maxBufferedTotal: 256 * 1024 * 1024,
};

/** Subscription type → its schema message; a Map, so wire names like "constructor" find nothing. */
const SUBSCRIPTION_REQUESTS = new Map(
  [...Object.values(subscriptionEndpoints), ...Object.values(explorerSubscriptionEndpoints)].map((e): [string, MessageName] => [e.type, e.request]),
);

export function subscriptionKey(sub: Sub): string {
  const norm: Record<string, unknown> = {};
  for (const k of Object.keys(sub).sort()) norm[k] = k === "user" && typeof sub[k] === "string" ? (sub[k] as string).toLowerCase() : sub[k];
  return JSON.stringify(norm);
}

export class DevnetWebSocket {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private readonly clients = new Set<Client>();
  /** subscription key → clients */
  private readonly index = new Map<string, Set<Client>>();
  private readonly subsByKey = new Map<string, Sub>();
  private dirtyBooks = new Set<string>();
  private dirtyUsers = new Set<string>();
  /** Oracle prices moved (mids and asset contexts change even when no book did). */
  private midsDirty = false;
  private flushScheduled = false;
  private memoryCheckScheduled = false;
  /** Unread bytes at the last check, plus bytes sent since: when that passes the cap, check now. */
  private bufferedAtCheck = 0;
  private sentSinceCheck = 0;
  private dirtyCandles = new Set<string>();
  private readonly candles: CandleStreams;
  private readonly limits: Required<WsLimits>;
  private readonly unsubscribeEngine: () => void;
  /** Frames and requests that threw inside the handler (answered with an error frame). */
  internalErrors = 0;

  constructor(
    private readonly engine: Engine,
    private readonly handleAction: (payload: unknown) => Promise<{ status: number; body: unknown }>,
    limits: WsLimits = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.candles = new CandleStreams(engine);
    this.unsubscribeEngine = engine.on((e) => this.onEvent(e));
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ip = req.socket.remoteAddress ?? "";
    let fromIp = 0;
    for (const c of this.clients) if (c.ip === ip) fromIp++;
    if (fromIp >= this.limits.maxConnectionsPerIp) {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, socket, ip));
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  /** Drops every connection now (fault injection). */
  dropAll(): void {
    for (const c of this.clients) c.socket.terminate();
  }

  close(): void {
    this.unsubscribeEngine();
    this.dropAll();
    this.wss.close();
  }

  private onConnection(socket: WebSocket, raw: Duplex, ip: string): void {
    const client: Client = { socket, raw, ip, subs: new Map(), users: new Map(), postsInFlight: 0, corked: false };
    this.clients.add(client);
    socket.on("message", (data) => {
      // One bad frame must not take the process (or this connection) down.
      try {
        this.onMessage(client, data.toString());
      } catch (e) {
        this.internalError(client, e);
      }
    });
    socket.on("close", () => this.forget(client));
    socket.on("error", () => this.forget(client));
  }

  private forget(client: Client): void {
    if (!this.clients.delete(client)) return;
    for (const key of client.subs.keys()) this.removeFromIndex(key, client);
  }

  private releaseUser(client: Client, sub: Sub): void {
    if (typeof sub.user !== "string") return;
    const user = sub.user.toLowerCase();
    const n = (client.users.get(user) ?? 1) - 1;
    if (n > 0) client.users.set(user, n);
    else client.users.delete(user);
  }

  private removeFromIndex(key: string, client: Client): void {
    const set = this.index.get(key);
    if (!set) return;
    set.delete(client);
    if (!set.size) {
      this.index.delete(key);
      this.subsByKey.delete(key);
      this.candles.untrack(key);
    }
  }

  private internalError(client: Client, e: unknown): void {
    this.internalErrors++;
    console.error("devnet: unhandled websocket message error", e);
    this.error(client, "Internal error while processing the websocket request");
  }

  /** Drops the clients with the most unread bytes until the total is under the cap. */
  private enforceMemory(): void {
    this.memoryCheckScheduled = false;
    let total = 0;
    for (const c of this.clients) total += c.socket.bufferedAmount;
    this.bufferedAtCheck = total;
    this.sentSinceCheck = 0;
    if (total <= this.limits.maxBufferedTotal) return;
    const slowest = [...this.clients].sort((a, b) => b.socket.bufferedAmount - a.socket.bufferedAmount);
    for (const c of slowest) {
      if (total <= this.limits.maxBufferedTotal) break;
      total -= c.socket.bufferedAmount;
      this.bufferedAtCheck = total;
      c.socket.terminate();
      this.forget(c);
    }
  }

  private send(client: Client, frame: string): void {
    if (client.socket.readyState !== 1) return;
    if (client.socket.bufferedAmount > this.limits.maxBufferedPerConnection) {
      client.socket.terminate();
      this.forget(client);
      return;
    }
    // Frames sent in the same tick leave in one write: fewer syscalls under load.
    if (!client.corked) {
      client.raw.cork();
      client.corked = true;
      setImmediate(() => {
        client.corked = false;
        client.raw.uncork();
      });
    }
    client.socket.send(frame);
    this.sentSinceCheck += frame.length;
    // Many frames can go out within one tick (a burst of subscribes): check at once when they could pass the cap.
    if (this.bufferedAtCheck + this.sentSinceCheck > this.limits.maxBufferedTotal) this.enforceMemory();
    else if (!this.memoryCheckScheduled && client.socket.bufferedAmount > 0) {
      this.memoryCheckScheduled = true;
      setImmediate(() => this.enforceMemory());
    }
  }

  private error(client: Client, text: string): void {
    this.send(client, JSON.stringify({ channel: "error", data: text }));
  }

  private onMessage(client: Client, text: string): void {
    // Frames already read from a connection that was just dropped are not worth answering.
    if (client.socket.readyState !== 1) return;
    let msg: { method?: unknown; subscription?: unknown; id?: unknown; request?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return this.error(client, `Error parsing JSON into valid websocket request: ${text.slice(0, 200)}`);
    }
    if (typeof msg !== "object" || msg === null) return this.error(client, `Error parsing JSON into valid websocket request: ${text.slice(0, 200)}`);
    switch (msg.method) {
      case "ping":
        return this.send(client, '{"channel":"pong"}');
      case "subscribe":
        return this.subscribe(client, msg.subscription);
      case "unsubscribe":
        return this.unsubscribe(client, msg.subscription);
      case "post": {
        if (client.postsInFlight >= this.limits.maxPostsInFlight)
          return this.error(client, `Too many in-flight post requests: at most ${this.limits.maxPostsInFlight} per connection`);
        client.postsInFlight++;
        const request = typeof msg.request === "object" && msg.request !== null ? (msg.request as { type?: unknown; payload?: unknown }) : undefined;
        void this.post(client, msg.id, request)
          .catch((e: unknown) => this.internalError(client, e))
          .finally(() => client.postsInFlight--);
        return;
      }
      default:
        return this.error(client, `Error parsing JSON into valid websocket request: ${text.slice(0, 200)}`);
    }
  }

  private checkSub(sub: unknown): sub is Sub {
    const type = typeof sub === "object" && sub !== null ? (sub as { type?: unknown }).type : undefined;
    const request = typeof type === "string" ? SUBSCRIPTION_REQUESTS.get(type) : undefined;
    return request !== undefined && validate(request, sub).length === 0;
  }

  private subscriptionProblem(sub: unknown): string {
    const type = typeof sub === "object" && sub !== null ? (sub as { type?: unknown }).type : undefined;
    const request = typeof type === "string" ? SUBSCRIPTION_REQUESTS.get(type) : undefined;
    const issues = request ? validate(request, sub) : [];
    return `Invalid subscription ${JSON.stringify(sub) ?? String(sub)}${issues.length ? `: ${issues.map((i) => `${i.path}: expected ${i.expected}`).join("; ")}` : ""}`;
  }

  private subscribe(client: Client, sub: unknown): void {
    if (!this.checkSub(sub)) return this.error(client, this.subscriptionProblem(sub));
    if (typeof sub.dex === "string" && !this.engine.dex(sub.dex)) return this.error(client, `Unknown perp dex ${JSON.stringify(sub.dex)}.`);
    const key = subscriptionKey(sub);
    if (client.subs.has(key)) return this.error(client, `Already subscribed: ${JSON.stringify(sub)}`);
    if (client.subs.size >= this.limits.maxSubscriptions)
      return this.error(client, `Cannot track more than ${this.limits.maxSubscriptions} total subscriptions.`);
    const user = typeof sub.user === "string" ? sub.user.toLowerCase() : undefined;
    if (user !== undefined && !client.users.has(user) && client.users.size >= this.limits.maxUsers)
      return this.error(client, `Cannot track more than ${this.limits.maxUsers} total users.`);
    if (user !== undefined) client.users.set(user, (client.users.get(user) ?? 0) + 1);
    client.subs.set(key, sub);
    let set = this.index.get(key);
    if (!set) this.index.set(key, (set = new Set()));
    set.add(client);
    this.subsByKey.set(key, sub);
    if (sub.type === "candle") this.candles.track(key, String(sub.coin), sub.interval as Wire.CandleMessage["i"]);
    this.send(client, JSON.stringify({ channel: "subscriptionResponse", data: { method: "subscribe", subscription: sub } }));
    const snapshot = snapshotFrame(this.engine, sub);
    if (snapshot) this.send(client, JSON.stringify(snapshot));
  }

  private unsubscribe(client: Client, sub: unknown): void {
    const key = this.checkSub(sub) ? subscriptionKey(sub) : "";
    const existing = client.subs.get(key);
    if (!existing) return this.error(client, `Already unsubscribed: ${JSON.stringify(sub) ?? String(sub)}`);
    client.subs.delete(key);
    this.releaseUser(client, existing);
    this.removeFromIndex(key, client);
    this.send(client, JSON.stringify({ channel: "subscriptionResponse", data: { method: "unsubscribe", subscription: sub } }));
  }

  private async post(client: Client, id: unknown, request: { type?: unknown; payload?: unknown } | undefined): Promise<void> {
    if (typeof id !== "number" || !request) return this.error(client, "Error parsing JSON into valid websocket request: post needs an id and a request");
    let response: unknown;
    if (request.type === "info") {
      const result = handleInfo(this.engine, request.payload);
      const type = (request.payload as { type?: unknown } | null)?.type;
      response = result.status === 200 ? { type: "info", payload: { type, data: result.body } } : { type: "error", payload: result.text };
    } else if (request.type === "action") {
      const result = await this.handleAction(request.payload);
      response =
        result.status === 200
          ? { type: "action", payload: result.body }
          : { type: "error", payload: typeof result.body === "string" ? result.body : JSON.stringify(result.body) };
    } else {
      response = { type: "error", payload: `Unknown post request type ${String(request.type)}` };
    }
    this.send(client, JSON.stringify({ channel: "post", data: { id, response } }));
  }

  private fanOut(key: string, frame: unknown): void {
    const clients = this.index.get(key);
    if (!clients?.size || frame === undefined) return;
    const text = JSON.stringify(frame);
    for (const c of clients) this.send(c, text);
  }

  /** Subscriptions of `type` matching `filter`. */
  private *subs(type: string, filter: (s: Sub) => boolean): Generator<[string, Sub]> {
    for (const [key, sub] of this.subsByKey) if (sub.type === type && filter(sub)) yield [key, sub];
  }

  private onEvent(e: DevnetEvent): void {
    if (!this.index.size) return;
    switch (e.kind) {
      case "book":
        this.dirtyBooks.add(e.coin);
        break;
      case "user":
        this.dirtyUsers.add(e.user);
        break;
      case "trades":
        for (const [key] of this.subs("trades", (s) => s.coin === e.coin)) this.fanOut(key, { channel: "trades", data: e.trades });
        // Candles: O(1) per trade here, one frame per (coin, interval) at the end of the tick.
        for (const key of this.candles.onTrades(e.coin, e.trades)) this.dirtyCandles.add(key);
        this.dirtyBooks.add(e.coin);
        break;
      case "fills":
        for (const [key] of this.subs("userFills", (s) => String(s.user).toLowerCase() === e.user))
          this.fanOut(key, { channel: "userFills", data: { user: e.user, fills: e.fills } });
        for (const [key] of this.subs("userEvents", (s) => String(s.user).toLowerCase() === e.user))
          this.fanOut(key, { channel: "user", data: { fills: e.fills } });
        break;
      case "orderUpdates":
        for (const [key] of this.subs("orderUpdates", (s) => String(s.user).toLowerCase() === e.user))
          this.fanOut(key, { channel: "orderUpdates", data: e.updates });
        break;
      case "ledger":
        for (const [key] of this.subs("userNonFundingLedgerUpdates", (s) => String(s.user).toLowerCase() === e.user))
          this.fanOut(key, { channel: "userNonFundingLedgerUpdates", data: { user: e.user, nonFundingLedgerUpdates: [e.update] } });
        break;
      case "funding":
        for (const [key] of this.subs("userFundings", (s) => String(s.user).toLowerCase() === e.user))
          this.fanOut(key, { channel: "userFundings", data: { user: e.user, fundings: [fundingView(e.funding)] } });
        for (const [key] of this.subs("userEvents", (s) => String(s.user).toLowerCase() === e.user))
          this.fanOut(key, { channel: "user", data: { funding: fundingView(e.funding) } });
        break;
      case "mids":
        this.midsDirty = true;
        break;
      case "explorer":
        // The explorer feeds push bare arrays (no channel envelope), as the RPC host does.
        for (const [key] of this.subs("explorerBlock", () => true)) this.fanOut(key, [e.block]);
        for (const [key] of this.subs("explorerTxs", () => true)) this.fanOut(key, e.txs);
        break;
    }
    if (!this.flushScheduled && (this.dirtyBooks.size || this.dirtyUsers.size || this.midsDirty || this.dirtyCandles.size)) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const books = this.dirtyBooks;
    const users = this.dirtyUsers;
    const mids = this.midsDirty;
    this.dirtyBooks = new Set();
    this.dirtyUsers = new Set();
    this.midsDirty = false;
    const candles = this.dirtyCandles;
    this.dirtyCandles = new Set();
    for (const key of candles) this.fanOut(key, this.candles.frame(key));
    if (books.size || mids) {
      for (const [key, sub] of this.subsByKey) {
        const coinChanged = books.has(String(sub.coin));
        const push =
          sub.type === "allMids" || ((sub.type === "l2Book" || sub.type === "bbo") && coinChanged) || (sub.type === "activeAssetCtx" && (coinChanged || mids));
        if (push) this.fanOut(key, marketFrame(this.engine, sub));
      }
    }
    if (users.size) {
      for (const [key, sub] of this.subsByKey) {
        if (USER_CHANNELS.has(sub.type) && users.has(String(sub.user).toLowerCase())) this.fanOut(key, userFrame(this.engine, sub));
      }
    }
  }
}
