/**
 * Runtime of the generated single-pass parsers (codegen/ts-parsers.ts copies this file, minus
 * its `export` keywords, to the top of generated/ts/parsers.ts; it is not imported at run time).
 *
 * Contract: a parser accepts a strict subset of JSON (compact, as the API sends it) and returns
 * exactly what `JSON.parse` returns for it, having checked it against the schema message at the
 * same time. Anything outside the subset or the schema throws BAIL; the caller then takes the
 * generic path (JSON.parse + ajv validator), which also produces the error messages. So a
 * parser can change speed, never results (test/schema/parsers.test.ts checks this).
 *
 * Module-level cursor state instead of a class: the generated functions are plain functions
 * over (s, i), which V8 inlines well.
 */

/** Thrown to leave a parse; caught by `run`, never escapes the module. */
export const BAIL = Symbol("bail");

/** The text being parsed and the cursor. */
export let s = "";
export let i = 0;
/** The last key read that is not one of the message's own (see `key`). */
export let lastKey = "";

/** `this` of a generated shape constructor. */
export type Slots = Record<string, unknown>;

/**
 * Makes `fn` a constructor of plain objects (prototype Object.prototype, as JSON.parse makes).
 * Each message has its own, whose body holds one never-run `this.sN = 0` per field: V8 sizes
 * an object's in-object property slots from those, so a fill's 18 properties live in the
 * object itself instead of an overflow array that `{}` (4 slots) would grow as keys arrive.
 */
export function shape(fn: (this: Slots, never: boolean) => void): new (never: boolean) => Slots {
  fn.prototype = Object.prototype;
  return fn as unknown as new (never: boolean) => Slots;
}

export function bail(): never {
  throw BAIL;
}

/** Parses one value of `fn` starting at `at`; returns it (with `i` just past it) or undefined. */
export function runAt(fn: () => unknown, text: string, at: number): unknown {
  s = text;
  i = at;
  try {
    return fn();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  } finally {
    s = "";
  }
}

/** Parses the whole of `text` with `fn`: a value followed by anything is not accepted. */
export function run(fn: () => unknown, text: string): unknown {
  const value = runAt(fn, text, 0);
  return i === text.length ? value : undefined;
}

export function expect(code: number): void {
  if (s.charCodeAt(i) !== code) bail();
  i++;
}

/**
 * At `"key":` returns the key's index in `keys`. The API keeps its key order, so `next` (one
 * slot per message, indexed by previous key + 1) remembers which key followed `previous` last
 * time and is tried first: one comparison per key once the order is learnt, whatever it is.
 * An unknown key returns -1 with the key in `lastKey`; a known key written with escapes, or
 * "__proto__", bails.
 */
export function key(keys: readonly string[], next: Int8Array, previous: number): number {
  if (s.charCodeAt(i) !== 34) bail();
  const start = i + 1;
  const hint = next[previous + 1]!;
  if (hint < keys.length) {
    const name = keys[hint]!;
    const end = start + name.length;
    if (s.charCodeAt(end) === 34 && s.charCodeAt(end + 1) === 58 && s.startsWith(name, start)) {
      i = end + 2;
      return hint;
    }
  }
  for (let k = 0; k < keys.length; k++) {
    const name = keys[k]!;
    const end = start + name.length;
    if (s.charCodeAt(end) === 34 && s.charCodeAt(end + 1) === 58 && s.startsWith(name, start)) {
      i = end + 2;
      next[previous + 1] = k;
      return k;
    }
  }
  const name = str();
  if (name === "__proto__" || keys.includes(name)) bail();
  if (s.charCodeAt(i) !== 58) bail();
  i++;
  lastKey = name;
  return -1;
}

/** A map key (any string but "__proto__", which JSON.parse makes an own property) and its colon. */
export function mapKey(): string {
  const name = str();
  if (name === "__proto__" || s.charCodeAt(i) !== 58) bail();
  i++;
  return name;
}

/**
 * A map key, reusing the string read at the same position of this map last time when the
 * text repeats it (allMids sends the same coins in the same order): no new string, and the
 * property store finds it already internalized. Only keys written without escapes are
 * remembered, so a match is always that exact key in the text.
 */
export function cachedMapKey(cache: string[], n: number): string {
  const previous = cache[n];
  if (previous !== undefined && s.charCodeAt(i) === 34) {
    const end = i + 1 + previous.length;
    if (s.charCodeAt(end) === 34 && s.charCodeAt(end + 1) === 58 && s.startsWith(previous, i + 1)) {
      i = end + 2;
      return previous;
    }
  }
  const start = i;
  const name = mapKey();
  if (n < 4096 && i - start - 3 === name.length) cache[n] = name;
  return name;
}

/**
 * The object a map is built in. When the last map read here had many keys (allMids: hundreds
 * of coins) it starts in V8's dictionary mode, which that many keyed stores end in anyway,
 * instead of passing through a hidden-class transition per key first.
 */
export function mapObject(expectedKeys: number): Record<string, unknown> {
  if (expectedKeys <= 32) return {};
  const out: Record<string, unknown> = { _: 0 };
  delete out._;
  return out;
}

/** A JSON string. Escapes are rare on this API: those strings are decoded by JSON.parse. */
export function str(): string {
  if (s.charCodeAt(i) !== 34) bail();
  const start = ++i;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) return escaped(start);
    if (c < 0x20 || c !== c) bail(); // control character, or end of text (NaN)
    i++;
  }
  return s.slice(start, i++);
}

function escaped(start: number): string {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) i++;
    else if (c < 0x20 || c !== c) bail();
    i++;
  }
  i++;
  try {
    return JSON.parse(s.slice(start - 1, i)) as string;
  } catch {
    return bail();
  }
}

/** A string matching ^-?[0-9]+(\.[0-9]+)?$ (`signed`) or ^[0-9]+(\.[0-9]+)?$. */
export function decimal(signed: boolean): string {
  if (s.charCodeAt(i) !== 34) bail();
  const start = ++i;
  if (signed && s.charCodeAt(i) === 45) i++;
  let c = s.charCodeAt(i);
  if (c < 48 || c > 57) bail();
  do c = s.charCodeAt(++i);
  while (c >= 48 && c <= 57);
  if (c === 46) {
    c = s.charCodeAt(++i);
    if (c < 48 || c > 57) bail();
    do c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  }
  if (c !== 34) bail();
  return s.slice(start, i++);
}

const HEX = /^0x[0-9a-fA-F]*$/;

/**
 * A string matching ^0x[0-9a-fA-F]{digits}$, or ^0x[0-9a-fA-F]*$ when digits is -1. The regex
 * (native code) beats a per-character loop on 40-64 digits.
 */
export function hex(digits: number): string {
  if (s.charCodeAt(i) !== 34) bail();
  const start = i + 1;
  const end = digits >= 0 ? start + 2 + digits : s.indexOf('"', start);
  if (end < 0 || s.charCodeAt(end) !== 34) bail();
  const value = s.slice(start, end);
  if (!HEX.test(value)) bail();
  i = end + 1;
  return value;
}

/** A string equal to one of `allowed`. */
export function oneOf(allowed: readonly string[]): string {
  // In place first: the allowed values need no escapes (codegen checks), so a match is exact.
  if (s.charCodeAt(i) === 34) {
    for (let k = 0; k < allowed.length; k++) {
      const value = allowed[k]!;
      const end = i + 1 + value.length;
      if (s.charCodeAt(end) === 34 && s.startsWith(value, i + 1)) {
        i = end + 1;
        return value;
      }
    }
  }
  const value = str();
  if (!allowed.includes(value)) bail();
  return value;
}

/** A JSON number, finite; the value JSON.parse gives for it. */
export function num(): number {
  const start = i;
  let negative = false;
  if (s.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  const first = i;
  let c = s.charCodeAt(i);
  if (c < 48 || c > 57) bail();
  let value = 0;
  do {
    value = value * 10 + (c - 48);
    c = s.charCodeAt(++i);
  } while (c >= 48 && c <= 57);
  if (i - first > 1 && s.charCodeAt(first) === 48) bail(); // leading zero: not JSON
  if (c === 46 || c === 101 || c === 69) {
    if (c === 46) {
      c = s.charCodeAt(++i);
      if (c < 48 || c > 57) bail();
      do c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    if (c === 101 || c === 69) {
      c = s.charCodeAt(++i);
      if (c === 43 || c === 45) c = s.charCodeAt(++i);
      if (c < 48 || c > 57) bail();
      do c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    const parsed = Number(s.slice(start, i));
    if (!Number.isFinite(parsed)) bail();
    return parsed;
  }
  // While the running sum stays at or below 2^53 every step was exact (trade ids have 16
  // digits); beyond, use the same conversion as JSON.parse.
  if (value > 9007199254740992) {
    const parsed = Number(s.slice(start, i));
    if (!Number.isFinite(parsed)) bail();
    return parsed;
  }
  return negative ? -value : value;
}

/** A JSON number that is an integer (ajv's "integer": 1.0 and 1e3 count) within [min, max]. */
export function int(min: number, max: number): number {
  const value = num();
  if (!Number.isInteger(value) || value < min || value > max) bail();
  return value;
}

export function bool(): boolean {
  const c = s.charCodeAt(i);
  if (c === 116 && s.startsWith("true", i)) {
    i += 4;
    return true;
  }
  if (c === 102 && s.startsWith("false", i)) {
    i += 5;
    return false;
  }
  return bail();
}

/** Consumes `null` (the caller has seen its "n"). */
export function nul(): null {
  if (!s.startsWith("null", i)) bail();
  i += 4;
  return null;
}

/** Any JSON value (schema type any, or a key the schema does not know), as JSON.parse builds it. */
export function any(): unknown {
  const c = s.charCodeAt(i);
  if (c === 34) return str();
  if (c === 123) {
    i++;
    const out: Record<string, unknown> = {};
    if (s.charCodeAt(i) === 125) {
      i++;
      return out;
    }
    for (;;) {
      const name = mapKey();
      out[name] = any();
      const d = s.charCodeAt(i++);
      if (d === 125) return out;
      if (d !== 44) bail();
    }
  }
  if (c === 91) {
    i++;
    const out: unknown[] = [];
    if (s.charCodeAt(i) === 93) {
      i++;
      return out;
    }
    for (;;) {
      out.push(any());
      const d = s.charCodeAt(i++);
      if (d === 93) return out;
      if (d !== 44) bail();
    }
  }
  if (c === 116 || c === 102) return bool();
  if (c === 110) return nul();
  return num();
}
