/**
 * A hostile HTTP and WebSocket server on 127.0.0.1 that misbehaves on purpose: truncated,
 * endless, dripping, oversize and reset bodies, lying Retry-After headers, 5xx forever, garbled
 * and wrong-shaped 200s; sockets that stay silent or close with chosen codes. Each server stops
 * by itself after `lifetimeMs` (unref'd timers: a forgotten one never holds the process).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** What the server does with one request; `body` is the parsed JSON request. */
export type Behaviour = (res: ServerResponse, req: IncomingMessage, body: unknown) => void;

export class HostileHttpServer {
  /** Requests received, per path. */
  readonly requests: { path: string; body: unknown; raw: string }[] = [];
  /** Body bytes the server managed to write (it stops when the client drops the socket). */
  bytesWritten = 0;
  /** Set per test. */
  behaviour: Behaviour = (res) => json(res, 200, {});

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(lifetimeMs = 120_000): Promise<HostileHttpServer> {
    const holder: { self?: HostileHttpServer } = {};
    const server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
        holder.self?.requests.push({ path: req.url ?? "", body, raw });
        holder.self?.behaviour(res, req, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const self = new HostileHttpServer(server, `http://127.0.0.1:${port}`);
    holder.self = self;
    setTimeout(() => void self.close(), lifetimeMs).unref();
    return self;
  }

  /** Streams `total` bytes of a JSON string body (endless when Infinity) with backpressure. */
  stream(res: ServerResponse, total: number, options: { announce?: boolean; chunk?: number } = {}): void {
    const chunkSize = options.chunk ?? 64 * 1024;
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (options.announce && Number.isFinite(total)) headers["content-length"] = total;
    res.writeHead(200, headers);
    const filler = Buffer.alloc(chunkSize, "a");
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        const n = Math.min(chunkSize, total - sent);
        sent += n;
        this.bytesWritten += n;
        if (!res.write(n === chunkSize ? filler : filler.subarray(0, n))) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on("close", () => res.removeAllListeners("drain"));
    pump();
  }

  /** Sends `text` one byte every `everyMs`, forever (or until the client goes away). */
  drip(res: ServerResponse, everyMs: number): void {
    res.writeHead(200, { "content-type": "application/json" });
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      this.bytesWritten++;
      res.write(" ");
    }, everyMs);
    timer.unref();
    res.on("close", () => clearInterval(timer));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

/** Announces `announced` bytes, sends `sent` of them, then closes the socket. */
export function truncated(res: ServerResponse, announced: number, sent: number): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": announced });
  res.write('{"status":"ok","response":'.padEnd(sent, " ").slice(0, sent), () => res.socket?.destroy());
}

/** Sends half a body, then resets the TCP connection (RST, not FIN). */
export function resetMidBody(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"status":"ok","response":{"type":"or', () => res.socket?.resetAndDestroy());
}

export interface WsBehaviour {
  /** Close every socket with this code right after it opens (a close-code loop). */
  closeWith?: { code: number; reason?: string; afterMs?: number };
  /** Accept and then never send a frame, not even pongs. */
  silent?: boolean;
}

export class HostileWsServer {
  connections = 0;
  /** Milliseconds since start of each connection. */
  readonly connectedAt: number[] = [];
  readonly messages: string[] = [];
  private readonly started = Date.now();

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
    public behaviour: WsBehaviour,
  ) {}

  static async start(behaviour: WsBehaviour, lifetimeMs = 120_000): Promise<HostileWsServer> {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => wss.once("listening", resolve));
    const { port } = wss.address() as AddressInfo;
    const self = new HostileWsServer(wss, `ws://127.0.0.1:${port}`, behaviour);
    wss.on("connection", (socket) => self.onConnection(socket));
    setTimeout(() => void self.close(), lifetimeMs).unref();
    return self;
  }

  private onConnection(socket: WebSocket): void {
    this.connections++;
    this.connectedAt.push(Date.now() - this.started);
    socket.on("error", () => {});
    socket.on("message", (raw) => this.messages.push(raw.toString()));
    const { closeWith, silent } = this.behaviour;
    if (closeWith) {
      const close = (): void => socket.close(closeWith.code, closeWith.reason ?? "");
      if (closeWith.afterMs) setTimeout(close, closeWith.afterMs).unref();
      else close();
      return;
    }
    if (silent) return;
    socket.on("message", (raw) => {
      if (raw.toString().includes('"ping"')) socket.send('{"channel":"pong"}');
    });
  }

  /** Drops every open socket without a close frame (1006 on the client). */
  killAll(): void {
    for (const client of this.wss.clients) client.terminate();
  }

  async close(): Promise<void> {
    this.killAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Largest RSS seen while `run` is pending, minus the RSS before it (bytes). */
export async function peakRssGrowth<T>(run: () => Promise<T>): Promise<{ result: T | undefined; error: unknown; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await run();
    return { result, error: undefined, growth: Math.max(peak, process.memoryUsage().rss) - before };
  } catch (error) {
    return { result: undefined, error, growth: Math.max(peak, process.memoryUsage().rss) - before };
  } finally {
    clearInterval(sampler);
  }
}
