/**
 * The guard-rail config: TOML (smol-toml), validated on load (a bad value names its key, the
 * value and what is allowed), hot-reloaded on change (fs.watch, debounced). Every version
 * loaded is stored in the store's config_versions table by the caller (see GuardRails).
 */
import { readFileSync, watch, type FSWatcher } from "node:fs";
import { parse, TomlError } from "smol-toml";
import { GUARD_MODES, GuardConfigError, type GuardMode } from "../errors/guard.js";

export interface SymbolLimits {
  /** Largest |position| in coins. */
  max_position?: number;
  max_order_notional?: number;
  max_position_notional?: number;
}

export interface RiskConfig {
  max_order_notional?: number;
  max_position_notional?: number;
  max_open_orders?: number;
  max_orders_per_second?: number;
  /** Fraction of the equity high-water mark; a breach trips the kill switch. */
  max_drawdown?: number;
  /** Largest |price / mid − 1|. */
  price_band?: number;
  /** Symbol allowlist; empty or unset means all. */
  allow: string[];
  symbols: Record<string, SymbolLimits>;
}

export interface GuardConfig {
  mode: GuardMode;
  store: { path: string };
  risk: RiskConfig;
}

export const DEFAULT_STORE_PATH = "hl-state.db";

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);
}

function positive(table: Table, key: string, at: string, { integer = false, fraction = false } = {}): number | undefined {
  const v = table[key];
  if (v === undefined) return undefined;
  const ok = typeof v === "number" && Number.isFinite(v) && v > 0 && (!integer || Number.isInteger(v)) && (!fraction || v <= 1);
  if (!ok) throw new GuardConfigError(`${at}${key}`, v, integer ? "a positive integer" : fraction ? "a number in (0, 1]" : "a positive number");
  return v;
}

/** A number, or a decimal string such as "2" (TOML users quote sizes to keep their decimals). */
function positiveAmount(table: Table, key: string, at: string): number | undefined {
  const v = table[key];
  if (typeof v === "string" && /^\d+(\.\d+)?$/.test(v) && Number(v) > 0) return Number(v);
  return positive(table, key, at);
}

function rejectUnknown(table: Table, known: readonly string[], at: string): void {
  for (const key of Object.keys(table))
    if (!known.includes(key)) throw new GuardConfigError(`${at}${key}`, table[key], `one of the keys ${known.map((k) => `${at}${k}`).join(", ")}`);
}

const RISK_KEYS = [
  "max_order_notional",
  "max_position_notional",
  "max_open_orders",
  "max_orders_per_second",
  "max_drawdown",
  "price_band",
  "allow",
  "symbols",
] as const;
const SYMBOL_KEYS = ["max_position", "max_order_notional", "max_position_notional"] as const;

/** Validates a parsed TOML document. Throws {@link GuardConfigError} naming the first bad key. */
export function validateGuardConfig(doc: Table): GuardConfig {
  rejectUnknown(doc, ["mode", "store", "risk"], "");
  const mode = doc.mode ?? "live";
  if (typeof mode !== "string" || !GUARD_MODES.includes(mode as GuardMode)) throw new GuardConfigError("mode", mode, `one of ${GUARD_MODES.join(", ")}`);
  const store = doc.store ?? {};
  if (!isTable(store)) throw new GuardConfigError("store", store, "a table [store]");
  rejectUnknown(store, ["path"], "store.");
  const path = store.path ?? DEFAULT_STORE_PATH;
  if (typeof path !== "string" || path === "") throw new GuardConfigError("store.path", path, 'a file path (or ":memory:")');
  const risk = doc.risk ?? {};
  if (!isTable(risk)) throw new GuardConfigError("risk", risk, "a table [risk]");
  rejectUnknown(risk, RISK_KEYS, "risk.");
  const allow = risk.allow ?? [];
  if (!Array.isArray(allow) || !allow.every((s) => typeof s === "string" && s !== ""))
    throw new GuardConfigError("risk.allow", allow, 'an array of coin names, e.g. ["BTC", "ETH"] (empty means all)');
  const symbolsIn = risk.symbols ?? {};
  if (!isTable(symbolsIn)) throw new GuardConfigError("risk.symbols", symbolsIn, "tables [risk.symbols.<COIN>]");
  const symbols: Record<string, SymbolLimits> = {};
  for (const [coin, t] of Object.entries(symbolsIn)) {
    const at = `risk.symbols.${coin}.`;
    if (!isTable(t)) throw new GuardConfigError(`risk.symbols.${coin}`, t, `a table [risk.symbols.${coin}]`);
    rejectUnknown(t, SYMBOL_KEYS, at);
    symbols[coin] = definedOnly({
      max_position: positiveAmount(t, "max_position", at),
      max_order_notional: positive(t, "max_order_notional", at),
      max_position_notional: positive(t, "max_position_notional", at),
    });
  }
  const out: RiskConfig = {
    ...definedOnly({
      max_order_notional: positive(risk, "max_order_notional", "risk."),
      max_position_notional: positive(risk, "max_position_notional", "risk."),
      max_open_orders: positive(risk, "max_open_orders", "risk.", { integer: true }),
      max_orders_per_second: positive(risk, "max_orders_per_second", "risk.", { integer: true }),
      max_drawdown: positive(risk, "max_drawdown", "risk.", { fraction: true }),
      price_band: positive(risk, "price_band", "risk."),
    }),
    allow: allow as string[],
    symbols,
  };
  return { mode: mode as GuardMode, store: { path }, risk: out };
}

function definedOnly<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Parses and validates TOML text; a syntax error names the line and column. */
export function parseGuardConfig(text: string, source = "(inline)"): GuardConfig {
  let doc: Table;
  try {
    doc = parse(text);
  } catch (e) {
    if (e instanceof TomlError)
      throw new GuardConfigError(`(TOML syntax, line ${e.line} column ${e.column})`, text.split("\n")[e.line - 1]?.trim() ?? "", "valid TOML", {
        source,
        cause: e,
      });
    throw e;
  }
  try {
    return validateGuardConfig(doc);
  } catch (e) {
    // Name the file too: with several configs around, the key alone is not enough.
    if (e instanceof GuardConfigError) throw new GuardConfigError(e.key, e.value, e.allowed, { source });
    throw e;
  }
}

export function loadGuardConfig(path: string): { config: GuardConfig; text: string } {
  const text = readFileSync(path, "utf8");
  return { config: parseGuardConfig(text, path), text };
}

export interface ConfigWatcher {
  close(): void;
}

/**
 * Reloads `path` on change (debounced): a valid version goes to `onLoad`, an invalid one to
 * `onError` and the previous config stays in force.
 */
export function watchGuardConfig(
  path: string,
  onLoad: (config: GuardConfig, text: string) => void,
  onError: (e: unknown) => void,
  { debounceMs = 50 } = {},
): ConfigWatcher {
  let timer: NodeJS.Timeout | undefined;
  let last: string | undefined;
  const reload = (): void => {
    timer = undefined;
    try {
      const { config, text } = loadGuardConfig(path);
      if (text === last) return;
      last = text;
      onLoad(config, text);
    } catch (e) {
      onError(e);
    }
  };
  const watcher: FSWatcher = watch(path, () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  try {
    last = readFileSync(path, "utf8");
  } catch {
    last = undefined;
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
