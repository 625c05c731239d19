/**
 * A bench-only loopback Hyperliquid API that answers instantly. POST /exchange: a canned resting
 * order (nothing is checked: the time of everything in front of it is what a bench measures);
 * POST /info: `{}`. WebSocket /ws: a source that outruns any client: on each
 * {"method":"subscribe"} of `trades` it sends pre-built trades frames for that coin as fast as
 * the socket drains (one trade per frame, a fresh tid each) until it unsubscribes, so the
 * subscriber's own speed is what a bench measures. Prints
 * `listening on http://127.0.0.1:PORT` and counts frames sent on stderr when it exits
 * (SIGTERM, or after 5 minutes).
 *
 * Usage: node bench/python/loopback_api.mjs
 */
import { createServer } from "node:http";
import { setImmediate, setTimeout } from "node:timers";
import { WebSocketServer } from "ws";

const HIGH_WATER = 1 << 20;
const RESTING = JSON.stringify({ status: "ok", response: { type: "order", data: { statuses: [{ resting: { oid: 77738308 } }] } } });
let sent = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(req.url === "/exchange" ? RESTING : req.url === "/info" ? "{}" : "null");
  });
});
const wss = new WebSocketServer({ server, path: "/ws" });

function frame(coin, tid) {
  const trade = {
    coin,
    side: tid % 2 ? "B" : "A",
    px: "97000.5",
    sz: "0.01",
    time: 1_700_000_000_000 + tid,
    hash: "0x" + "ab".repeat(32),
    tid,
    users: ["0x" + "11".repeat(20), "0x" + "22".repeat(20)],
  };
  return JSON.stringify({ channel: "trades", data: [trade] });
}

wss.on("connection", (ws) => {
  const flooding = new Set();
  ws.on("message", (raw) => {
    let msg;
    try {
      msg = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (msg.method === "ping") return ws.send(JSON.stringify({ channel: "pong" }));
    if (msg.subscription?.type !== "trades") return;
    const coin = String(msg.subscription.coin);
    if (msg.method === "unsubscribe") return void flooding.delete(coin);
    if (msg.method !== "subscribe") return;
    ws.send(JSON.stringify({ channel: "subscriptionResponse", data: { method: "subscribe", subscription: msg.subscription } }));
    if (flooding.has(coin)) return;
    flooding.add(coin);
    let tid = 0;
    const pump = () => {
      if (ws.readyState !== ws.OPEN || !flooding.has(coin)) return;
      while (ws.bufferedAmount < HIGH_WATER) {
        ws.send(frame(coin, ++tid));
        sent++;
        if (tid % 256 === 0) break;
      }
      setImmediate(pump);
    };
    pump();
  });
});

server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
const stop = () => {
  console.error(`loopback_api: ${sent} frames sent`);
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
setTimeout(stop, 300_000).unref();
