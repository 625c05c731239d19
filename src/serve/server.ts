/**
 * hl serve: the SDK's clients as a Connect / gRPC / gRPC-Web service, on one port over Node's
 * http2 (h2c, or TLS with certificates; HTTP/1.1 for Connect unary calls). Every rpc is
 * dispatched generically: the request message is translated to its wire JSON by the schema's
 * options (translate.ts), sent by InfoClient / ExchangeClient by its wire type, and the answer
 * translated back. No rpc takes a key: actions are signed by the server's wallet.
 */
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { Duplex } from "node:stream";
import type { DescMessage, DescMethod, DescMethodUnary, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { InfoService } from "../../generated/connect/hl/v1/info_service_pb.js";
import { SubscriptionService } from "../../generated/connect/hl/v1/subscription_service_pb.js";
import { actionSpecs, isActionType, type ActionType } from "../../generated/ts/actions.js";
import type { ActionOptions } from "../../generated/ts/methods.js";
import { ExchangeClient, type ExchangeClientOptions } from "../clients/exchange.js";
import type { InfoClient } from "../clients/info.js";
import type { SubscriptionClient } from "../clients/subscription.js";
import { HyperliquidError } from "../errors/base.js";
import { ExchangeError, SignatureMismatchError } from "../errors/exchange.js";
import { bearerMatches, isLoopback } from "./auth.js";
import { toConnectError } from "./errors.js";
import { registerSubscriptions } from "./subscriptions.js";
import { registerGrpcServices } from "./grpc-services.js";
import { Health } from "../../generated/connect/grpc/health/v1/health_pb.js";
import { ServerReflection } from "../../generated/connect/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as alphaReflection } from "../../generated/connect/grpc/reflection/v1alpha/reflection_pb.js";
import { wireTypes } from "./methods.js";
import { toProto, toWire } from "./translate.js";
import { serveDocs } from "../docs/handler.js";

export interface ServeOptions {
  /** Default 127.0.0.1. A non-loopback address needs TLS (a token is always required for trading). */
  host?: string;
  /** Default 50051; 0 picks a free port. */
  port?: number;
  /** Where info requests go (and actions, when `exchange` is set). */
  info: InfoClient;
  /** The wallet's client; without it ExchangeService answers Unimplemented. */
  exchange?: ServeExchangeOptions;
  /** The WebSocket side: SubscriptionService streams run on its manager (without it: Unimplemented). */
  subscriptions?: SubscriptionClient;
  /** The bearer token every ExchangeService call must carry. */
  token: string;
  /** Also require the token for InfoService calls (default: open on loopback only). */
  requireTokenForReads?: boolean;
  /** PEM certificate and key: serve TLS (h2 and HTTP/1.1) instead of h2c. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Largest request message in bytes (default 1 MiB). */
  readMaxBytes?: number;
  /** Concurrent streams per HTTP/2 connection (default 100). */
  maxConcurrentStreams?: number;
  /** How long close() waits for in-flight calls before cutting connections (default 5000 ms). */
  closeGraceMs?: number;
}

export type ServeExchangeOptions = ExchangeClientOptions;

export interface Server {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Exposes executeAction: the server dispatches actions by wire type (validated there). */
class ServeExchange extends ExchangeClient {
  run(type: ActionType, params: object, options: ActionOptions): Promise<unknown> {
    return this.executeAction(type, params, options);
  }
}

/** Request options of a handler: the client's deadline and cancellation reach the SDK. */
function callOptions(ctx: HandlerContext): { signal: AbortSignal; timeout?: number } {
  const left = ctx.timeoutMs();
  return left === undefined ? { signal: ctx.signal } : { signal: ctx.signal, timeout: Math.max(1, left) };
}

/**
 * An action as ExchangeClient takes it: without `type`, and without the envelope keys the
 * client fills in (nonce, time, hyperliquidChain; signatureChainId unless the caller set one).
 */
function actionParams(type: ActionType, wire: unknown): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (typeof wire !== "object" || wire === null) return params;
  const filled = new Set<string>(actionSpecs[type].filled);
  for (const [k, v] of Object.entries(wire)) {
    if (k === "type") continue;
    if (filled.has(k) && (k !== "signatureChainId" || v === "")) continue;
    params[k] = v;
  }
  return params;
}

function isUnary(m: DescMethod): m is DescMethodUnary {
  return m.methodKind === "unary";
}

type Call = (wire: unknown, ctx: HandlerContext) => Promise<unknown>;

/** Registers every unary method of `service`: proto -> wire -> `call` -> wire -> proto. */
function register(router: ConnectRouter, service: DescService, call: (type: string, method: DescMethod) => Call): void {
  for (const [method, type] of wireTypes(service)) {
    if (!isUnary(method)) continue;
    const send = call(type, method);
    const output: DescMessage = method.output;
    router.rpc(method, async (req, ctx) => {
      try {
        return toProto(output, await send(toWire(method.input, req), ctx));
      } catch (e) {
        throw toConnectError(e);
      }
    });
  }
}

function routes(options: ServeOptions, shutdown: AbortSignal): (router: ConnectRouter) => void {
  const exchange = options.exchange && new ServeExchange(options.exchange);
  return (router) => {
    register(router, InfoService, (type) => (wire, ctx) => options.info.requestByType(type, wire, callOptions(ctx)));
    register(router, ExchangeService, (type) => async (wire, ctx) => {
      if (!exchange) throw new ConnectError("this server holds no wallet (start it with HL_PRIVATE_KEY or --devnet)", Code.Unimplemented);
      if (!isActionType(type)) throw new ConnectError(`unknown action type ${type}`, Code.Unimplemented);
      try {
        return await exchange.run(type, actionParams(type, wire), callOptions(ctx));
      } catch (e) {
        // A rejection is an answer of the rpc (its ExchangeErr member), not a failed call.
        if (e instanceof ExchangeError && !(e instanceof SignatureMismatchError)) return { status: "err", response: e.response };
        throw e;
      }
    });
    if (options.subscriptions) registerSubscriptions(router, SubscriptionService, options.subscriptions.manager, shutdown);
    registerGrpcServices(router, options.subscriptions ? [InfoService, ExchangeService, SubscriptionService] : [InfoService, ExchangeService], shutdown);
  };
}

/** Open on loopback unless requireTokenForReads; health is always open (probes carry no token). */
const READS = new Set([InfoService.typeName, SubscriptionService.typeName, ServerReflection.typeName, alphaReflection.typeName]);
const OPEN = new Set([Health.typeName]);

function authInterceptor(options: ServeOptions): Interceptor {
  return (next) => async (req) => {
    const reads = READS.has(req.service.typeName);
    if (OPEN.has(req.service.typeName)) return next(req);
    if ((!reads || options.requireTokenForReads) && !bearerMatches(req.header.get("authorization"), options.token)) {
      throw new ConnectError("missing or wrong bearer token (authorization: Bearer <token>)", Code.Unauthenticated);
    }
    return next(req);
  };
}

/**
 * The socket as a JS stream that first yields the bytes already read: an http2 session reads a
 * real socket's native handle directly (bytes put back with unshift would be lost), a JS
 * stream through its stream interface.
 */
function replay(socket: net.Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _enc, cb) => void socket.write(chunk, cb),
    final: (cb) => void socket.end(cb),
    destroy: (err, cb) => {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  duplex.push(first);
  socket.on("data", (d: Buffer) => {
    if (!duplex.push(d)) socket.pause();
  });
  socket.once("end", () => duplex.push(null));
  socket.once("close", () => duplex.destroy());
  socket.once("error", (e) => duplex.destroy(e));
  return duplex;
}

function sessionsOf(server: net.Server, sessions: Set<http2.Http2Session>): void {
  server.on("session", (s: http2.Http2Session) => {
    sessions.add(s);
    s.once("close", () => sessions.delete(s));
  });
}

/** Starts the server; resolves once it listens. */
export async function startServer(options: ServeOptions): Promise<Server> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host) && !options.tls) {
    throw new HyperliquidError(`Refusing to serve on ${host} without TLS`, {
      details: "a non-loopback address would carry bearer tokens and trading calls in clear text",
      hint: "Give --tls-cert and --tls-key, or bind 127.0.0.1.",
    });
  }
  if (options.token.length < 16) throw new HyperliquidError("The bearer token is too short", { details: "expected at least 16 characters" });
  const sessions = new Set<http2.Http2Session>();
  const shutdown = new AbortController();
  const handler = connectNodeAdapter({
    routes: routes(options, shutdown.signal),
    interceptors: [authInterceptor(options)],
    readMaxBytes: options.readMaxBytes ?? 1 << 20,
  });
  const settings = { maxConcurrentStreams: options.maxConcurrentStreams ?? 100 };
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  };
  let server: net.Server;
  // Servers whose connections close() lets finish (HTTP/1.1 ones close when idle).
  const inner: net.Server[] = [];
  if (options.tls) {
    server = http2.createSecureServer({ cert: options.tls.cert, key: options.tls.key, allowHTTP1: true, settings }, handler);
    server.on("connection", track);
  } else {
    // h2c and HTTP/1.1 on one port: Node's plain http2 server speaks HTTP/2 only, so the first
    // bytes decide (the HTTP/2 connection preface starts with "PRI ").
    const h2 = http2.createServer({ settings }, handler);
    const h1 = http.createServer((req, res) => void (serveDocs(req, res) || handler(req, res)));
    // No Nagle: small gRPC frames would otherwise wait for the peer's delayed ACK (~40 ms).
    server = net.createServer({ noDelay: true }, (socket) => {
      track(socket);
      socket.once("data", (first) => {
        socket.pause();
        if (first.subarray(0, 4).toString("latin1") === "PRI ") {
          h2.emit("connection", replay(socket, first));
        } else {
          socket.unshift(first);
          h1.emit("connection", socket);
        }
        socket.resume();
      });
    });
    sessionsOf(h2, sessions);
    inner.push(h1, h2);
  }
  if (options.tls) sessionsOf(server, sessions);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 50051, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${options.tls ? "https" : "http"}://${shownHost}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Streams end with a status (Unavailable) instead of being cut.
        shutdown.abort();
        // GOAWAY: in-flight calls finish, new ones go elsewhere; cut what remains after the grace.
        for (const s of sessions) s.close();
        const timer = setTimeout(() => {
          for (const s of sessions) s.destroy();
          for (const s of sockets) s.destroy();
        }, options.closeGraceMs ?? 5000);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // HTTP/1.1: idle keep-alive connections close now, busy ones after their response.
        for (const s of inner) s.close();
      });
      return closing;
    },
  };
}
