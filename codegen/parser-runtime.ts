/**
 * Runtime of the generated single-pass parsers (codegen/ts-parsers.ts copies this file, minus
 * its `export` keywords, to the top of generated/ts/parsers.ts; it is not imported at run time).
 *
 * Contract: a parser accepts a strict subset of JSON (compact, as the API sends it) and returns
 * exactly what `JSON.parse` returns for it, having checked it against the schema message at the
 * same time. Anything outside the subset or the schema throws BAIL, having noted only the
 * offset and a static "expected" text (nothing is tracked on the way in). `explain` then turns
 * that into an issue: the JSON path comes from a scan of the text up to the offset, the value
 * from JSON.parse. Text that is valid but not compact is re-read from its compact form, so a
 * decline always means a schema violation (test/schema/parsers.test.ts checks both).
 *
 * Module-level cursor state instead of a class: the generated functions are plain functions
 * over (s, i), which V8 inlines well. The explanations are in parser-explain.ts (copied after
 * this file).
 */

/** Thrown to leave a parse; caught by `run`, never escapes the module. */
export const BAIL = Symbol("bail");

/** One problem found in a value (the same shape `validate` returns). */
export interface Issue {
  /** JSON path such as `orders[0].p` ("" for the root). */
  path: string;
  /** The value found there (undefined when missing). */
  value: unknown;
  /** What is allowed there. */
  expected: string;
}

/** Deepest nesting read: deeper text is declined with a typed issue instead of overflowing the stack. */
export const MAX_DEPTH = 256;
export const DEEP = `nesting no deeper than ${MAX_DEPTH} levels`;
export const FINITE = "a finite number (this one overflows a double)";

/** Where the last parse declined and what was expected there (set on the way out only). */
export let failAt = 0;
export let failWhat = "";
/** A required key found missing at `failAt` (the closing brace of its object). */
export let failKey: string | undefined;
/** Nesting of `any` values. */
let depth = 0;

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

/** Declines at the cursor; `what` is what the schema allows there. */
export function bail(what: string): never {
  return bailAt(i, what);
}

export function bailAt(at: number, what: string, missingKey?: string): never {
  failAt = at;
  failWhat = what;
  failKey = missingKey;
  throw BAIL;
}

/** Parses one value of `fn` starting at `at`; returns it (with `i` just past it) or undefined. */
export function runAt(fn: () => unknown, text: string, at: number): unknown {
  s = text;
  i = at;
  depth = 0;
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
  if (value === undefined || i === text.length) return value;
  failAt = i;
  failWhat = "the end of the text";
  failKey = undefined;
  return undefined;
}

const EXPECTED_CHAR: Record<number, string> = {
  123: "an object",
  91: "an array",
  44: "more items (the tuple is longer)",
  93: "no more items (the tuple is shorter)",
  125: '"}"',
  58: '":"',
};

export function expect(code: number): void {
  if (s.charCodeAt(i) !== code) bail(EXPECTED_CHAR[code] ?? JSON.stringify(String.fromCharCode(code)));
  i++;
}

/** Declines at the closing brace just read: the first of `required` (a key mask) not in `seen`. */
export function missing(keys: readonly string[], seen: number, required: number): never {
  const k = Math.clz32(0) - 1 - Math.clz32(required & ~seen & -(required & ~seen));
  return bailAt(i - 1, "a required field", keys[k]);
}

/** Declines at the closing brace just read: not exactly one of a oneof's keys (`mask`) present. */
export function notOne(keys: readonly string[], mask: number): never {
  const names = keys.filter((_, k) => mask & (1 << k)).map((n) => JSON.stringify(n));
  return bailAt(i - 1, `exactly one of the keys ${names.join(", ")}`);
}

/**
 * At `"key":` returns the key's index in `keys`. The API keeps its key order, so `next` (one
 * slot per message, indexed by previous key + 1) remembers which key followed `previous` last
 * time and is tried first: one comparison per key once the order is learnt, whatever it is.
 * An unknown key returns -1 with the key in `lastKey`; a known key written with escapes, or
 * "__proto__", bails.
 */
export function key(keys: readonly string[], next: Int8Array, previous: number): number {
  if (s.charCodeAt(i) !== 34) bail("a key");
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
  if (name === "__proto__") bail(PROTO);
  if (keys.includes(name)) bail("a known key written without escapes");
  if (s.charCodeAt(i) !== 58) bail('":"');
  i++;
  lastKey = name;
  return -1;
}

/** A map key (any string but "__proto__", which JSON.parse makes an own property) and its colon. */
export const PROTO = 'no "__proto__" key (JSON.parse would make it an own property)';

export function mapKey(): string {
  const name = str();
  if (name === "__proto__") bail(PROTO);
  if (s.charCodeAt(i) !== 58) bail('":"');
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
  if (s.charCodeAt(i) !== 34) bail("a string");
  const start = ++i;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) return escaped(start);
    if (c < 0x20 || c !== c) bail("a JSON string"); // control character, or end of text (NaN)
    i++;
  }
  return s.slice(start, i++);
}

function escaped(start: number): string {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) i++;
    else if (c < 0x20 || c !== c) bail("a JSON string");
    i++;
  }
  i++;
  try {
    return JSON.parse(s.slice(start - 1, i)) as string;
  } catch {
    return bailAt(start - 1, "a JSON string");
  }
}

/** A string matching ^-?[0-9]+(\.[0-9]+)?$ (`signed`) or ^[0-9]+(\.[0-9]+)?$. */
const DECIMAL = 'a decimal string such as "0.25" or "-100" (digits, optional "-" and fraction, no exponent)';
const UDECIMAL = 'a non-negative decimal string such as "0.25" or "100" (digits and optional fraction, no sign or exponent)';

export function decimal(signed: boolean): string {
  if (s.charCodeAt(i) !== 34) bail(signed ? DECIMAL : UDECIMAL);
  const start = ++i;
  if (signed && s.charCodeAt(i) === 45) i++;
  let c = s.charCodeAt(i);
  if (c < 48 || c > 57) bail(signed ? DECIMAL : UDECIMAL);
  do c = s.charCodeAt(++i);
  while (c >= 48 && c <= 57);
  if (c === 46) {
    c = s.charCodeAt(++i);
    if (c < 48 || c > 57) bail(signed ? DECIMAL : UDECIMAL);
    do c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  }
  if (c !== 34) bail(signed ? DECIMAL : UDECIMAL);
  return s.slice(start, i++);
}

const HEX = /^0x[0-9a-fA-F]*$/;

/**
 * A string matching ^0x[0-9a-fA-F]{digits}$, or ^0x[0-9a-fA-F]*$ when digits is -1. The regex
 * (native code) beats a per-character loop on 40-64 digits.
 */
const HEX_EXPECTED: Record<number, string> = {
  40: 'a 20-byte hex address "0x" + 40 hex digits',
  32: 'a 16-byte client order id "0x" + 32 hex digits',
  64: 'a 32-byte hash "0x" + 64 hex digits',
};

export function hex(digits: number): string {
  if (s.charCodeAt(i) !== 34) bail(hexExpected(digits));
  const start = i + 1;
  const end = digits >= 0 ? start + 2 + digits : s.indexOf('"', start);
  if (end < 0 || s.charCodeAt(end) !== 34) bail(hexExpected(digits));
  const value = s.slice(start, end);
  if (!HEX.test(value)) bail(hexExpected(digits));
  i = end + 1;
  return value;
}

function hexExpected(digits: number): string {
  return HEX_EXPECTED[digits] ?? 'a "0x"-prefixed hex string';
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
  const start = i;
  if (s.charCodeAt(i) !== 34) bail(oneOfExpected(allowed));
  const value = str();
  if (!allowed.includes(value)) bailAt(start, oneOfExpected(allowed));
  return value;
}

function oneOfExpected(allowed: readonly string[]): string {
  return allowed.length === 1 ? JSON.stringify(allowed[0]) : `one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
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
  if (c < 48 || c > 57) bail("a number");
  let value = 0;
  do {
    value = value * 10 + (c - 48);
    c = s.charCodeAt(++i);
  } while (c >= 48 && c <= 57);
  if (i - first > 1 && s.charCodeAt(first) === 48) bail("a JSON number (no leading zeros)");
  if (c === 46 || c === 101 || c === 69) {
    if (c === 46) {
      c = s.charCodeAt(++i);
      if (c < 48 || c > 57) bail("a JSON number");
      do c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    if (c === 101 || c === 69) {
      c = s.charCodeAt(++i);
      if (c === 43 || c === 45) c = s.charCodeAt(++i);
      if (c < 48 || c > 57) bail("a JSON number");
      do c = s.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    const parsed = Number(s.slice(start, i));
    if (!Number.isFinite(parsed)) bailAt(start, FINITE);
    return parsed;
  }
  // While the running sum stays at or below 2^53 every step was exact (trade ids have 16
  // digits); beyond, use the same conversion as JSON.parse.
  if (value > 9007199254740992) {
    const parsed = Number(s.slice(start, i));
    if (!Number.isFinite(parsed)) bailAt(start, FINITE);
    return parsed;
  }
  return negative ? -value : value;
}

/** A JSON number that is an integer (ajv's "integer": 1.0 and 1e3 count) within [min, max]. */
export function int(min: number, max: number): number {
  const start = i;
  const c = s.charCodeAt(i);
  if (c !== 45 && (c < 48 || c > 57)) bail(intExpected(min, max));
  const value = num();
  if (!Number.isInteger(value) || value < min || value > max) bailAt(start, intExpected(min, max));
  return value;
}

function intExpected(min: number, max: number): string {
  if (min === -Infinity && max === Infinity) return "an integer";
  if (max === Infinity) return `an integer >= ${min}`;
  if (min === -Infinity) return `an integer <= ${max}`;
  return `an integer from ${min} to ${max}`;
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
  return bail("a boolean");
}

/** Consumes `null` (the caller has seen its "n"). */
export function nul(): null {
  if (!s.startsWith("null", i)) bail("null");
  i += 4;
  return null;
}

/**
 * Any JSON value (schema type any, or a key the schema does not know), as JSON.parse builds it.
 * The only unbounded recursion in a parser, so the only place that counts depth.
 */
export function any(): unknown {
  const c = s.charCodeAt(i);
  if (c === 34) return str();
  if (c === 123) {
    if (++depth > MAX_DEPTH) bail(DEEP);
    i++;
    const out: Record<string, unknown> = {};
    if (s.charCodeAt(i) === 125) {
      i++;
      depth--;
      return out;
    }
    for (;;) {
      const name = mapKey();
      out[name] = any();
      const d = s.charCodeAt(i++);
      if (d === 125) {
        depth--;
        return out;
      }
      if (d !== 44) bailAt(i - 1, '"," or "}"');
    }
  }
  if (c === 91) {
    if (++depth > MAX_DEPTH) bail(DEEP);
    i++;
    const out: unknown[] = [];
    if (s.charCodeAt(i) === 93) {
      i++;
      depth--;
      return out;
    }
    for (;;) {
      out.push(any());
      const d = s.charCodeAt(i++);
      if (d === 93) {
        depth--;
        return out;
      }
      if (d !== 44) bailAt(i - 1, '"," or "]"');
    }
  }
  if (c === 116 || c === 102) return bool();
  if (c === 110) return nul();
  return num();
}
