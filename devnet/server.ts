/**
 * `hl devnet`: a Hyperliquid-compatible exchange on 127.0.0.1. POST /info, POST /exchange,
 * WebSocket /ws, loopback-only admin (/devnet/fund, /devnet/faults) and /metrics.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Decimal } from "decimal.js";
import { Counter, Histogram, Registry } from "prom-client";
import { applyAction } from "./actions.js";
import { authenticate, NonceTracker } from "./auth.js";
import { nextFundingAfter, tick } from "./clock.js";
import { Engine } from "./engine.js";
import { startFlow } from "./flow.js";
import { handleInfo } from "./info.js";
import type { MarketsConfig } from "./markets.js";
import { seededRandom } from "./markets.js";
import { loadState, saveState } from "./persist.js";
import { SignerRecovery } from "./verifier.js";
import { DevnetWebSocket } from "./ws.js";

export interface DevnetOptions {
  host?: string;
  /** 0 picks a free port. Default 3001. */
  port?: number;
  network?: "testnet" | "mainnet";
  seed?: number;
  markets?: MarketsConfig;
  /** Accounts to fund at start: address → USDC (perp collateral). */
  fund?: Record<string, string>;
  /** SQLite file the state is loaded from and snapshotted to. */
  statePath?: string;
  /** Synthetic maker/taker actions per second (0 = off). */
  flow?: number;
  /** Levels per side of the built-in market maker. */
  makerLevels?: number;
  fundingIntervalMs?: number;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  now?: () => number;
}

export interface Faults {
  errorRate?: number;
  status?: number;
  delayMs?: number;
}

export interface Devnet {
  url: string;
  wsUrl: string;
  host: string;
  port: number;
  isMainnet: boolean;
  engine: Engine;
  ws: DevnetWebSocket;
  /** Credits perp USDC to `user` (creates the account). */
  fund(user: string, usdc: string | number): void;
  setFaults(faults: Faults): void;
  /** Writes the SQLite snapshot now (when a state path is set). */
  save(): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const host = options.host ?? "127.0.0.1";
  const isMainnet = options.network === "mainnet";
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const engine = new Engine({ markets: options.markets, seed: options.seed ?? 1, now: options.now, makerLevels: options.makerLevels });
  const nonces = new NonceTracker();
  if (options.statePath) await loadState(options.statePath, engine, nonces);
  if (engine.nextFunding <= engine.now()) engine.nextFunding = nextFundingAfter(engine.now(), options.fundingIntervalMs);
  for (const [user, usdc] of Object.entries(options.fund ?? {})) engine.deposit(user, new Decimal(usdc));
  let faults: Faults = {};
  const faultRandom = seededRandom((options.seed ?? 1) ^ 0x5eed);

  const registry = new Registry();
  const requests = new Counter({ name: "devnet_requests_total", help: "Requests by endpoint and outcome", labelNames: ["endpoint", "outcome"], registers: [registry] });
  const latency = new Histogram({ name: "devnet_request_seconds", help: "Request handling time", labelNames: ["endpoint"], buckets: [0.0001, 0.0005, 0.001, 0.005, 0.02, 0.1], registers: [registry] });

  const recovery = new SignerRecovery();
  const recover = (digest: Uint8Array, signature: Parameters<SignerRecovery["recover"]>[1]) => recovery.recover(digest, signature);
  const exchange = async (payload: unknown): Promise<{ status: number; body: unknown }> => {
    const auth = await authenticate(engine, nonces, payload, isMainnet, recover);
    if (!auth.ok) {
      requests.inc({ endpoint: "exchange", outcome: auth.httpStatus === 200 ? "rejected" : "malformed" });
      return auth.httpStatus === 200 ? { status: 200, body: { status: "err", response: auth.text } } : { status: 422, body: auth.text };
    }
    const account = engine.account(auth.user);
    account.nRequests++;
    const result = applyAction(engine, auth.user, auth.action);
    requests.inc({ endpoint: "exchange", outcome: result.status });
    return { status: 200, body: result };
  };

  const ws = new DevnetWebSocket(engine, exchange);

  const server = createServer((req, res) => {
    void route(req, res).catch((e: unknown) => {
      // The devnet must never crash on input; a bug answers 500 and is logged.
      console.error("devnet: internal error", e);
      if (!res.headersSent) send(res, 500, "Internal server error");
    });
  });
  server.keepAliveTimeout = 65_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/metrics") return send(res, 200, await registry.metrics(), registry.contentType);
    if (req.method === "GET" && (path === "/" || path === "/health")) return sendJson(res, 200, { status: "ok", network: isMainnet ? "mainnet" : "testnet", time: engine.now() });
    if (req.method !== "POST") return send(res, 404, "Not found");
    const raw = await readBody(req, maxBody);
    if (raw === null) return send(res, 413, "Payload too large");
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, "Failed to parse the request body as JSON");
    }
    if (path?.startsWith("/devnet/")) {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return send(res, 403, "admin endpoints are loopback-only");
      return admin(path, body, res);
    }
    if (path !== "/info" && path !== "/exchange") return send(res, 404, "Not found");
    if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (faults.errorRate && faultRandom() < faults.errorRate) {
      requests.inc({ endpoint: path.slice(1), outcome: "fault" });
      return send(res, faults.status ?? 500, faults.status === 429 ? "Too many requests" : "Injected fault");
    }
    const stop = latency.startTimer({ endpoint: path.slice(1) });
    try {
      if (path === "/info") {
        const result = handleInfo(engine, body);
        requests.inc({ endpoint: "info", outcome: String(result.status) });
        if (result.status === 200) sendJson(res, 200, result.body);
        else send(res, result.status, result.text);
      } else {
        const result = await exchange(body);
        if (result.status === 200) sendJson(res, 200, result.body);
        else send(res, result.status, String(result.body));
      }
    } finally {
      stop();
    }
  }

  function admin(path: string, body: unknown, res: ServerResponse): void {
    const b = (body ?? {}) as Record<string, unknown>;
    if (path === "/devnet/fund") {
      if (typeof b.user !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(b.user)) return sendJson(res, 400, { error: "user: expected a 20-byte hex address" });
      if (b.usdc !== undefined) {
        if (!/^\d+(\.\d+)?$/.test(String(b.usdc))) return sendJson(res, 400, { error: "usdc: expected a non-negative decimal" });
        engine.deposit(b.user, new Decimal(String(b.usdc)));
      }
      for (const [name, amount] of Object.entries((b.spot ?? {}) as Record<string, unknown>)) {
        const token = engine.tokens.find((t) => t.name === name);
        if (!token || !/^\d+(\.\d+)?$/.test(String(amount))) return sendJson(res, 400, { error: `spot.${name}: expected a known token and a non-negative decimal` });
        engine.addSpot(engine.account(b.user), token.index, new Decimal(String(amount)));
        engine.ledger(engine.account(b.user), { type: "deposit", usdc: "0", token: name, amount: String(amount) });
      }
      return sendJson(res, 200, { status: "ok" });
    }
    if (path === "/devnet/faults") {
      if (b.dropWebSockets) ws.dropAll();
      const next: Faults = {};
      if (typeof b.errorRate === "number") next.errorRate = Math.max(0, Math.min(1, b.errorRate));
      if (typeof b.status === "number") next.status = b.status;
      if (typeof b.delayMs === "number") next.delayMs = Math.max(0, b.delayMs);
      faults = b.dropWebSockets && Object.keys(b).length === 1 ? faults : next;
      return sendJson(res, 200, { status: "ok", faults });
    }
    if (path === "/devnet/tick") {
      tick(engine, options.fundingIntervalMs);
      return sendJson(res, 200, { status: "ok" });
    }
    return send(res, 404, "Not found");
  }

  server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").split("?")[0] === "/ws") ws.upgrade(req, socket, head);
    else socket.destroy();
  });
  server.on("clientError", (_e, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3001, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const timer = setInterval(() => tick(engine, options.fundingIntervalMs), 1000);
  timer.unref();
  const stopFlow = options.flow ? startFlow(engine, options.flow, options.seed ?? 1) : () => undefined;
  const saveTimer = options.statePath ? setInterval(() => void saveState(options.statePath!, engine, nonces), 10_000) : undefined;
  saveTimer?.unref();
  const hostInUrl = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${hostInUrl}:${port}`,
    wsUrl: `ws://${hostInUrl}:${port}/ws`,
    host,
    port,
    isMainnet,
    engine,
    ws,
    fund: (user, usdc) => engine.deposit(user, new Decimal(usdc)),
    setFaults: (f) => {
      faults = { ...f };
    },
    save: async () => {
      if (options.statePath) await saveState(options.statePath, engine, nonces);
    },
    close: async () => {
      clearInterval(timer);
      if (saveTimer) clearInterval(saveTimer);
      stopFlow();
      ws.close();
      await recovery.close();
      if (options.statePath) await saveState(options.statePath, engine, nonces);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) tooBig = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(tooBig ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, text: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), "application/json");
}
