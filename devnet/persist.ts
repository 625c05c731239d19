/**
 * `--state FILE`: the devnet's state in SQLite (sql.js, WebAssembly: nothing to compile).
 * One row per account plus a few engine-wide rows; written atomically (temp file + rename)
 * every 10 s and on close, so a paper account survives restarts.
 */
import { existsSync } from "node:fs";
import { open, readFile, rename } from "node:fs/promises";
import { createRequire } from "node:module";
import { Decimal } from "decimal.js";
import * as v from "valibot";
import { validate, type MessageName, type Wire as T } from "../src/index.js";
import { newAccount, type Account, type OpenOrder } from "./accounts.js";
import type { NonceTracker } from "./auth.js";
import type { Engine } from "./engine.js";
import { restoreWorld, worldToJson } from "./world.js";

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
const parseJson = (text: unknown): unknown => JSON.parse(String(text));

// The stored state, checked on load: decimals come back as Decimal, wire records (fills,
// ledger, fundings, trades) are held to the schema's own generated validators.
const Dec = v.pipe(
  v.string(),
  v.decimal(),
  v.transform((s) => new Decimal(s)),
);
/** A wire record list checked by the SDK's generated validator for `name`. */
const wireList = <T>(name: MessageName) => v.custom<T>((x) => validate(name, x).length === 0, `not a valid ${name}`);
const LeverageSchema = v.object({ type: v.picklist(["cross", "isolated"]), value: v.number() });
const OrderSchema = v.object({
  oid: v.number(),
  user: v.string(),
  coin: v.string(),
  asset: v.number(),
  side: v.picklist(["B", "A"]),
  limitPx: v.string(),
  pxNum: v.number(),
  sz: Dec,
  origSz: Dec,
  timestamp: v.number(),
  cloid: v.optional(v.string()),
  reduceOnly: v.boolean(),
  tif: v.picklist(["Gtc", "Ioc", "Alo", "FrontendMarket", "LiquidationMarket"]),
  orderType: v.string(),
  builder: v.optional(v.object({ b: v.string(), f: v.number() })),
  trigger: v.optional(
    v.object({ triggerPx: v.string(), triggerPxNum: v.number(), isMarket: v.boolean(), tpsl: v.picklist(["tp", "sl"]), parentOid: v.optional(v.number()) }),
  ),
});
const PositionSchema = v.object({
  coin: v.string(),
  szi: Dec,
  entryNtl: Dec,
  leverage: LeverageSchema,
  isolatedMargin: Dec,
  cumFunding: v.object({ allTime: Dec, sinceOpen: Dec, sinceChange: Dec }),
});
const AccountSchema = v.object({
  address: v.string(),
  usdc: Dec,
  cumVlm: Dec,
  nRequests: v.number(),
  spot: v.array(v.tuple([v.number(), Dec])),
  positions: v.array(PositionSchema),
  leverage: v.array(v.tuple([v.string(), LeverageSchema])),
  openOrders: v.array(OrderSchema),
  history: v.array(v.object({ order: OrderSchema, status: v.string(), statusTimestamp: v.number() })),
  fills: wireList<T.UserFillsResponse>("UserFillsResponse"),
  fundings: wireList<T.UserFundingResponse>("UserFundingResponse"),
  ledger: wireList<T.UserNonFundingLedgerUpdatesResponse>("UserNonFundingLedgerUpdatesResponse"),
  twapSliceFills: wireList<T.UserTwapSliceFillsResponse>("UserTwapSliceFillsResponse"),
  agents: v.array(v.tuple([v.string(), v.object({ name: v.string(), validUntil: v.number() })])),
  builderFees: v.array(v.tuple([v.string(), v.number()])),
  subAccounts: v.array(v.string()),
  master: v.optional(v.string()),
  subAccountName: v.optional(v.string()),
  vault: v.optional(v.object({ name: v.string(), description: v.string(), leader: v.string() })),
  multiSig: v.optional(v.object({ authorizedUsers: v.array(v.string()), threshold: v.number() })),
  referrer: v.optional(v.string()),
  referralCode: v.optional(v.string()),
  displayName: v.optional(v.string()),
  scheduledCancel: v.optional(v.number()),
});
const CountersSchema = v.object({ nextOid: v.number(), nextTid: v.number(), nextHash: v.number(), nextTwapId: v.number() });
const EngineRows = {
  counters: v.optional(CountersSchema),
  oracle: v.optional(v.array(v.tuple([v.string(), Dec])), []),
  trades: v.optional(v.array(v.tuple([v.string(), wireList<T.RecentTradesResponse>("RecentTradesResponse")])), []),
  fundingHistory: v.optional(v.array(v.tuple([v.string(), wireList<T.FundingHistoryResponse>("FundingHistoryResponse")])), []),
  nonces: v.optional(v.record(v.string(), v.array(v.number())), {}),
  world: v.optional(v.unknown()),
};

function accountToJson(a: Account): unknown {
  const { reserved: _reserved, ...rest } = a;
  const order = ({ reserved: _r, ...o }: OpenOrder) => ({ ...o, sz: dec(o.sz), origSz: dec(o.origSz) });
  return {
    ...rest,
    usdc: dec(a.usdc),
    cumVlm: dec(a.cumVlm),
    spot: [...a.spot].map(([k, d]) => [k, dec(d)]),
    positions: [...a.positions.values()].map((p) => ({
      ...p,
      szi: dec(p.szi),
      entryNtl: dec(p.entryNtl),
      isolatedMargin: dec(p.isolatedMargin),
      cumFunding: { allTime: dec(p.cumFunding.allTime), sinceOpen: dec(p.cumFunding.sinceOpen), sinceChange: dec(p.cumFunding.sinceChange) },
    })),
    leverage: [...a.leverage],
    openOrders: [...a.openOrders.values()].map(order),
    history: a.history.map((h) => ({ ...h, order: order(h.order) })),
    agents: [...a.agents],
    builderFees: [...a.builderFees],
  };
}

function accountFromJson(json: unknown): Account {
  const j = v.parse(AccountSchema, json);
  return {
    ...newAccount(j.address),
    ...j,
    spot: new Map(j.spot),
    positions: new Map(j.positions.map((p) => [p.coin, p])),
    leverage: new Map(j.leverage),
    openOrders: new Map(j.openOrders.map((o) => [o.oid, o])),
    agents: new Map(j.agents),
    builderFees: new Map(j.builderFees),
    reserved: { margin: new Decimal(0), spot: new Map() },
  };
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
      world: worldToJson(engine),
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
    const kv = new Map(rows("SELECT key, value FROM engine").map(([k, value]) => [String(k), parseJson(value)]));
    const stored = v.parse(v.object(EngineRows), Object.fromEntries([...kv].filter(([k]) => k in EngineRows)));
    if (stored.counters) Object.assign(engine, stored.counters);
    // Deployed markets first: the oracle rows, positions and orders below name them.
    if (stored.world !== undefined) restoreWorld(engine, stored.world);
    for (const [coin, px] of stored.oracle) if (engine.oracle.has(coin)) engine.oracle.set(coin, px);
    for (const [coin, list] of stored.trades) if (engine.trades.has(coin)) engine.trades.set(coin, list);
    for (const [coin, list] of stored.fundingHistory) if (engine.fundingHistory.has(coin)) engine.fundingHistory.set(coin, list);
    nonces.load(stored.nonces);
    extra?.(kv);
    const restored: OpenOrder[] = [];
    for (const [, state] of rows("SELECT address, state FROM accounts")) {
      const account = accountFromJson(parseJson(state));
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
