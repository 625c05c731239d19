/**
 * Redaction of 32-byte hex values (private keys, but also tx hashes and signature halves:
 * they look the same, so all are hidden) wherever an SDK error formats a value. Data returned
 * to the caller is never redacted; only what errors echo.
 */
import { inspect } from "node:util";

/** How a redacted value prints. */
export const REDACTED = "0x<redacted 32-byte value>";

// Exactly 64 hex digits, optionally 0x-prefixed, not part of a longer hex run.
const SECRET = /(?<![0-9a-fA-F])(?:0[xX])?[0-9a-fA-F]{64}(?![0-9a-fA-F])/g;

/** `text` with every 32-byte hex value replaced by {@link REDACTED}. */
export function redactText(text: string): string {
  return text.replace(SECRET, REDACTED);
}

/** Deeper levels are summarised: an error echoing a hostile, deeply nested value must not overflow the stack. */
const MAX_DEPTH = 32;

/** A copy of `value` with every string redacted (objects and arrays walked, cycles cut, depth bounded). */
export function redactValue(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? "[Array nested too deep]" : "[Object nested too deep]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen, depth + 1));
  if (value instanceof Error) return redactText(inspect(value));
  return redactRecord(value, seen, depth);
}

/** {@link redactValue} of an object's own enumerable fields. */
export function redactRecord(value: object, seen = new WeakSet<object>(), depth = 0): Record<string, unknown> {
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, seen, depth + 1);
  return out;
}
