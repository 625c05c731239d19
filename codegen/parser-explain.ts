/**
 * Explanations of the generated single-pass parsers (cold path: only after a parser declined).
 * codegen/ts-parsers.ts copies this file after parser-runtime.ts into generated/ts/parsers.ts,
 * minus its imports and `export` keywords; at a decline the runtime noted only the offset and
 * a static "expected" text (failAt, failWhat, failKey), and this turns them into an issue.
 */

import { DEEP, FINITE, PROTO, failAt, failKey, failWhat, run, type Issue } from "./parser-runtime.js";

/** One open container of `pathAt`'s scan: the key or index of its member being read, if any. */
interface Frame {
  array: boolean;
  key: string | number;
  open: boolean;
}

/**
 * The JSON path of the innermost value containing offset `end` of `text` (JSON, compact or not),
 * by one scan from `from`: keys and indexes of the members open at that point.
 */
export function pathAt(text: string, from: number, end: number): (string | number)[] {
  const frames: Frame[] = [];
  const opened = (): void => {
    const top = frames[frames.length - 1];
    if (top?.array) top.open = true;
  };
  const closed = (): void => {
    const top = frames[frames.length - 1];
    if (top) top.open = false;
  };
  let p = from;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 123 || c === 91) {
      opened();
      frames.push({ array: c === 91, key: 0, open: false });
      p++;
    } else if (c === 125 || c === 93) {
      frames.pop();
      closed();
      p++;
    } else if (c === 44) {
      const top = frames[frames.length - 1];
      if (top?.array) top.key = Number(top.key) + 1;
      closed();
      p++;
    } else if (c === 34) {
      let q = p + 1;
      while (q < text.length && text.charCodeAt(q) !== 34) q += text.charCodeAt(q) === 92 ? 2 : 1;
      const top = frames[frames.length - 1];
      if (top && !top.array && !top.open) {
        // A key: its member is open from here (a failure at its colon or value is about it).
        if (q >= end) break;
        top.key = decodeKey(text.slice(p, q + 1));
        top.open = true;
      } else {
        opened();
        if (q >= end) break;
        closed();
      }
      p = q + 1;
    } else if (c === 58 || c === 32 || c === 9 || c === 10 || c === 13) {
      p++;
    } else {
      // A number, true, false or null (or a stray character): one token.
      opened();
      let q = p;
      while (q < text.length && /[0-9a-zA-Z.+-]/.test(text[q]!)) q++;
      if (q > end) break;
      closed();
      p = Math.max(q, p + 1);
    }
  }
  // A failure at the first character of an array element is about that element.
  const top = frames[frames.length - 1];
  if (p === end && top?.array && !top.open && !/^[\s,\]]/.test(text.charAt(end))) top.open = true;
  return frames.filter((f) => f.open).map((f) => f.key);
}

function decodeKey(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** `orders[0].p` from ["orders", 0, "p"]. */
export function formatPath(parts: readonly (string | number)[]): string {
  let out = "";
  for (const p of parts) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out;
}

function valueAt(root: unknown, parts: readonly (string | number)[]): unknown {
  let v = root;
  for (const p of parts) v = v !== null && typeof v === "object" && Object.hasOwn(v, p) ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** The issue of the last decline of a parse of `text` from `from`, with values from `root`. */
function lastIssue(text: string, from: number, root: unknown): Issue {
  const parts = pathAt(text, from, failAt);
  if (failKey !== undefined) parts.push(failKey);
  return { path: formatPath(parts), value: valueAt(root, parts), expected: failWhat };
}

/** What `explainText` found: the value when the text is valid, else the issues (one today). */
export type Explained = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

function rootIssue(value: unknown, expected: string): Explained {
  return { ok: false, issues: [{ path: "", value, expected }] };
}

/**
 * Parses `text` with `fn` and says why when it declines. Valid JSON that is not compact (spaces,
 * escaped keys) is re-read in its compact form, so `ok: false` always names a schema violation
 * (or text that is not JSON).
 */
export function explainText(fn: () => unknown, text: string): Explained {
  const fast = run(fn, text);
  if (fast !== undefined) return { ok: true, value: fast };
  if (failWhat === DEEP) return { ok: false, issues: [lastIssue(text, 0, undefined)] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return rootIssue(text.length > 200 ? `${text.slice(0, 200)}...` : text, `JSON text (${error instanceof Error ? error.message : String(error)})`);
  }
  // Declines that the compact form would hide (Infinity becomes null, "__proto__" would be dropped).
  if (failWhat === FINITE || failWhat === PROTO) return { ok: false, issues: [lastIssue(text, 0, parsed)] };
  let compact: string;
  try {
    compact = JSON.stringify(parsed);
  } catch {
    return rootIssue(undefined, DEEP);
  }
  if (compact !== text && run(fn, compact) !== undefined) return { ok: true, value: parsed };
  return { ok: false, issues: [lastIssue(compact, 0, parsed)] };
}

/** Checks a value (not text) with `fn`: its compact JSON text must parse. [] when valid. */
export function explainValue(fn: () => unknown, value: unknown): Issue[] {
  let compact: string | undefined;
  try {
    compact = JSON.stringify(value);
  } catch (error) {
    return [{ path: "", value, expected: error instanceof RangeError ? DEEP : "a JSON value (no BigInt, no cycles)" }];
  }
  if (compact === undefined) return [{ path: "", value, expected: "a JSON value" }];
  if (run(fn, compact) !== undefined) return [];
  return [lastIssue(compact, 0, value)];
}
