/**
 * The guard rails' added cost per order (`npm run bench guard`), in one run, interleaved:
 *   - "sign + send, no guard": ExchangeClient.order over an in-memory transport that answers a
 *     canned fill (no network: what is left is validation, signing, encoding, decoding);
 *   - "sign + send, guard live": the same with a live GuardRails (every risk rule configured,
 *     the audit log before and after in a WAL SQLite file, order_state updated);
 *   - "guard pipeline alone": GuardRails.execute around a pre-signed payload and the canned
 *     answer: mode, kill switch, risk rules, two chained audit rows, the order_state row;
 *   - "SQLite commit alone (floor)": one INSERT of a same-sized row into audit_log in its own
 *     commit (WAL, synchronous=NORMAL, no checkpoint), no JS around it: what the durable "before"
 *     row costs at the least on this machine.
 * Target: the pipeline adds ≤ 15 µs p99 over signing.
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExchangeClient } from "../src/clients/exchange.js";
import { parseGuardConfig } from "../src/guard/config.js";
import { GuardRails } from "../src/guard/pipeline.js";
import type { AccountView } from "../src/guard/risk.js";
import { SCHEMA } from "../src/guard/store-schema.js";
import { openGuardStore } from "../src/guard/store.js";
import { privateKeyWallet } from "../src/signing/index.js";
import type { Transport } from "../src/transport/types.js";
import { measureInterleaved, printGroup } from "./harness.js";

const KEY = "0x8f1d3a6c0b5e4f2a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e";
const DURATION_MS = Number(process.env.HL_BENCH_MS ?? 3000);
const WARMUP_MS = Number(process.env.HL_BENCH_WARMUP_MS ?? 1000);

const CONFIG = `
mode = "live"
[risk]
max_order_notional = 50000
max_position_notional = 200000
max_open_orders = 100
max_orders_per_second = 1000000000
max_drawdown = 0.10
price_band = 0.05
allow = ["BTC", "ETH"]
[risk.symbols.BTC]
max_position = "2"
max_order_notional = 100000
`;

/** A fixed account: flat, BTC at 30 000. */
const account: AccountView = { coinOf: (a) => (a === 0 ? "BTC" : a === 1 ? "ETH" : undefined), mid: () => 30_000, position: () => 0, openOrders: () => 3 };

let oid = 1;
/** A fresh answer per call (a new oid), as the exchange would give. */
const filled = () => ({ status: "ok", response: { type: "order", data: { statuses: [{ filled: { totalSz: "0.01", avgPx: "30010", oid: oid++ } }] } } });
const transport: Transport = { request: () => Promise.resolve(filled()) as never };

export async function runGuardBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hl-bench-guard-"));
  const store = openGuardStore(join(dir, "bench.db"));
  try {
    const config = parseGuardConfig(CONFIG);
    const guard = new GuardRails({ config, store, account, network: "bench", env: {} });
    const wallet = privateKeyWallet(KEY);
    const bare = new ExchangeClient({ wallet, transport, isMainnet: false });
    const guarded = new ExchangeClient({ wallet, transport, isMainnet: false, guard });
    const order = { orders: [{ a: 0, b: true, p: "30010", s: "0.01", r: false, t: { limit: { tif: "Ioc" as const } } }], grouping: "na" as const };
    const action = { type: "order", ...order };
    const payload = { action, nonce: 1_700_000_000_000, signature: { r: `0x${"1".repeat(64)}`, s: `0x${"2".repeat(64)}`, v: 27 } };
    const io = { sign: () => Promise.resolve(payload), send: () => Promise.resolve(filled()) };
    // An answer that arrives on a later turn of the event loop, as a socket's does: the deferred
    // writes of the previous order run then, as they would while a real order is in flight.
    const nextTurn = (): Promise<ReturnType<typeof filled>> => new Promise((r) => setImmediate(() => r(filled())));
    const ioTurn = { sign: () => Promise.resolve(payload), send: nextTurn };
    const bareTurn = async (): Promise<unknown> => {
      await ioTurn.sign();
      return ioTurn.send();
    };
    const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
    const floorDb = new Sqlite(join(dir, "floor.db"));
    floorDb.pragma("journal_mode = WAL");
    floorDb.pragma("synchronous = NORMAL");
    floorDb.pragma("wal_autocheckpoint = 0");
    floorDb.exec(SCHEMA);
    const floorInsert = floorDb.prepare(
      "INSERT INTO audit_log (ts, operation, mode, phase, ref, status, payload, response, error, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const payloadText = JSON.stringify(payload);
    const checksum = "ab".repeat(32);
    let floorRows = 0;
    const floor = (): void => {
      floorInsert.run(Date.now() * 1000, "order", "live", "before", null, "pending", payloadText, null, null, checksum);
      // A checkpoint now and then (outside the timed call would be kinder; this is what a store must do too).
      if (++floorRows % 8192 === 0) floorDb.pragma("wal_checkpoint(PASSIVE)");
    };
    const rows = await measureInterleaved(
      [
        ["sign + send, no guard", () => bare.order(order)],
        ["sign + send, guard live", () => guarded.order(order)],
        ["guard pipeline alone", () => guard.execute("order", action, io)],
        ["answer on the next turn, no guard", bareTurn],
        ["answer on the next turn, guard pipeline", () => guard.execute("order", action, ioTurn)],
        ["SQLite commit alone (floor)", floor],
      ],
      { warmupMs: WARMUP_MS, durationMs: DURATION_MS },
    );
    printGroup("guard rails: added cost per order (in-memory transport, WAL store, synchronous=NORMAL, checkpoints off the commit path)", rows);
    floorDb.close();
    const [a, b, c, e, f, d] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0], (typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    console.log(
      `added by the guard: p50 ${(b.p50us - a.p50us).toFixed(1)} µs, p99 ${(b.p99us - a.p99us).toFixed(1)} µs (difference of the two client rows); ` +
        `pipeline alone p50 ${c.p50us.toFixed(1)} µs, p99 ${c.p99us.toFixed(1)} µs (target ≤ 15 µs p99); ` +
        `answered on the next turn: the guard adds p50 ${(f.p50us - e.p50us).toFixed(1)} µs, p99 ${(f.p99us - e.p99us).toFixed(1)} µs; ` +
        `floor (one bare SQLite commit) p50 ${d.p50us.toFixed(1)} µs, p99 ${d.p99us.toFixed(1)} µs; audit rows written ${store.auditRows().length}`,
    );
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
