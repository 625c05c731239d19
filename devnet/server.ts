/**
 * `hl devnet`: a Hyperliquid-compatible exchange on 127.0.0.1. POST /info, POST /exchange,
 * WebSocket /ws, loopback-only admin (/devnet/fund, /devnet/faults) and /metrics.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Decimal } from "decimal.js";
import { Counter, Histogram, Registry } from "prom-client";
import { ValidationError } from "../src/index.js";
import { applyAction } from "./actions.js";
import { authenticate, NonceTracker } from "./auth.js";
import { nextFundingAfter, tick } from "./clock.js";
import { Engine } from "./engine.js";
import { startFlow } from "./flow.js";
import { ExplorerFeed } from "./explorer.js";
import { handleInfo } from "./info.js";
import { applySeed } from "./seed.js";
import type { MarketsConfig } from "./markets.js";
import { seededRandom } from "./markets.js";
import { loadState, saveState } from "./persist.js";
import { SignerRecovery } from "./verifier.js";
import { WriteAheadLog, type WalEntry, type WalRecord } from "./wal.js";
import { DevnetWebSocket, type WsLimits } from "./ws.js";

export interface DevnetOptions {
  host?: string;
  /** 0 picks a free port. Default 3001. */
  port?: number;
  network?: "testnet" | "mainnet";
  seed?: number;
  markets?: MarketsConfig;
  /** Accounts to fund at start: address → USDC (perp collateral). */
  fund?: Record<string, string>;
  /** State to create at a fresh start (the config's seed sections; see seed.ts). Not reapplied over a --state file. */
  seedState?: unknown;
  /** SQLite file the state is loaded from and snapshotted to. */
  statePath?: string;
  /** Synthetic maker/taker actions per second (0 = off). */
  flow?: number;
  /** Levels per side of the built-in market maker. */
  makerLevels?: number;
  fundingIntervalMs?: number;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  /** WebSocket limits (subscriptions, users, posts in flight, connections, unread bytes). */
  ws?: WsLimits;
  now?: () => number;
}

export interface Faults {
  errorRate?: number;
  status?: number;
  delayMs?: number;
}

/** Each fault parameter: its check and what it allows (the 400 names both). */
const FAULT_RULES: Record<keyof Faults | "dropWebSockets", { ok: (v: unknown) => boolean; allowed: string }> = {
  errorRate: { ok: (v) => typeof v === "number" && v >= 0 && v <= 1, allowed: "a number from 0 to 1" },
  status: { ok: (v) => Number.isInteger(v) && (v as number) >= 400 && (v as number) <= 599, allowed: "an integer HTTP status from 400 to 599" },
  delayMs: { ok: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 60_000, allowed: "an integer number of milliseconds from 0 to 60000" },
  dropWebSockets: { ok: (v) => typeof v === "boolean", allowed: "a boolean" },
};

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
  /** Applies a seed (the same shape as POST /devnet/seed); throws a ValidationError naming bad keys. */
  seed(state: unknown): Promise<void>;
  setFaults(faults: Faults): void;
  /** Writes the SQLite snapshot now (when a state path is set). */
  save(): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
/** Pages served from this machine (the docs site's "Try it out") may call the devnet: CORS for them only. */
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/;

/** CORS headers for a loopback origin; true when the request was a preflight (answered here). */
function cors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!origin || !LOOPBACK_ORIGIN.test(origin)) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "Origin");
  if (req.method !== "OPTIONS") return false;
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "content-type",
    "access-control-max-age": "600",
  });
  res.end();
  return true;
}

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const host = options.host ?? "127.0.0.1";
  const isMainnet = options.network === "mainnet";
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const baseNow = options.now ?? Date.now;
  // While the write-ahead log replays, the engine runs at each record's original time.
  let replayTime: number | undefined;
  const engine = new Engine({
    markets: options.markets,
    network: options.network ?? "testnet",
    seed: options.seed ?? 1,
    now: () => replayTime ?? baseNow(),
    makerLevels: options.makerLevels,
  });
  const nonces = new NonceTracker();
  let wal: WriteAheadLog | undefined;
  let restored = false;
  if (options.statePath) {
    let snapshotSeq = 0;
    restored = await loadState(options.statePath, engine, nonces, (rows) => {
      snapshotSeq = Number(rows.get("walSeq") ?? 0);
      engine.nextFunding = Number(rows.get("nextFunding") ?? 0);
    });
    const opened = WriteAheadLog.open(options.statePath, snapshotSeq);
    wal = opened.wal;
    // Without a snapshot, the first run started its funding clock about when it logged its first record.
    const first = opened.records[0];
    if (first && engine.nextFunding === 0) engine.nextFunding = nextFundingAfter(first.t, options.fundingIntervalMs);
    restored ||= opened.records.length > 0;
    for (const record of opened.records) replay(record);
    replayTime = undefined;
  }
  // A fresh start gets the configured state; a restored one already has it.
  if (options.seedState !== undefined && !restored)
    await logged({ k: "seed", t: engine.now(), seed: options.seedState }, () => void applySeed(engine, options.seedState, "config"));
  if (engine.nextFunding <= engine.now()) engine.nextFunding = nextFundingAfter(engine.now(), options.fundingIntervalMs);
  for (const [user, usdc] of Object.entries(options.fund ?? {}))
    void logged({ k: "fund", t: engine.now(), u: user, usdc: String(usdc) }, () => engine.deposit(user, new Decimal(usdc))).catch(logWalError);
  let faults: Faults = {};
  const faultRandom = seededRandom((options.seed ?? 1) ^ 0x5eed);

  const registry = new Registry();
  const requests = new Counter({
    name: "devnet_requests_total",
    help: "Requests by endpoint and outcome",
    labelNames: ["endpoint", "outcome"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "devnet_request_seconds",
    help: "Request handling time",
    labelNames: ["endpoint"],
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.02, 0.1],
    registers: [registry],
  });

  /** Applies a state change and resolves once it is durable (at once without --state). */
  function logged(entry: WalEntry, apply: () => void): Promise<void> {
    apply();
    return wal ? wal.append(entry) : Promise.resolve();
  }

  function fundUser(user: string, usdc: string | undefined, spot: Record<string, string>): void {
    if (usdc !== undefined) engine.deposit(user, new Decimal(usdc));
    for (const [name, amount] of Object.entries(spot)) {
      const token = engine.tokens.find((t) => t.name === name);
      if (!token) continue;
      engine.addSpot(engine.account(user), token.index, new Decimal(amount));
      engine.ledger(engine.account(user), { type: "deposit", usdc: "0", token: name, amount });
    }
  }

  function applyAuthenticated(user: string, action: Parameters<typeof applyAction>[2]): ReturnType<typeof applyAction> {
    engine.account(user).nRequests++;
    return applyAction(engine, user, action);
  }

  function replay(record: WalRecord): void {
    replayTime = record.t;
    if (record.k === "x") {
      nonces.use(record.g, record.n, record.t);
      applyAuthenticated(record.u, record.a);
    } else if (record.k === "fund") fundUser(record.u, record.usdc, record.spot ?? {});
    else if (record.k === "seed") applySeed(engine, record.seed, "write-ahead log seed");
    else tick(engine, options.fundingIntervalMs);
  }

  const recovery = new SignerRecovery();
  const recover = (digest: Uint8Array, signature: Parameters<SignerRecovery["recover"]>[1]) => recovery.recover(digest, signature);
  const exchange = async (payload: unknown): Promise<{ status: number; body: unknown }> => {
    const auth = await authenticate(engine, nonces, payload, isMainnet, recover);
    if (!auth.ok) {
      requests.inc({ endpoint: "exchange", outcome: auth.httpStatus === 200 ? "rejected" : "malformed" });
      return auth.httpStatus === 200 ? { status: 200, body: { status: "err", response: auth.text } } : { status: 422, body: auth.text };
    }
    // authenticate() accepted the nonce, so it is a safe integer.
    const nonce = (payload as { nonce: number }).nonce;
    const record = { k: "x", t: engine.now(), u: auth.user, g: auth.signer, n: nonce, a: auth.action } as const;
    const result = applyAuthenticated(auth.user, auth.action);
    explorer.record(auth.user, auth.action, result);
    // Durable before it is acknowledged (the log append resolves after its fsync).
    await wal?.append(record);
    requests.inc({ endpoint: "exchange", outcome: result.status });
    return { status: 200, body: result };
  };

  const explorer = new ExplorerFeed(engine);
  const ws = new DevnetWebSocket(engine, exchange, options.ws);

  const server = createServer((req, res) => {
    if (cors(req, res)) return;
    void route(req, res).catch((e: unknown) => {
      // The devnet must never crash on input. What reaches here is a request the handlers did
      // not foresee: it answers 400 like other bad input, and is logged and counted
      // (outcome "internal") so tests can tell it from an ordinary rejection.
      console.error("devnet: unhandled request error", e);
      // A fixed label set: the path is client-supplied and must not grow the metrics.
      const path = (req.url ?? "/").split("?")[0];
      requests.inc({
        endpoint: path === "/info" || path === "/exchange" ? path.slice(1) : path?.startsWith("/devnet/") ? "admin" : "other",
        outcome: "internal",
      });
      if (!res.headersSent) send(res, 400, "Failed to process the request");
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/metrics") return send(res, 200, await registry.metrics(), registry.contentType);
    if (req.method === "GET" && (path === "/" || path === "/health"))
      return sendJson(res, 200, { status: "ok", network: isMainnet ? "mainnet" : "testnet", time: engine.now() });
    if (req.method !== "POST") return send(res, 404, "Not found");
    const raw = await readBody(req, maxBody);
    if (raw === null) {
      // Stop reading: the rest of the body is never buffered, and the connection closes.
      res.once("finish", () => req.destroy());
      return send(res, 413, "Payload too large", undefined, { connection: "close" });
    }
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

  async function admin(path: string, body: unknown, res: ServerResponse): Promise<void> {
    const b: Record<string, unknown> = typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body } : {};
    if (path === "/devnet/fund") {
      if (typeof b.user !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(b.user)) return sendJson(res, 400, { error: "user: expected a 20-byte hex address" });
      const user = b.user;
      if (b.usdc !== undefined && !/^\d+(\.\d+)?$/.test(String(b.usdc))) return sendJson(res, 400, { error: "usdc: expected a non-negative decimal" });
      const spot: Record<string, string> = {};
      if (b.spot !== undefined && (typeof b.spot !== "object" || b.spot === null || Array.isArray(b.spot)))
        return sendJson(res, 400, { error: "spot: expected an object of token name → amount" });
      for (const [name, amount] of Object.entries(b.spot ?? {})) {
        if (!engine.tokens.some((t) => t.name === name) || !/^\d+(\.\d+)?$/.test(String(amount)))
          return sendJson(res, 400, { error: `spot.${name}: expected a known token and a non-negative decimal` });
        spot[name] = String(amount);
      }
      const usdc = b.usdc === undefined ? undefined : String(b.usdc);
      await logged({ k: "fund", t: engine.now(), u: user, ...(usdc === undefined ? {} : { usdc }), spot }, () => fundUser(user, usdc, spot));
      return sendJson(res, 200, { status: "ok" });
    }
    if (path === "/devnet/faults") {
      for (const [field, value] of Object.entries(b)) {
        const rule = Object.hasOwn(FAULT_RULES, field) ? FAULT_RULES[field as keyof typeof FAULT_RULES] : undefined;
        if (!rule) return sendJson(res, 400, { error: `${field}: unknown fault parameter; allowed: ${Object.keys(FAULT_RULES).join(", ")}` });
        if (!rule.ok(value)) return sendJson(res, 400, { error: `${field}: ${JSON.stringify(value)} is not allowed; expected ${rule.allowed}` });
      }
      if (b.dropWebSockets === true) ws.dropAll();
      const next: Faults = {};
      if (b.errorRate !== undefined) next.errorRate = b.errorRate as number;
      if (b.status !== undefined) next.status = b.status as number;
      if (b.delayMs !== undefined) next.delayMs = b.delayMs as number;
      faults = b.dropWebSockets !== undefined && Object.keys(b).length === 1 ? faults : next;
      return sendJson(res, 200, { status: "ok", faults });
    }
    if (path === "/devnet/seed") {
      try {
        await logged({ k: "seed", t: engine.now(), seed: body }, () => void applySeed(engine, body, "POST /devnet/seed"));
      } catch (e) {
        if (e instanceof ValidationError) return sendJson(res, 400, { error: e.shortMessage, issues: e.issues });
        throw e;
      }
      return sendJson(res, 200, { status: "ok" });
    }
    if (path === "/devnet/tick") {
      await logged({ k: "tick", t: engine.now() }, () => tick(engine, options.fundingIntervalMs));
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
  const timer = setInterval(() => void logged({ k: "tick", t: engine.now() }, () => tick(engine, options.fundingIntervalMs)).catch(logWalError), 1000);
  timer.unref();
  const stopFlow = options.flow ? startFlow(engine, options.flow, options.seed ?? 1) : () => undefined;
  let saving: Promise<void> = Promise.resolve();
  /** Snapshots now (after any snapshot in progress); the log entries it includes are deleted. */
  const snapshot = (): Promise<void> => {
    const path = options.statePath;
    if (!path) return Promise.resolve();
    saving = saving.then(async () => {
      let covered = -1;
      await saveState(path, engine, nonces, () => {
        covered = wal?.rotate() ?? -1;
        return { walSeq: wal?.lastSeq ?? 0, nextFunding: engine.nextFunding };
      });
      await wal?.discardThrough(covered);
    });
    return saving;
  };
  const saveTimer = options.statePath ? setInterval(() => void snapshot().catch(logWalError), 10_000) : undefined;
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
    fund: (user, usdc) =>
      void logged({ k: "fund", t: engine.now(), u: user, usdc: String(usdc) }, () => engine.deposit(user, new Decimal(usdc))).catch(logWalError),
    seed: (state) => logged({ k: "seed", t: engine.now(), seed: state }, () => void applySeed(engine, state)),
    setFaults: (f) => {
      faults = { ...f };
    },
    save: snapshot,
    close: async () => {
      clearInterval(timer);
      if (saveTimer) clearInterval(saveTimer);
      stopFlow();
      ws.close();
      await recovery.close();
      await snapshot();
      await wal?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function logWalError(e: unknown): void {
  console.error("devnet: write-ahead log append failed", e);
}

/** The body as text, or null once it exceeds `max` (by its Content-Length, or as it streams). */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > max) {
    req.pause();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      req.off("data", onData);
      req.pause();
      resolve(null);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, text: string, type = "text/plain; charset=utf-8", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), "application/json");
}
