/**
 * The algorithms' table, `algo_state`, beside the guard store's `order_state` in the same
 * SQLite database (opened through the store's public `database`). One row per algorithm:
 * its whole state as JSON, written before each command of a transition is sent, and a
 * cancel flag another process (`hl algo cancel ID`) can raise.
 */
import { statSync } from "node:fs";
import type BetterSqlite3 from "better-sqlite3";
import { openGuardStore, type GuardStore } from "../guard/store.js";
import type { AlgoState, AlgoStatus } from "./core.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS algo_state (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL,
  created INTEGER NOT NULL, updated INTEGER NOT NULL, cancel_requested INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS algo_state_status ON algo_state(status);
`;

export interface AlgoRow {
  id: string;
  kind: string;
  status: AlgoStatus;
  created: number;
  updated: number;
  cancelRequested: boolean;
}

export class AlgoStore {
  private readonly upsert: BetterSqlite3.Statement;
  private readonly getOne: BetterSqlite3.Statement;
  private readonly cancels: BetterSqlite3.Statement;

  /** `owned`: close the guard store with this one. */
  constructor(
    readonly guardStore: GuardStore,
    private readonly owned = false,
  ) {
    const db = guardStore.database;
    db.exec(SCHEMA);
    // A checkpoint inside a commit fsyncs the database file: tens of ms on a busy disk, in the
    // middle of an event → command path. The runner checkpoints from its poll timer instead.
    db.pragma("wal_autocheckpoint = 0");
    this.upsert = db.prepare(
      "INSERT INTO algo_state (id, kind, status, state, created, updated) VALUES (@id, @kind, @status, @state, @created, @updated) " +
        "ON CONFLICT(id) DO UPDATE SET status = excluded.status, state = excluded.state, updated = excluded.updated",
    );
    this.getOne = db.prepare("SELECT state FROM algo_state WHERE id = ?");
    this.cancels = db.prepare("SELECT id FROM algo_state WHERE cancel_requested = 1 AND status = 'running'");
  }

  static open(path: string): AlgoStore {
    return new AlgoStore(openGuardStore(path), true);
  }

  /** `json`: the state already serialised (the runner has it), to spare a second stringify. */
  save(state: AlgoState, json = JSON.stringify(state)): void {
    this.saveAll([{ state, json }]);
  }

  /**
   * Several states in one commit (the runner's transitions of one event): one commit instead of
   * one per algorithm. The guard's deferred audit rows stay out of it (GuardStore.transaction):
   * they commit on their own after the commands are sent, off the event → command path.
   */
  saveAll(rows: readonly { state: AlgoState; json: string }[]): void {
    this.guardStore.transaction(() => {
      for (const { state, json } of rows)
        this.upsert.run({ id: state.id, kind: state.kind, status: state.status, state: json, created: state.created, updated: state.updated });
    });
  }

  load(id: string): AlgoState | undefined {
    const row = this.getOne.get(id) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as AlgoState) : undefined;
  }

  /** Every algorithm (or those of one status), oldest first. */
  list(status?: AlgoStatus): AlgoRow[] {
    const db = this.guardStore.database;
    const rows = (
      status === undefined
        ? db.prepare("SELECT id, kind, status, created, updated, cancel_requested FROM algo_state ORDER BY created, id").all()
        : db.prepare("SELECT id, kind, status, created, updated, cancel_requested FROM algo_state WHERE status = ? ORDER BY created, id").all(status)
    ) as { id: string; kind: string; status: AlgoStatus; created: number; updated: number; cancel_requested: number }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, created: r.created, updated: r.updated, cancelRequested: r.cancel_requested === 1 }));
  }

  running(): AlgoState[] {
    return this.list("running").map((r) => this.load(r.id)!);
  }

  /** Asks the runner that owns `id` to cancel it (read on its next reconcile tick). False when no such running algorithm. */
  requestCancel(id: string): boolean {
    return this.guardStore.database.prepare("UPDATE algo_state SET cancel_requested = 1 WHERE id = ? AND status = 'running'").run(id).changes > 0;
  }

  cancelRequests(): string[] {
    return (this.cancels.all() as { id: string }[]).map((r) => r.id);
  }

  private checkpointedAt = 0;

  /**
   * Moves the write-ahead log into the database file (what SQLite would do inside a commit).
   * `ifDue`: only when the log passed 4 MiB or 30 s went by: a checkpoint fsyncs the database
   * file (milliseconds on a busy disk), and the runner's thread stops for it.
   */
  checkpoint(ifDue = false): void {
    const db = this.guardStore.database;
    if (ifDue && Date.now() - this.checkpointedAt < 30_000 && walBytes(db.name) < 4 << 20) return;
    db.pragma("wal_checkpoint(PASSIVE)");
    this.checkpointedAt = Date.now();
  }

  close(): void {
    this.checkpoint();
    if (this.owned) this.guardStore.close();
  }
}

function walBytes(dbPath: string): number {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
}
