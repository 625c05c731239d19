/**
 * An external anchor for the audit chain's head. The hash chain shows an edited, reordered or
 * deleted row anywhere before the newest one, but cutting rows off the end (or rebuilding the
 * whole chain from an edited row on) leaves a chain that holds. An anchor — the row count, the
 * head row's id and checksum at some moment, kept somewhere the store's writer cannot reach (a
 * ticket, another machine, a signed commit) — closes that: a later chain must still contain the
 * anchored row with the same checksum, which by the chain's construction pins every row up to it.
 */
import { HyperliquidError } from "../errors/base.js";

export interface AuditAnchor {
  /** Rows in the chain when the anchor was taken. */
  rowCount: number;
  /** The id of the newest row then (0 for an empty chain). */
  headId: number;
  /** Its checksum (64 hex digits; the genesis value for an empty chain). */
  headChecksum: string;
  /** When the anchor was taken (ISO 8601). */
  at: string;
}

/** An anchor file that is not an anchor: names the file, the field and what is allowed. */
export class AuditAnchorError extends HyperliquidError {
  override name = "AuditAnchorError";
  constructor(
    readonly file: string,
    readonly field: string,
    value: unknown,
    allowed: string,
  ) {
    super(`The audit anchor ${file} is not usable: ${field} is ${JSON.stringify(value) ?? "missing"}.`, {
      details: `field ${field}; allowed: ${allowed}`,
      hint: "Use a file written by `hl audit anchor --out FILE` (JSON: rowCount, headId, headChecksum, at).",
    });
  }
}

/** Parses and checks an anchor file's text; `file` names it in errors. */
export function parseAnchor(text: string, file: string): AuditAnchor {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AuditAnchorError(file, "(file)", text.slice(0, 40), "a JSON object");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new AuditAnchorError(file, "(file)", raw, "a JSON object");
  const o = raw as Record<string, unknown>;
  const count = (key: "rowCount" | "headId"): number => {
    const v = o[key];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new AuditAnchorError(file, key, v, "an integer ≥ 0");
    return v;
  };
  const rowCount = count("rowCount");
  const headId = count("headId");
  if ((rowCount === 0) !== (headId === 0))
    throw new AuditAnchorError(file, "headId", headId, rowCount === 0 ? "0 for an empty chain" : "≥ 1 when rowCount ≥ 1");
  const headChecksum = o.headChecksum;
  if (typeof headChecksum !== "string" || !/^[0-9a-f]{64}$/.test(headChecksum))
    throw new AuditAnchorError(
      file,
      "headChecksum",
      typeof headChecksum === "string" ? `${headChecksum.slice(0, 12)}…` : headChecksum,
      "64 lowercase hex digits",
    );
  const at = o.at;
  if (typeof at !== "string" || Number.isNaN(Date.parse(at))) throw new AuditAnchorError(file, "at", at, "an ISO 8601 time");
  return { rowCount, headId, headChecksum, at };
}

/** What a verified chain (its length and the checksum of each id on the way) says about an anchor: undefined when it holds. */
export function anchorMismatch(anchor: AuditAnchor, rows: number, lastId: number, checksumAtHead: string | undefined): string | undefined {
  if (anchor.headId === 0) return undefined;
  const short = (c: string): string => `${c.slice(0, 16)}…`;
  if (checksumAtHead === undefined)
    return `truncated: the anchor (taken ${anchor.at}) has ${anchor.rowCount} rows ending at row ${anchor.headId}, the chain now ends at row ${lastId} (${rows} rows)`;
  if (checksumAtHead !== anchor.headChecksum)
    return `rewritten: row ${anchor.headId}'s checksum is ${short(checksumAtHead)}, the anchor (taken ${anchor.at}) says ${short(anchor.headChecksum)}: rows up to it were changed and the chain rebuilt`;
  if (rows < anchor.rowCount) return `truncated: the anchor (taken ${anchor.at}) has ${anchor.rowCount} rows, the chain ${rows}`;
  return undefined;
}
