/**
 * `--state FILE`: the devnet's state in SQLite (sql.js, WebAssembly: nothing to compile).
 * One row per account plus a few engine-wide rows; written atomically (temp file + rename)
 * every 10 s and on close, so a paper account survives restarts.
 */
import { existsSync } from "node:fs";
import { open, readFile, rename } from "node:fs/promises";
import { createRequire } from "node:module";
import { Decimal } from "decimal.js";
import { newAccount, type Account, type HistoricalOrder, type OpenOrder, type Position } from "./accounts.js";
import type { NonceTracker } from "./auth.js";
import type { Engine } from "./engine.js";

interface SqlJsDatabase {
  run(sql: string, params?: unknown[]): void;
  exec(sql: string): { columns: string[]; values: unknown[][] }[];
  export(): Uint8Array;
  close(): void;
}
type SqlJs = { Database: new (data?: Uint8Array) => SqlJsDatabase };

let sqlJs: Promise<SqlJs> | undefined;
function sql(): Promise<SqlJs> {
  const init = createRequire(import.meta.url)("sql.js") as (config?: unknown) => Promise<SqlJs>;
  return (sqlJs ??= init());
}

const dec = (d: Decimal): string => d.toFixed();

function orderToJson(o: OpenOrder): unknown {
  const { reserved: _reserved, ...rest } = o;
  return { ...rest, sz: dec(o.sz), origSz: dec(o.origSz) };
}

function orderFromJson(o: Record<string, unknown>): OpenOrder {
  return { ...(o as unknown as OpenOrder), sz: new Decimal(o.sz as string), origSz: new Decimal(o.origSz as string) };
}

function accountToJson(a: Account): unknown {
  const { reserved: _reserved, ...rest } = a;
  return {
    ...rest,
    usdc: dec(a.usdc),
    cumVlm: dec(a.cumVlm),
    spot: [...a.spot].map(([k, v]) => [k, dec(v)]),
    positions: [...a.positions.values()].map((p) => ({ ...p, szi: dec(p.szi), entryNtl: dec(p.entryNtl), isolatedMargin: dec(p.isolatedMargin), cumFunding: { allTime: dec(p.cumFunding.allTime), sinceOpen: dec(p.cumFunding.sinceOpen), sinceChange: dec(p.cumFunding.sinceChange) } })),
    leverage: [...a.leverage],
    openOrders: [...a.openOrders.values()].map(orderToJson),
    history: a.history.map((h) => ({ ...h, order: orderToJson(h.order) })),
    agents: [...a.agents],
    builderFees: [...a.builderFees],
  };
}

function accountFromJson(j: Record<string, unknown>): Account {
  const a = { ...newAccount(j.address as string), ...(j as unknown as Account) };
  a.usdc = new Decimal(j.usdc as string);
  a.cumVlm = new Decimal(j.cumVlm as string);
  a.spot = new Map((j.spot as [number, string][]).map(([k, v]) => [k, new Decimal(v)]));
  a.positions = new Map(
    (j.positions as Record<string, unknown>[]).map((p) => {
      const cf = p.cumFunding as Record<string, string>;
      return [p.coin as string, { ...(p as unknown as Position), szi: new Decimal(p.szi as string), entryNtl: new Decimal(p.entryNtl as string), isolatedMargin: new Decimal(p.isolatedMargin as string), cumFunding: { allTime: new Decimal(cf.allTime!), sinceOpen: new Decimal(cf.sinceOpen!), sinceChange: new Decimal(cf.sinceChange!) } }];
    }),
  );
  a.leverage = new Map(j.leverage as [string, Account["leverage"] extends Map<string, infer L> ? L : never][]);
  a.openOrders = new Map((j.openOrders as Record<string, unknown>[]).map((o) => [o.oid as number, orderFromJson(o)]));
  a.history = (j.history as Record<string, unknown>[]).map((h) => ({ ...(h as unknown as HistoricalOrder), order: orderFromJson(h.order as Record<string, unknown>) }));
  a.agents = new Map(j.agents as [string, { name: string; validUntil: number }][]);
  a.builderFees = new Map(j.builderFees as [string, number][]);
  a.reserved = { margin: new Decimal(0), spot: new Map() };
  return a;
}

/**
 * Writes the snapshot. `extra` runs at the instant state is captured (synchronously with it)
 * and adds engine rows: the write-ahead log records there which of its entries are included.
 */
export async function saveState(path: string, engine: Engine, nonces: NonceTracker, extra?: () => Record<string, unknown>): Promise<void> {
  const SQL = await sql();
  const db = new SQL.Database();
  try {
    db.run("CREATE TABLE accounts (address TEXT PRIMARY KEY, state TEXT NOT NULL)");
    db.run("CREATE TABLE engine (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    for (const a of engine.accounts.values()) if (!a.system) db.run("INSERT INTO accounts VALUES (?, ?)", [a.address, JSON.stringify(accountToJson(a))]);
    const engineRows: Record<string, unknown> = {
      counters: { nextOid: engine.nextOid, nextTid: engine.nextTid, nextHash: engine.nextHash, nextTwapId: engine.nextTwapId },
      oracle: [...engine.oracle].map(([k, v]) => [k, dec(v)]),
      trades: [...engine.trades],
      fundingHistory: [...engine.fundingHistory],
      nonces: nonces.toJSON(),
      savedAt: engine.now(),
      ...extra?.(),
    };
    for (const [k, v] of Object.entries(engineRows)) db.run("INSERT INTO engine VALUES (?, ?)", [k, JSON.stringify(v)]);
    const tmp = `${path}.tmp`;
    // fsync before the rename: the write-ahead log is deleted once this snapshot is in place.
    const file = await open(tmp, "w");
    try {
      await file.writeFile(db.export());
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } finally {
    db.close();
  }
}

/** Loads the snapshot; `extra` receives the engine rows (e.g. the log position it includes). */
export async function loadState(path: string, engine: Engine, nonces: NonceTracker, extra?: (rows: Map<string, unknown>) => void): Promise<boolean> {
  if (!existsSync(path)) return false;
  const SQL = await sql();
  const db = new SQL.Database(await readFile(path));
  try {
    const rows = (q: string): unknown[][] => db.exec(q)[0]?.values ?? [];
    const kv = new Map(rows("SELECT key, value FROM engine").map(([k, v]) => [k as string, JSON.parse(v as string) as unknown]));
    const counters = kv.get("counters") as Record<string, number> | undefined;
    if (counters) Object.assign(engine, counters);
    for (const [coin, px] of (kv.get("oracle") as [string, string][] | undefined) ?? []) if (engine.oracle.has(coin)) engine.oracle.set(coin, new Decimal(px));
    for (const [coin, list] of (kv.get("trades") as [string, Record<string, unknown>[]][] | undefined) ?? []) if (engine.trades.has(coin)) engine.trades.set(coin, list);
    for (const [coin, list] of (kv.get("fundingHistory") as [string, Record<string, unknown>[]][] | undefined) ?? []) if (engine.fundingHistory.has(coin)) engine.fundingHistory.set(coin, list);
    nonces.load((kv.get("nonces") as Record<string, number[]> | undefined) ?? {});
    extra?.(kv);
    const restored: OpenOrder[] = [];
    for (const [, state] of rows("SELECT address, state FROM accounts")) {
      const account = accountFromJson(JSON.parse(state as string) as Record<string, unknown>);
      engine.accounts.set(account.address, account);
      for (const [agent] of account.agents) engine.agentOwners.set(agent, account.address);
      if (account.referralCode) engine.referralCodes.set(account.referralCode, account.address);
      for (const o of account.openOrders.values()) engine.reserve(account, o);
      restored.push(...account.openOrders.values());
    }
    // Rebuild books and trigger sets in time priority; the market maker re-quotes fresh.
    for (const o of restored.sort((x, y) => x.oid - y.oid)) {
      if (o.trigger) {
        let set = engine.triggers.get(o.coin);
        if (!set) engine.triggers.set(o.coin, (set = new Set()));
        set.add(o);
      } else {
        engine.books.get(o.coin)?.add(o);
      }
      for (const h of engine.accounts.get(o.user)?.history ?? []) if (h.order.oid === o.oid) h.order = o;
    }
    for (const a of engine.accounts.values()) for (const h of a.history) engine.orders.set(h.order.oid, { user: a.address, entry: h });
    for (const m of [...engine.perps, ...engine.spots]) engine.requote(m);
    return true;
  } finally {
    db.close();
  }
}
