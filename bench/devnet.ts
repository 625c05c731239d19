/**
 * Devnet throughput: signed order actions per second it verifies, matches and answers (the
 * devnet runs in its own process, the client pre-signs every payload and keeps 32 requests in
 * flight), against the same client hammering a bare loopback HTTP echo (the anchor: what the
 * transport alone allows on this machine). Then l2Book fan-out to 100 WebSocket subscribers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { generatePrivateKey } from "viem/accounts";
import { WebSocket } from "ws";
import { privateKeyWallet, signAction } from "../src/index.js";
import { summarize, printGroup, type Result } from "./harness.js";

const ORDERS = Number(process.env.DEVNET_BENCH_ORDERS ?? 20_000);
const WALLETS = 32;
const IN_FLIGHT = 32;

async function startChild(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [...(process.env.DEVNET_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.DEVNET_PROF] : []), "bin/hl.js", "devnet", "--port", "0", "--seed", "4"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (c) => reject(new Error(`devnet exited ${c}`)));
  });
  return { url, child };
}

/** Pre-signed bodies: 80% resting limit orders below the mid, 20% IOC takers. */
async function signOrders(url: string): Promise<string[]> {
  const wallets = Array.from({ length: WALLETS }, () => privateKeyWallet(generatePrivateKey()));
  for (const w of wallets) await fetch(`${url}/devnet/fund`, { method: "POST", body: JSON.stringify({ user: w.address, usdc: "100000000" }) });
  const mids = (await (await fetch(`${url}/info`, { method: "POST", body: '{"type":"allMids"}' })).json()) as Record<string, string>;
  const btc = Number(mids.BTC);
  const base = Date.now();
  const bodies: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const wallet = wallets[i % WALLETS]!;
    const taker = i % 5 === 4;
    const px = taker ? String(Math.round(btc * 1.01)) : String(Math.round(btc * (0.9 - (i % 500) * 0.0001)));
    const signed = await signAction({
      wallet,
      action: { type: "order", orders: [{ a: 0, b: true, p: px, s: "0.001", r: false, t: { limit: { tif: taker ? "Ioc" : "Gtc" } } }], grouping: "na" },
      nonce: base + Math.floor(i / WALLETS),
      isMainnet: false,
    });
    bodies.push(JSON.stringify(signed));
  }
  return bodies;
}

async function blast(url: string, path: string, bodies: string[], check: (text: string) => boolean): Promise<Result & { failures: number }> {
  const pool = new Pool(url, { connections: IN_FLIGHT, pipelining: 1 });
  const times: number[] = [];
  let next = 0;
  let failures = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const res = await pool.request({ path, method: "POST", body, headers: { "content-type": "application/json" } });
        const text = await res.body.text();
        times.push(performance.now() - t0);
        if (res.statusCode !== 200 || !check(text)) failures++;
      }
    }),
  );
  const elapsed = performance.now() - start;
  await pool.close();
  return { ...summarize(path, times, elapsed), failures };
}

/** The same pre-signed payloads as WebSocket `post` requests over 4 connections. */
async function blastWs(wsUrl: string, bodies: string[], check: (payload: unknown) => boolean): Promise<Result & { failures: number }> {
  const CONNS = 4;
  const sockets = await Promise.all(
    Array.from({ length: CONNS }, async () => {
      const ws = new WebSocket(wsUrl);
      await new Promise((r) => ws.once("open", r));
      return ws;
    }),
  );
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  let received = 0;
  const sentAt = new Map<number, number>();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const sendOne = (ws: WebSocket): void => {
      if (next >= bodies.length) return;
      const id = next++;
      sentAt.set(id, performance.now());
      ws.send(`{"method":"post","id":${id},"request":{"type":"action","payload":${bodies[id]}}}`);
    };
    for (const ws of sockets) {
      ws.on("message", (d) => {
        const msg = JSON.parse(d.toString()) as { channel: string; data: { id: number; response: { type: string; payload: unknown } } };
        if (msg.channel !== "post") return;
        times.push(performance.now() - sentAt.get(msg.data.id)!);
        if (msg.data.response.type !== "action" || !check(msg.data.response.payload)) failures++;
        if (++received === bodies.length) resolve();
        else sendOne(ws);
      });
      for (let i = 0; i < IN_FLIGHT / CONNS; i++) sendOne(ws);
    }
  });
  const elapsed = performance.now() - start;
  for (const ws of sockets) ws.close();
  return { ...summarize("ws post", times, elapsed), failures };
}

async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const canned = JSON.stringify({ status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 1 } }] } } });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end(canned));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

async function fanOut(url: string, wsUrl: string): Promise<Result> {
  const N = 100;
  const sockets: WebSocket[] = [];
  const arrivals: number[] = [];
  let sentAt = 0;
  let waiting = 0;
  let done: (() => void) | undefined;
  for (let i = 0; i < N; i++) {
    const ws = new WebSocket(wsUrl);
    await new Promise((r) => ws.once("open", r));
    ws.on("message", (d) => {
      if (!sentAt || !d.toString().startsWith('{"channel":"l2Book"')) return;
      arrivals.push(performance.now() - sentAt);
      if (--waiting === 0) done?.();
    });
    ws.send(JSON.stringify({ method: "subscribe", subscription: { type: "l2Book", coin: "ETH" } }));
    sockets.push(ws);
  }
  await new Promise((r) => setTimeout(r, 300));
  const wallet = privateKeyWallet(generatePrivateKey());
  await fetch(`${url}/devnet/fund`, { method: "POST", body: JSON.stringify({ user: wallet.address, usdc: "1000000" }) });
  const rounds = 200;
  const start = performance.now();
  const perRound: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const signed = await signAction({
      wallet,
      action: { type: "order", orders: [{ a: 1, b: true, p: String(1000 + i), s: "0.1", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" },
      nonce: Date.now() + i,
      isMainnet: false,
    });
    waiting = N;
    arrivals.length = 0;
    const all = new Promise<void>((r) => (done = r));
    sentAt = performance.now();
    await fetch(`${url}/exchange`, { method: "POST", body: JSON.stringify(signed) });
    await all;
    perRound.push(Math.max(...arrivals));
  }
  const elapsed = performance.now() - start;
  for (const s of sockets) s.close();
  // ops = book updates delivered to every subscriber; latency = order sent → last subscriber has it.
  return summarize(`l2Book → ${N} subscribers`, perRound, elapsed);
}

export async function runDevnetBench(): Promise<void> {
  const { url, child } = await startChild();
  try {
    console.log(`\npre-signing ${ORDERS} orders from ${WALLETS} wallets…`);
    const bodies = await signOrders(url);
    const half = Math.floor(bodies.length / 2);
    const devnet = await blast(url, "/exchange", bodies.slice(0, half), (t) => t.includes('"status":"ok"') && !t.includes('"error"'));
    const devnetWs =
      process.env.DEVNET_BENCH_ONLY === "http"
        ? { ...devnet, name: "ws post", failures: 0 }
        : await blastWs(
            url.replace("http", "ws") + "/ws",
            bodies.slice(half),
            (p) => JSON.stringify(p).includes('"status":"ok"') && !JSON.stringify(p).includes('"error"'),
          );
    const echo = await echoServer();
    const anchor = await blast(echo.url, "/exchange", bodies.slice(0, half), () => true);
    await echo.close();
    printGroup(`devnet: signed order actions (${ORDERS}, ${IN_FLIGHT} in flight; target ≥ 5,000/s)`, [
      { ...devnet, name: `hl devnet POST /exchange` },
      { ...devnetWs, name: "hl devnet WebSocket post" },
      { ...anchor, name: "anchor: bare loopback HTTP echo" },
    ]);
    if (devnet.failures || devnetWs.failures) console.log(`!! ${devnet.failures + devnetWs.failures} requests were not accepted`);
    const fan = await fanOut(url, url.replace("http", "ws") + "/ws");
    printGroup("devnet: l2Book fan-out (order → every subscriber has the new book)", [fan]);
  } finally {
    child.kill("SIGTERM");
  }
}
