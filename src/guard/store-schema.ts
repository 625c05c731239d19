/** The guard store's row types and tables (see ./store.ts). */
export type AuditPhase = "before" | "after" | "event";
export type AuditStatus = "pending" | "ok" | "rejected" | "exchange-error" | "outcome-unknown" | "dry-run" | "event";

export interface AuditRow {
  id: number;
  /** Microseconds since the epoch. */
  ts: number;
  operation: string;
  mode: string;
  phase: AuditPhase;
  /** The "before" row an "after" row completes. */
  ref: number | null;
  status: AuditStatus;
  payload: string | null;
  response: string | null;
  error: string | null;
  checksum: string;
}

export interface AuditEntry {
  /** When it happened (µs); default now. Deferred rows keep the time they were made. */
  ts?: number;
  operation: string;
  mode: string;
  phase: AuditPhase;
  status: AuditStatus;
  ref?: number | null;
  payload?: unknown;
  response?: unknown;
  error?: unknown;
}

/** `anchor`: the chain holds, but not against the anchor given (cut off or rebuilt after it). */
export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string; anchor?: true };

export interface OrderStateRow {
  oid: string;
  symbol: string;
  type: string;
  side: "buy" | "sell";
  price: string;
  quantity: string;
  filled: string;
  status: string;
  metadata?: unknown;
}

export interface PaperFillRow {
  tid: number;
  ts: number;
  coin: string;
  side: "B" | "A";
  px: string;
  sz: string;
  fee: string;
  closedPnl: string;
  oid: number;
}

export interface KillState {
  tripped: boolean;
  reason: string;
  at: number;
}

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, operation TEXT NOT NULL, mode TEXT NOT NULL,
  phase TEXT NOT NULL, ref INTEGER, status TEXT NOT NULL, payload TEXT, response TEXT, error TEXT,
  checksum TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS config_versions (
  id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, config TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS order_state (
  oid TEXT PRIMARY KEY, symbol TEXT NOT NULL, type TEXT NOT NULL, side TEXT NOT NULL,
  price TEXT NOT NULL, quantity TEXT NOT NULL, filled TEXT NOT NULL, status TEXT NOT NULL,
  created INTEGER NOT NULL, updated INTEGER NOT NULL, metadata TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS order_state_symbol ON order_state(symbol);
CREATE INDEX IF NOT EXISTS order_state_status ON order_state(status);
CREATE TABLE IF NOT EXISTS paper_fills (
  tid INTEGER PRIMARY KEY, ts INTEGER NOT NULL, coin TEXT NOT NULL, side TEXT NOT NULL, px TEXT NOT NULL,
  sz TEXT NOT NULL, fee TEXT NOT NULL, closed_pnl TEXT NOT NULL, oid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS paper_orders (oid INTEGER PRIMARY KEY, wire TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS guard_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated INTEGER NOT NULL);
`;
