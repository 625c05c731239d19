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
import { setMaxListeners } from "node:events";
import type { DescMessage, DescMethod, DescMethodUnary, DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { ExplorerService } from "../../generated/connect/hl/v1/info_explorer_pb.js";
import { InfoService } from "../../generated/connect/hl/v1/info_service_pb.js";
import { SubscriptionService } from "../../generated/connect/hl/v1/subscription_service_pb.js";
import { isActionType } from "../../generated/ts/actions.js";
import type { ExchangeClientOptions } from "../clients/exchange.js";
import type { InfoClient } from "../clients/info.js";
import type { SubscriptionClient } from "../clients/subscription.js";
import { HyperliquidError } from "../errors/base.js";
import { callOptions, headerActionOptions, ServeExchange } from "./actions.js";
import { bearerMatches, isLoopback } from "./auth.js";
import { toConnectError } from "./errors.js";
import { registerSubscriptions } from "./subscriptions.js";
import { registerGrpcServices } from "./grpc-services.js";
import { Health } from "../../generated/connect/grpc/health/v1/health_pb.js";
import { ServerReflection } from "../../generated/connect/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as alphaReflection } from "../../generated/connect/grpc/reflection/v1alpha/reflection_pb.js";
import { wireTypes } from "./methods.js";
import { registerTrading } from "./trading.js";
import { registerAlgos, type AlgoServiceOptions } from "./algos.js";
import { AlgoService } from "../../generated/connect/hl/serve/v1/algos_pb.js";
import { TradingService } from "../../generated/connect/hl/serve/v1/trading_pb.js";
import { toProto, toWire } from "./translate.js";
import { createDocsHandler, serveDocs } from "../docs/handler.js";

/** The default answer to a request that is no rpc: a docs page, or 404. */
function docsOr404(apiUrl: string | undefined): NonNullable<ServeOptions["fallback"]> {
  const docs = apiUrl === undefined ? serveDocs : createDocsHandler({ devnetUrl: apiUrl });
  return (req, res) => {
    if (docs(req, res)) return;
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  };
}

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
  /** AlgoService's runner and store (without them: Unimplemented); the caller starts and stops the runner. */
  algos?: AlgoServiceOptions;
  /** The bearer token every ExchangeService call must carry. */
  token: string;
  /** Also require the token for InfoService calls (default: open on loopback only). */
  requireTokenForReads?: boolean;
  /** PEM certificate and key: serve TLS (h2 and HTTP/1.1) instead of h2c. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Largest request message in bytes (default 1 MiB). */
  readMaxBytes?: number;
  /**
   * Responses at least this large are compressed when the client accepts it (gzip, br).
   * Default: never on a loopback address (pure CPU cost there), 1024 bytes elsewhere.
   */
  compressMinBytes?: number;
  /** Concurrent streams per HTTP/2 connection (default 100). */
  maxConcurrentStreams?: number;
  /**
   * Cleartext HTTP/2 only (gRPC and Connect-over-h2 clients, e.g. the Python package's sidecar):
   * no HTTP/1.1 on the port, so no sniffing of the first bytes and the socket goes to http2
   * natively instead of through a JS stream (about 0.3 ms less CPU per call). Not with TLS.
   */
  h2cOnly?: boolean;
  /** How long close() waits for in-flight calls before cutting connections (default 5000 ms). */
  closeGraceMs?: number;
  /**
   * Answers HTTP requests that are no rpc. Default: the docs site at `/docs` (Swagger UI,
   * ReDoc, the WebSocket API; src/docs) and 404 for anything else, over HTTP/1.1, h2c and TLS.
   */
  fallback?: NonNullable<Parameters<typeof connectNodeAdapter>[0]["fallback"]>;
  /** The API URL the default docs site's "Try it out" lists first (default: env HL_DEVNET_URL). */
  docsApiUrl?: string;
}

export type ServeExchangeOptions = ExchangeClientOptions;

export interface Server {
  url: string;
  port: number;
  close(): Promise<void>;
}

function isUnary(m: DescMethod): m is DescMethodUnary {
  return m.methodKind === "unary";
}

export const noWallet = (): ConnectError =>
  new ConnectError("this server holds no wallet (start it with HL_PRIVATE_KEY, --key-stdin, --keystore or --devnet)", Code.Unimplemented);

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
    register(router, ExplorerService, (type) => (wire, ctx) => options.info.explorer.requestByType(type, wire, callOptions(ctx)));
    register(router, ExchangeService, (type) => async (wire, ctx) => {
      if (!exchange) throw noWallet();
      if (!isActionType(type)) throw new ConnectError(`unknown action type ${type}`, Code.Unimplemented);
      return exchange.dispatch(type, wire, { ...callOptions(ctx), ...headerActionOptions(type, ctx.requestHeader) });
    });
    if (options.subscriptions) registerSubscriptions(router, SubscriptionService, options.subscriptions.manager, shutdown);
    if (exchange) {
      const user = options.exchange?.accountAddress ?? options.exchange?.vaultAddress ?? exchange.wallet.address;
      registerTrading(router, SubscriptionService, { exchange, info: options.info, manager: options.subscriptions?.manager, user, shutdown });
    } else {
      // eslint-disable-next-line require-yield -- the stream fails before its first event
      router.rpc(TradingService.method.tradingStream, async function* () {
        throw noWallet();
      });
    }
    registerAlgos(router, options.algos, shutdown);
    const services = [InfoService, ExplorerService, ExchangeService, TradingService, AlgoService];
    registerGrpcServices(router, options.subscriptions ? [...services, SubscriptionService] : services, shutdown);
  };
}

/** Open on loopback unless requireTokenForReads; health is always open (probes carry no token). */
const READS = new Set([InfoService.typeName, ExplorerService.typeName, SubscriptionService.typeName, ServerReflection.typeName, alphaReflection.typeName]);
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
  // Every open stream listens for shutdown: no listener-count warning at a few hundred streams.
  setMaxListeners(0, shutdown.signal);
  const handler = connectNodeAdapter({
    routes: routes(options, shutdown.signal),
    interceptors: [authInterceptor(options)],
    readMaxBytes: options.readMaxBytes ?? 1 << 20,
    compressMinBytes: options.compressMinBytes ?? (isLoopback(host) ? Number.MAX_SAFE_INTEGER : 1024),
    fallback: options.fallback ?? docsOr404(options.docsApiUrl),
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
  if (options.h2cOnly && options.tls)
    throw new HyperliquidError("h2cOnly is for cleartext HTTP/2", { details: "TLS serves h2 and HTTP/1.1 already", hint: "Drop one of the two." });
  if (options.h2cOnly) {
    const h2 = http2.createServer({ settings }, handler);
    // No Nagle: small gRPC frames would otherwise wait for the peer's delayed ACK (~40 ms).
    h2.on("connection", (socket: net.Socket) => {
      socket.setNoDelay(true);
      track(socket);
    });
    server = h2;
    sessionsOf(h2, sessions);
  } else if (options.tls) {
    server = http2.createSecureServer({ cert: options.tls.cert, key: options.tls.key, allowHTTP1: true, settings }, handler);
    server.on("connection", track);
  } else {
    // h2c and HTTP/1.1 on one port: Node's plain http2 server speaks HTTP/2 only, so the first
    // bytes decide (the HTTP/2 connection preface starts with "PRI "). They are put back with
    // unshift: an http2 session feeds bytes already buffered on the socket to nghttp2 before
    // reading its native handle (node#35475), so it runs on the socket itself, not a JS stream.
    const h2 = http2.createServer({ settings }, handler);
    const h1 = http.createServer(handler);
    // No Nagle: small gRPC frames would otherwise wait for the peer's delayed ACK (~40 ms).
    server = net.createServer({ noDelay: true }, (socket) => {
      track(socket);
      let seen = Buffer.alloc(0);
      const sniff = (chunk: Buffer): void => {
        seen = Buffer.concat([seen, chunk]);
        const head = seen.subarray(0, 4).toString("latin1");
        // Wait for 4 bytes unless they already differ from the preface.
        if (head.length < 4 && "PRI ".startsWith(head)) return;
        socket.off("data", sniff);
        socket.pause();
        socket.unshift(seen);
        if (head === "PRI ") {
          h2.emit("connection", socket);
        } else {
          h1.emit("connection", socket);
          socket.resume();
        }
      };
      socket.on("data", sniff);
    });
    sessionsOf(h2, sessions);
    inner.push(h1, h2);
  }
  if (options.tls && !options.h2cOnly) sessionsOf(server, sessions);
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
