/**
 * The devnet's WebSocket at /ws: subscribe / unsubscribe / ping / post, as the real API.
 * Engine events are coalesced per tick and fanned out; each pushed frame is serialised once
 * for all its subscribers. Snapshots are sent on subscribe where the real API sends them.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { subscriptionEndpoints, validate, type Wire } from "../src/index.js";
import type { DevnetEvent, Engine } from "./engine.js";
import { handleInfo } from "./info.js";
import * as view from "./views.js";
import { twapView } from "./twap.js";

type Sub = Record<string, unknown> & { type: string };

interface Client {
  socket: WebSocket;
  subs: Map<string, Sub>;
  corked: boolean;
}

/** The TCP socket under a ws connection (ws keeps it as `_socket`). */
function rawSocket(ws: WebSocket): Corkable | undefined {
  const socket = "_socket" in ws ? ws._socket : undefined;
  return isCorkable(socket) ? socket : undefined;
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

function isCorkable(s: unknown): s is Corkable {
  return typeof s === "object" && s !== null && "cork" in s && typeof s.cork === "function" && "uncork" in s && typeof s.uncork === "function";
}

function isSubscriptionType(type: unknown): type is keyof typeof subscriptionEndpoints {
  return typeof type === "string" && Object.hasOwn(subscriptionEndpoints, type);
}

/** Bytes a client may leave unread before it is disconnected (slow consumer). */
const MAX_BUFFERED = 32 * 1024 * 1024;
const USER_CHANNELS = new Set(["clearinghouseState", "openOrders", "spotState", "webData2", "webData3", "activeAssetData", "twapStates"]);

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
  private readonly unsubscribeEngine: () => void;

  constructor(
    private readonly engine: Engine,
    private readonly handleAction: (payload: unknown) => Promise<{ status: number; body: unknown }>,
  ) {
    this.unsubscribeEngine = engine.on((e) => this.onEvent(e));
    this.wss.on("connection", (socket: WebSocket) => this.onConnection(socket));
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit("connection", ws, req));
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

  private onConnection(socket: WebSocket): void {
    const client: Client = { socket, subs: new Map(), corked: false };
    this.clients.add(client);
    socket.on("message", (data) => this.onMessage(client, data.toString()));
    socket.on("close", () => this.forget(client));
    socket.on("error", () => this.forget(client));
  }

  private forget(client: Client): void {
    if (!this.clients.delete(client)) return;
    for (const key of client.subs.keys()) this.removeFromIndex(key, client);
  }

  private removeFromIndex(key: string, client: Client): void {
    const set = this.index.get(key);
    if (!set) return;
    set.delete(client);
    if (!set.size) {
      this.index.delete(key);
      this.subsByKey.delete(key);
    }
  }

  private send(client: Client, frame: string): void {
    if (client.socket.readyState !== 1) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED) {
      client.socket.terminate();
      return;
    }
    // Frames sent in the same tick leave in one write: fewer syscalls under load.
    if (!client.corked) {
      const raw = rawSocket(client.socket);
      if (raw) {
        raw.cork();
        client.corked = true;
        setImmediate(() => {
          client.corked = false;
          raw.uncork();
        });
      }
    }
    client.socket.send(frame);
  }

  private error(client: Client, text: string): void {
    this.send(client, JSON.stringify({ channel: "error", data: text }));
  }

  private onMessage(client: Client, text: string): void {
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
        return this.subscribe(client, msg.subscription as Sub);
      case "unsubscribe":
        return this.unsubscribe(client, msg.subscription as Sub);
      case "post":
        void this.post(client, msg.id, msg.request as { type?: unknown; payload?: unknown });
        return;
      default:
        return this.error(client, `Error parsing JSON into valid websocket request: ${text.slice(0, 200)}`);
    }
  }

  private checkSub(sub: Sub): string | undefined {
    const type: unknown = sub?.type;
    if (!isSubscriptionType(type)) return `Invalid subscription ${JSON.stringify(sub)}`;
    const issues = validate(subscriptionEndpoints[type].request, sub);
    return issues.length ? `Invalid subscription ${JSON.stringify(sub)}: ${issues.map((i) => `${i.path}: expected ${i.expected}`).join("; ")}` : undefined;
  }

  private subscribe(client: Client, sub: Sub): void {
    const problem = this.checkSub(sub);
    if (problem) return this.error(client, problem);
    const key = subscriptionKey(sub);
    if (client.subs.has(key)) return this.error(client, `Already subscribed: ${JSON.stringify(sub)}`);
    client.subs.set(key, sub);
    let set = this.index.get(key);
    if (!set) this.index.set(key, (set = new Set()));
    set.add(client);
    this.subsByKey.set(key, sub);
    this.send(client, JSON.stringify({ channel: "subscriptionResponse", data: { method: "subscribe", subscription: sub } }));
    const snapshot = this.snapshot(sub);
    if (snapshot) this.send(client, JSON.stringify(snapshot));
  }

  private unsubscribe(client: Client, sub: Sub): void {
    const key = sub && typeof sub === "object" ? subscriptionKey(sub) : "";
    if (!client.subs.delete(key)) return this.error(client, `Already unsubscribed: ${JSON.stringify(sub)}`);
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
      response = result.status === 200 ? { type: "action", payload: result.body } : { type: "error", payload: typeof result.body === "string" ? result.body : JSON.stringify(result.body) };
    } else {
      response = { type: "error", payload: `Unknown post request type ${String(request.type)}` };
    }
    this.send(client, JSON.stringify({ channel: "post", data: { id, response } }));
  }

  /** The frame a new subscriber gets first, if the real API sends one. */
  private snapshot(sub: Sub): unknown {
    const e = this.engine;
    const user = typeof sub.user === "string" ? sub.user.toLowerCase() : "";
    const account = user ? e.existing(user) : undefined;
    switch (sub.type) {
      case "l2Book":
      case "bbo":
      case "allMids":
      case "activeAssetCtx":
        return this.marketFrame(sub);
      case "userFills":
        return { channel: "userFills", data: { isSnapshot: true, user, fills: [...(account?.fills ?? [])].slice(-2000) } };
      case "userFundings":
        return { channel: "userFundings", data: { isSnapshot: true, user, fundings: (account?.fundings ?? []).map(fundingView) } };
      case "userNonFundingLedgerUpdates":
        return { channel: "userNonFundingLedgerUpdates", data: { isSnapshot: true, user, nonFundingLedgerUpdates: account?.ledger ?? [] } };
      case "userHistoricalOrders":
        return { channel: "userHistoricalOrders", data: { isSnapshot: true, user, orderHistory: view.historicalOrders(account) } };
      case "userTwapSliceFills":
        return { channel: "userTwapSliceFills", data: { isSnapshot: true, user, twapSliceFills: account?.twapSliceFills ?? [] } };
      default:
        return USER_CHANNELS.has(sub.type) ? this.userFrame(sub) : undefined;
    }
  }

  private marketFrame(sub: Sub): unknown {
    const e = this.engine;
    const coin = String(sub.coin);
    switch (sub.type) {
      case "l2Book": {
        const book = view.l2Book(e, coin, sub.nSigFigs as number | null | undefined, sub.mantissa as number | null | undefined);
        return book ? { channel: "l2Book", data: book } : undefined;
      }
      case "bbo": {
        const b = e.books.get(coin);
        if (!b) return undefined;
        const [bids, asks] = b.snapshot(1);
        return { channel: "bbo", data: { coin, time: e.now(), bbo: [bids[0] ?? null, asks[0] ?? null] } };
      }
      case "allMids":
        return { channel: "allMids", data: { mids: view.allMids(e) } };
      case "activeAssetCtx": {
        const market = e.market(coin);
        if (!market) return undefined;
        return market.kind === "perp" ? { channel: "activeAssetCtx", data: { coin, ctx: view.perpAssetCtx(e, coin) } } : { channel: "activeSpotAssetCtx", data: { coin, ctx: view.spotAssetCtx(e, coin) } };
      }
    }
    return undefined;
  }

  private userFrame(sub: Sub): unknown {
    const e = this.engine;
    const user = String(sub.user).toLowerCase();
    const account = e.existing(user);
    switch (sub.type) {
      case "clearinghouseState":
        return { channel: "clearinghouseState", data: { dex: "", user, clearinghouseState: view.clearinghouseState(e, account) } };
      case "openOrders":
        return { channel: "openOrders", data: { dex: "", user, orders: view.frontendOpenOrders(account) } };
      case "spotState":
        return { channel: "spotState", data: { user, spotState: view.spotState(e, account) } };
      case "activeAssetData": {
        const result = handleInfo(e, { type: "activeAssetData", user, coin: sub.coin });
        return result.status === 200 ? { channel: "activeAssetData", data: result.body } : undefined;
      }
      case "twapStates":
        return { channel: "twapStates", data: { dex: "", user, states: [...e.twaps.values()].filter((t) => t.user === user && t.status === "activated").map((t) => [t.id, twapView(t)]) } };
      case "webData3": {
        const agent = [...(account?.agents ?? new Map<string, { validUntil: number }>())].find(() => true);
        return {
          channel: "webData3",
          data: {
            userState: { agentAddress: agent?.[0] ?? null, agentValidUntil: agent?.[1].validUntil ?? null, cumLedger: "0.0", serverTime: e.now(), isVault: account?.vault !== undefined, user, optOutOfSpotDusting: false, dexAbstractionEnabled: false },
            perpDexStates: [{ totalVaultEquity: "0.0", perpsAtOpenInterestCap: [], leadingVaults: [] }],
          },
        };
      }
      case "webData2":
        return { channel: "webData2", data: view.webData2(e, account, user) };
    }
    return undefined;
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
        for (const [key, sub] of this.subs("candle", (s) => s.coin === e.coin)) {
          const ms = view.INTERVALS[sub.interval as string]!;
          const start = Math.floor(this.engine.now() / ms) * ms;
          const last = view.candles(this.engine, e.coin, sub.interval as Wire.CandleMessage["i"], start, Number.MAX_SAFE_INTEGER).at(-1);
          if (last) this.fanOut(key, { channel: "candle", data: last });
        }
        this.dirtyBooks.add(e.coin);
        break;
      case "fills":
        for (const [key] of this.subs("userFills", (s) => String(s.user).toLowerCase() === e.user)) this.fanOut(key, { channel: "userFills", data: { user: e.user, fills: e.fills } });
        for (const [key] of this.subs("userEvents", (s) => String(s.user).toLowerCase() === e.user)) this.fanOut(key, { channel: "user", data: { fills: e.fills } });
        break;
      case "orderUpdates":
        for (const [key] of this.subs("orderUpdates", (s) => String(s.user).toLowerCase() === e.user)) this.fanOut(key, { channel: "orderUpdates", data: e.updates });
        break;
      case "ledger":
        for (const [key] of this.subs("userNonFundingLedgerUpdates", (s) => String(s.user).toLowerCase() === e.user)) this.fanOut(key, { channel: "userNonFundingLedgerUpdates", data: { user: e.user, nonFundingLedgerUpdates: [e.update] } });
        break;
      case "funding":
        for (const [key] of this.subs("userFundings", (s) => String(s.user).toLowerCase() === e.user)) this.fanOut(key, { channel: "userFundings", data: { user: e.user, fundings: [fundingView(e.funding)] } });
        for (const [key] of this.subs("userEvents", (s) => String(s.user).toLowerCase() === e.user)) this.fanOut(key, { channel: "user", data: { funding: fundingView(e.funding) } });
        break;
      case "mids":
        this.midsDirty = true;
        break;
    }
    if (!this.flushScheduled && (this.dirtyBooks.size || this.dirtyUsers.size || this.midsDirty)) {
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
    if (books.size || mids) {
      for (const [key, sub] of this.subsByKey) {
        const coinChanged = books.has(String(sub.coin));
        const push = sub.type === "allMids" || ((sub.type === "l2Book" || sub.type === "bbo") && coinChanged) || (sub.type === "activeAssetCtx" && (coinChanged || mids));
        if (push) this.fanOut(key, this.marketFrame(sub));
      }
    }
    if (users.size) {
      for (const [key, sub] of this.subsByKey) {
        if (USER_CHANNELS.has(sub.type) && users.has(String(sub.user).toLowerCase())) this.fanOut(key, this.userFrame(sub));
      }
    }
  }
}

function fundingView(f: Wire.UserFundingEntry): Record<string, unknown> {
  const d = f.delta;
  return { time: f.time, coin: d.coin, usdc: d.usdc, szi: d.szi, fundingRate: d.fundingRate, nSamples: d.nSamples ?? null };
}
