/**
 * The guard rails' one SQLite store (better-sqlite3, WAL): the hash-chained audit log, every
 * loaded config version, the orders this process placed and small persistent state (the kill
 * switch, the equity high-water mark). The native module loads only when a store is opened,
 * so importing the SDK without guard rails never touches it.
 *
 * The audit log is append-only: an action writes a "before" row (status pending) before it is
 * sent and an "after" row referencing it when the answer is in. Each row's checksum is SHA-256
 * over its fields and the previous row's checksum, so an edited, deleted or reordered row
 * breaks the chain ({@link GuardStore.verifyChain}). A "before" row without its "after" row,
 * found when the store opens, was cut off by a crash: it is completed as "outcome-unknown".
 */
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { anchorMismatch, type AuditAnchor } from "./anchor.js";
import { checksumOf, GENESIS, legacyChecksumOf, storable } from "./audit-row.js";
import { BackgroundCheckpointer } from "./checkpoint.js";
import { SCHEMA, type AuditEntry, type AuditRow, type ChainCheck, type KillState, type OrderStateRow, type PaperFillRow } from "./store-schema.js";

export type { AuditEntry, AuditPhase, AuditRow, AuditStatus, ChainCheck, KillState, OrderStateRow, PaperFillRow } from "./store-schema.js";

export { storable } from "./audit-row.js";

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

/** Microseconds since the epoch (fits a double exactly until the year 2255). */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** Deferred rows committed in one go at most this many at a time (see {@link GuardStore.append}). */
const MAX_PENDING = 256;
/** Rows after which the background checkpointer starts (short-lived processes never need it). */
const START_CHECKPOINTER_ROWS = 256;
/** Rows between the writer's own catch-up checkpoints (see GuardStore.catchUp). */
const CATCH_UP_ROWS = 8192;

export class GuardStore {
  private readonly db: Database;
  private readonly insertAudit: Statement;
  private readonly lastAudit: Statement;
  private readonly setState: Statement;
  private readonly getState: Statement;
  private readonly upsertOrder: Statement;
  private readonly insertConfig: Statement;
  private readonly updateOrderStatus: Statement;
  private insertPaperFill: Statement | undefined;
  private head: { id: number; checksum: string };
  /** "before" rows that had no answer when the store opened (crash between send and answer). */
  readonly recoveredUnknown: AuditRow[];

  /**
   * `readonly` (for `hl audit verify|tail`): the file must exist, nothing is created, written or
   * recovered, so checking a copied or tampered store never changes it.
   */
  constructor(
    readonly path: string,
    { readonly = false }: { readonly?: boolean } = {},
  ) {
    // Lazy: the native module is loaded only when someone opens a store.
    const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
    this.db = new Sqlite(path, readonly ? { readonly: true, fileMustExist: true } : {});
    if (!readonly) {
      this.db.pragma("journal_mode = WAL");
      // NORMAL in WAL mode: a commit is durable against a process crash (the WAL is written before
      // the commit returns) and the database cannot corrupt; only an OS crash or power loss can
      // lose the last commits. That trade keeps fsync off the per-order path (see docs/guard-rails.md).
      this.db.pragma("synchronous = NORMAL");
      // A reset WAL is truncated back to this size, so a busy store's -wal file stays bounded; 64 MiB
      // holds the frames of CATCH_UP_ROWS rows, so a busy WAL is reused rather than regrown each cycle.
      this.db.pragma("journal_size_limit = 67108864");
      // Never checkpoint inside a commit (an fsync on some order's path): see ./checkpoint.ts.
      this.db.pragma("wal_autocheckpoint = 0");
      this.db.exec(SCHEMA);
    }
    this.insertAudit = this.db.prepare(
      "INSERT INTO audit_log (id, ts, operation, mode, phase, ref, status, payload, response, error, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.lastAudit = this.db.prepare("SELECT id, checksum FROM audit_log ORDER BY id DESC LIMIT 1");
    this.setState = this.db.prepare(
      "INSERT INTO guard_state (key, value, updated) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated = excluded.updated",
    );
    this.getState = this.db.prepare("SELECT value FROM guard_state WHERE key = ?");
    this.upsertOrder = this.db.prepare(
      "INSERT INTO order_state (oid, symbol, type, side, price, quantity, filled, status, created, updated, metadata) VALUES (@oid, @symbol, @type, @side, @price, @quantity, @filled, @status, @ts, @ts, @metadata) " +
        "ON CONFLICT(oid) DO UPDATE SET filled = excluded.filled, status = excluded.status, updated = excluded.updated, metadata = coalesce(excluded.metadata, order_state.metadata)",
    );
    this.insertConfig = this.db.prepare("INSERT INTO config_versions (ts, config, reason) VALUES (?, ?, ?)");
    this.updateOrderStatus = this.db.prepare("UPDATE order_state SET status = ?, updated = ? WHERE oid = ?");

    const last = this.lastAudit.get() as { id: number; checksum: string } | undefined;
    this.head = last ?? { id: 0, checksum: GENESIS };
    this.checkpointer = readonly ? undefined : new BackgroundCheckpointer(path);
    this.recoveredUnknown = readonly ? [] : this.recover();
  }

  /**
   * Completes every dangling "before" row as outcome-unknown (it may or may not have executed).
   * Only rows after the last recovery are looked at (a range scan by id: audit_log has no
   * secondary index, which halves the cost of each append), so opening a long log stays fast.
   */
  private recover(): AuditRow[] {
    const from = this.state<number>("recovered_through") ?? 0;
    const rows = this.db.prepare("SELECT * FROM audit_log WHERE id > ? ORDER BY id").all(from) as AuditRow[];
    const completed = new Set(rows.map((r) => r.ref).filter((r): r is number => r !== null));
    const dangling = rows.filter((r) => r.phase === "before" && !completed.has(r.id));
    for (const row of dangling) {
      this.append({
        operation: row.operation,
        mode: row.mode,
        phase: "after",
        ref: row.id,
        status: "outcome-unknown",
        error: { name: "OutcomeUnknown", message: "the process ended between sending and the answer; check the order by its cloid or nonce" },
      });
    }
    this.setStateValue("recovered_through", this.head.id);
    return dangling;
  }

  /**
   * Appends one chained row (its own commit unless inside {@link batch}); returns its id.
   * Optimistic about the head: if another process appended to the same store meanwhile (an
   * `hl kill` while `hl serve --guard` runs), the insert of id head+1 hits the primary key, the
   * head is re-read and the row is chained after the other process's rows.
   */
  append(entry: AuditEntry): number {
    if (this.capturing) {
      const deferred = { ...entry, ts: entry.ts ?? nowMicros() };
      this.pending.push(() => this.append(deferred));
      return -1;
    }
    // Deferred rows (earlier answers) commit on their own, after the caller has its answer; a
    // caller that never yields to the event loop gets them committed here every MAX_PENDING rows.
    if (this.pending.length >= MAX_PENDING && !this.db.inTransaction) this.flush();
    for (let attempt = 0; ; attempt++) {
      try {
        return this.appendRow(entry);
      } catch (e) {
        if (attempt >= 3 || (e as { code?: string }).code !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw e;
        const last = this.lastAudit.get() as { id: number; checksum: string } | undefined;
        this.head = last ?? { id: 0, checksum: GENESIS };
      }
    }
  }

  private txRunner: ((body: () => unknown) => unknown) | undefined;

  /** Runs `body` (appends, order rows) in one transaction, with any deferred writes first: one commit. */
  batch<T>(body: () => T): T {
    if (this.db.inTransaction) return body();
    this.txRunner ??= this.db.transaction((fn: () => unknown) => {
      this.runPending();
      return fn();
    });
    return this.txRunner(body) as T;
  }

  private plainTxRunner: ((body: () => unknown) => unknown) | undefined;

  /**
   * Runs `body` in one transaction of its own, leaving the deferred writes to their own commit:
   * for writes on a latency path (the algorithms' states before their commands), where carrying
   * up to MAX_PENDING deferred answers would cost a millisecond.
   */
  transaction<T>(body: () => T): T {
    if (this.db.inTransaction) return body();
    this.plainTxRunner ??= this.db.transaction((fn: () => unknown) => fn());
    return this.plainTxRunner(body) as T;
  }

  private capturing = false;
  private pending: (() => void)[] = [];
  private flushScheduled = false;

  /**
   * Runs `body` now, but its store writes (appends, order rows) are committed later, in one
   * commit of their own: on the next turn of the event loop (after the caller has its answer), at
   * the next read, on close, or — for a caller that never yields — once MAX_PENDING have piled
   * up, whichever comes first. The next "before" row does not wait for them: it commits alone, one
   * WAL page. For writes whose loss in a crash is safe: an "after" row
   * that never reached the disk leaves its "before" row dangling, which the next open completes
   * as outcome-unknown — conservative, never wrong.
   */
  deferWrites(body: () => void): void {
    this.capturing = true;
    try {
      body();
    } finally {
      this.capturing = false;
    }
    if (this.pending.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (this.db.open) this.flush();
      });
    }
  }

  /** Commits the deferred writes now. */
  flush(): void {
    if (this.pending.length === 0) return;
    this.batch(() => undefined);
    if (this.rowsSinceCatchUp >= CATCH_UP_ROWS && this.db.open) this.catchUp();
  }

  private rowsSinceCatchUp = 0;
  private readonly checkpointer: BackgroundCheckpointer | undefined;

  /**
   * A writer that never pauses outruns the background checkpoints (the WAL restarts from its start
   * only once every frame is copied): every CATCH_UP_ROWS rows the deferred flush copies the few
   * frames left itself, so the WAL stays bounded even then.
   */
  private catchUp(): void {
    this.rowsSinceCatchUp = 0;
    try {
      this.db.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // Busy (the background checkpoint holds the lock): it is copying anyway.
    }
  }

  private runPending(): void {
    const writes = this.pending;
    this.pending = [];
    for (const w of writes) w();
  }

  private appendRow(entry: AuditEntry): number {
    const row = {
      id: this.head.id + 1,
      ts: entry.ts ?? nowMicros(),
      operation: entry.operation,
      mode: entry.mode,
      phase: entry.phase,
      ref: entry.ref ?? null,
      status: entry.status,
      payload: storable(entry.payload),
      response: storable(entry.response),
      error: storable(entry.error),
    };
    const checksum = checksumOf(row, this.head.checksum);
    this.insertAudit.run(row.id, row.ts, row.operation, row.mode, row.phase, row.ref, row.status, row.payload, row.response, row.error, checksum);
    this.head = { id: row.id, checksum };
    if (++this.rowsSinceCatchUp === START_CHECKPOINTER_ROWS) this.checkpointer?.start();
    return row.id;
  }

  /**
   * Walks the chain from the first row: the first row whose id, link or checksum does not hold.
   * With an `anchor` (see ./anchor.ts) a chain that holds must also still contain the anchored
   * head row with the anchored checksum and at least as many rows: a cut-off tail or a chain
   * rebuilt after the anchor fails with `anchor: true`.
   */
  verifyChain(anchor?: AuditAnchor): ChainCheck {
    this.flush();
    let prev = GENESIS;
    let expectedId = 1;
    let rows = 0;
    let atHead: string | undefined;
    for (const row of this.db.prepare("SELECT * FROM audit_log ORDER BY id").iterate() as IterableIterator<AuditRow>) {
      if (row.id !== expectedId)
        return { ok: false, rows, brokenAt: row.id, reason: `row ${row.id} follows row ${expectedId - 1}: row ${expectedId} is missing` };
      const { checksum, ...fields } = row;
      if (checksumOf(fields, prev) !== checksum && legacyChecksumOf(fields, prev) !== checksum)
        return { ok: false, rows, brokenAt: row.id, reason: `row ${row.id}'s checksum does not match its fields and the previous row's checksum` };
      if (row.id === anchor?.headId) atHead = checksum;
      prev = checksum;
      expectedId++;
      rows++;
    }
    const mismatch = anchor && anchorMismatch(anchor, rows, expectedId - 1, atHead);
    if (mismatch) return { ok: false, rows, brokenAt: atHead === undefined ? expectedId : anchor.headId, reason: mismatch, anchor: true };
    return { ok: true, rows };
  }

  /** The chain's head now, for keeping outside the store (`hl audit anchor`); refuses a broken chain. */
  anchor(): { ok: true; anchor: AuditAnchor } | Extract<ChainCheck, { ok: false }> {
    const check = this.verifyChain();
    if (!check.ok) return check;
    const head = this.lastAudit.get() as { id: number; checksum: string } | undefined;
    return { ok: true, anchor: { rowCount: check.rows, headId: head?.id ?? 0, headChecksum: head?.checksum ?? GENESIS, at: new Date().toISOString() } };
  }

  /** The last `n` audit rows, oldest first. */
  tail(n = 20): AuditRow[] {
    this.flush();
    return (this.db.prepare("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?").all(n) as AuditRow[]).reverse();
  }

  auditRows(): AuditRow[] {
    this.flush();
    return this.db.prepare("SELECT * FROM audit_log ORDER BY id").all() as AuditRow[];
  }

  /** Stores a config version; the same text as the latest version is not stored again (returns its id). */
  addConfigVersion(config: string, reason: string): number {
    this.flush();
    const last = this.db.prepare("SELECT id, config FROM config_versions ORDER BY id DESC LIMIT 1").get() as { id: number; config: string } | undefined;
    if (last?.config === config) return last.id;
    return Number(this.insertConfig.run(nowMicros(), config, reason).lastInsertRowid);
  }

  configVersions(): { id: number; ts: number; config: string; reason: string }[] {
    this.flush();
    return this.db.prepare("SELECT * FROM config_versions ORDER BY id").all() as { id: number; ts: number; config: string; reason: string }[];
  }

  recordOrder(order: OrderStateRow): void {
    if (this.capturing) {
      const ts = nowMicros();
      const metadata = order.metadata === undefined ? null : storable(order.metadata);
      this.pending.push(() => this.upsertOrder.run({ ...order, ts, metadata }));
      return;
    }
    this.flush();
    this.upsertOrder.run({ ...order, ts: nowMicros(), metadata: order.metadata === undefined ? null : storable(order.metadata) });
  }

  setOrderStatus(oid: string, status: string): void {
    if (this.capturing) {
      const ts = nowMicros();
      this.pending.push(() => this.updateOrderStatus.run(status, ts, oid));
      return;
    }
    this.flush();
    this.updateOrderStatus.run(status, nowMicros(), oid);
  }

  orders(status?: string): (OrderStateRow & { created: number; updated: number })[] {
    this.flush();
    const sql = status === undefined ? "SELECT * FROM order_state ORDER BY created" : "SELECT * FROM order_state WHERE status = ? ORDER BY created";
    return this.db.prepare(sql).all(...(status === undefined ? [] : [status])) as (OrderStateRow & { created: number; updated: number })[];
  }

  state<T>(key: string): T | undefined {
    const row = this.getState.get(key) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  setStateValue(key: string, value: unknown): void {
    this.flush();
    this.setState.run(key, JSON.stringify(value), nowMicros());
  }

  /** A paper-mode fill (kept so positions and PnL survive restarts); a known tid is ignored. */
  addPaperFill(fill: PaperFillRow): void {
    // Prepared on first use: a store made before paper_fills existed still opens read-only for `hl audit`.
    this.insertPaperFill ??= this.db.prepare(
      "INSERT OR IGNORE INTO paper_fills (tid, ts, coin, side, px, sz, fee, closed_pnl, oid) VALUES (@tid, @ts, @coin, @side, @px, @sz, @fee, @closedPnl, @oid)",
    );
    this.insertPaperFill.run(fill);
  }

  paperFills(): PaperFillRow[] {
    this.flush();
    return this.db.prepare("SELECT tid, ts, coin, side, px, sz, fee, closed_pnl AS closedPnl, oid FROM paper_fills ORDER BY tid").all() as PaperFillRow[];
  }

  /** The resting paper orders (their wire order as they would be placed again) and the next oid to give. */
  paperOrders(): { orders: { oid: number; wire: string }[]; nextOid: number | undefined } {
    this.flush();
    const orders = this.db.prepare("SELECT oid, wire FROM paper_orders ORDER BY oid").all() as { oid: number; wire: string }[];
    return { orders, nextOid: this.state<number>("paper_next_oid") };
  }

  /** Replaces the stored resting paper orders with `orders` (one commit), and the next oid to give. */
  savePaperOrders(orders: readonly { oid: number; wire: string }[], nextOid: number): void {
    this.flush();
    this.paperOrdersTx ??= this.db.transaction((rows: readonly { oid: number; wire: string }[], next: number) => {
      this.db.prepare("DELETE FROM paper_orders").run();
      const insert = this.db.prepare("INSERT INTO paper_orders (oid, wire) VALUES (?, ?)");
      for (const r of rows) insert.run(r.oid, r.wire);
      this.setState.run("paper_next_oid", JSON.stringify(next), nowMicros());
    });
    this.paperOrdersTx(orders, nextOid);
  }

  private paperOrdersTx: ((rows: readonly { oid: number; wire: string }[], next: number) => void) | undefined;

  killState(): KillState {
    return this.state<KillState>("kill_switch") ?? { tripped: false, reason: "", at: 0 };
  }

  /** Raw SQL access for tools and tests (e.g. tamper checks). */
  get database(): Database {
    this.flush();
    return this.db;
  }

  close(): void {
    if (this.db.open) this.flush();
    this.checkpointer?.stop();
    this.db.close();
  }
}

/** Opens (creating if needed) the store at `path` (":memory:" for a throwaway one). */
export function openGuardStore(path: string, options: { readonly?: boolean } = {}): GuardStore {
  return new GuardStore(path, options);
}
