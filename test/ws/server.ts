/**
 * A loopback stand-in for the Hyperliquid WebSocket endpoint: subscribe/unsubscribe with
 * the server's duplicate checks, ping/pong, post, and helpers to push frames and kill
 * sockets. Binds 127.0.0.1 on an ephemeral port.
 */
import { WebSocketServer, type WebSocket } from "ws";

export type Sub = { type: string } & Record<string, unknown>;

export interface ClientState {
  socket: WebSocket;
  /** Active subscriptions of this socket by canonical key. */
  subs: Map<string, Sub>;
}

export interface PostRequest {
  id: number;
  request: { type: string; payload: unknown };
}

export interface TestServerOptions {
  /** Answer pings with pongs (default true). */
  autoPong?: boolean;
  /** Send the plain-text welcome line on connect (default true). */
  welcome?: boolean;
  /**
   * Answers a post: return the response body, or undefined to stay silent. Default: an info
   * response echoing the payload.
   */
  onPost?: (post: PostRequest, client: ClientState) => { type: string; payload: unknown } | undefined;
  /** Refuse this subscription the way the real server does ("Invalid subscription {...}"). */
  reject?: (sub: Sub) => boolean;
  /** Called after a successful subscribe (e.g. to push a snapshot). */
  onSubscribe?: (sub: Sub, client: ClientState) => void;
  /** Port to bind on 127.0.0.1 (default 0: any free port). */
  port?: number;
}

export function key(sub: unknown): string {
  return JSON.stringify(sub, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

export class TestServer {
  readonly clients = new Set<ClientState>();
  /** Subscribe frames for a subscription that was already active on the same socket. */
  duplicates = 0;
  subscribes = 0;
  unsubscribes = 0;
  /** Unsubscribe frames for a subscription that was not active. */
  strayUnsubscribes = 0;
  pings = 0;
  connections = 0;
  posts: PostRequest[] = [];
  options: TestServerOptions;

  private constructor(
    readonly wss: WebSocketServer,
    readonly url: string,
    options: TestServerOptions,
  ) {
    this.options = options;
    wss.on("connection", (socket) => this.onConnection(socket));
  }

  static async start(options: TestServerOptions = {}): Promise<TestServer> {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: options.port ?? 0 });
    await new Promise<void>((resolve, reject) => {
      wss.once("listening", resolve);
      wss.once("error", reject);
    });
    const address = wss.address();
    if (!address || typeof address === "string") throw new Error("unexpected server address");
    return new TestServer(wss, `ws://127.0.0.1:${address.port}/ws`, options);
  }

  private onConnection(socket: WebSocket): void {
    this.connections++;
    const client: ClientState = { socket, subs: new Map() };
    this.clients.add(client);
    socket.on("close", () => this.clients.delete(client));
    socket.on("error", () => {});
    if (this.options.welcome ?? true) socket.send("Websocket connection established.");
    socket.on("message", (raw) => {
      let msg: { method?: string; subscription?: Sub; id?: number; request?: PostRequest["request"] };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return this.send(client, { channel: "error", data: `Error parsing JSON into valid websocket request: ${raw.toString()}` });
      }
      switch (msg.method) {
        case "ping":
          this.pings++;
          if (this.options.autoPong ?? true) this.send(client, { channel: "pong" });
          return;
        case "subscribe": {
          const k = key(msg.subscription);
          if (this.options.reject?.(msg.subscription!))
            return this.send(client, { channel: "error", data: `Invalid subscription ${JSON.stringify(msg.subscription)}` });
          if (client.subs.has(k)) {
            this.duplicates++;
            return this.send(client, { channel: "error", data: `Already subscribed: ${k}` });
          }
          this.subscribes++;
          client.subs.set(k, msg.subscription!);
          this.send(client, { channel: "subscriptionResponse", data: { method: "subscribe", subscription: msg.subscription } });
          this.options.onSubscribe?.(msg.subscription!, client);
          return;
        }
        case "unsubscribe": {
          const k = key(msg.subscription);
          if (!client.subs.delete(k)) {
            this.strayUnsubscribes++;
            return this.send(client, { channel: "error", data: `Already unsubscribed: ${k}` });
          }
          this.unsubscribes++;
          return this.send(client, { channel: "subscriptionResponse", data: { method: "unsubscribe", subscription: msg.subscription } });
        }
        case "post": {
          const post = { id: msg.id!, request: msg.request! };
          this.posts.push(post);
          const onPost =
            this.options.onPost ??
            ((p) => ({ type: "info", payload: { type: (p.request.payload as { type: string }).type, data: { echo: p.request.payload } } }));
          const response = onPost(post, client);
          if (response) this.send(client, { channel: "post", data: { id: post.id, response } });
          return;
        }
        default:
          this.send(client, { channel: "error", data: `Unknown method: ${raw.toString()}` });
      }
    });
  }

  send(client: ClientState, frame: unknown): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Sends `{channel, data}` to every socket subscribed to `sub`; returns how many. */
  push(sub: Sub, channel: string, data: unknown): number {
    const k = key(sub);
    let n = 0;
    for (const client of this.clients) {
      if (!client.subs.has(k)) continue;
      this.send(client, { channel, data });
      n++;
    }
    return n;
  }

  /** Sends a raw frame (string or JSON value) to every socket. */
  broadcast(frame: unknown): void {
    for (const client of this.clients) this.send(client, frame);
  }

  /** Active subscriptions summed over sockets. */
  activeSubscriptions(): number {
    let n = 0;
    for (const client of this.clients) n += client.subs.size;
    return n;
  }

  /** Drops every socket abruptly (no close frame), like a network failure. */
  killAll(): void {
    for (const client of this.clients) client.socket.terminate();
    this.clients.clear();
  }

  async close(): Promise<void> {
    this.killAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Polls `condition` until true; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 2000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
