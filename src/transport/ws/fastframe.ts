/**
 * A fast path for the three busiest channels (l2Book, trades, allMids): one pass over the
 * frame text that builds the same value JSON.parse would and checks it against the schema at
 * the same time (decimal strings, hashes, addresses, integers, sides).
 *
 * It accepts only a strict subset of what the generated validators accept: compact JSON as
 * the server sends it, known keys in any order, no escapes, no duplicate keys. Anything else
 * (another channel, whitespace, an escape, an unknown key, a malformed or unexpected value)
 * returns `undefined` and the frame takes the generic path (JSON.parse + validator), which
 * also produces the error messages. So the fast path can change speed, never results:
 * test/ws/fastframe.test.ts checks `fastFrame(text)` against JSON.parse + validate.
 *
 * Why it is faster: V8's JSON.parse is generic (it internalizes every key and checks each
 * object's shape as it goes); here keys are compared in place, objects get their properties
 * in a fixed set of orders, and the schema's string patterns are checked while scanning
 * instead of by a second walk with regular expressions.
 */

/** A frame the fast path understood; `data` satisfies the channel's schema message. */
export interface FastFrame {
  channel: "l2Book" | "trades" | "allMids";
  data: unknown;
}

/** Thrown to leave the scanner; caught at the top, never escapes this module. */
const BAIL = Symbol("bail");

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const BACKSLASH = 0x5c;
const D0 = 0x30;
const D9 = 0x39;

function bail(): never {
  throw BAIL;
}

const HEX_DIGITS = /^0x[0-9a-fA-F]*$/;

const LEVEL_KEYS = ["px", "sz", "n"] as const;
const BOOK_KEYS = ["coin", "time", "levels", "spread"] as const;
const TRADE_KEYS = ["coin", "side", "px", "sz", "time", "hash", "tid", "users"] as const;
const MIDS_KEYS = ["mids", "dex"] as const;

/** One frame's scan: the text and the cursor. */
class Scanner {
  s = "";
  i = 0;


  expect(code: number): void {
    if (this.s.charCodeAt(this.i) !== code) bail();
    this.i++;
  }

  /** At `"key":` for one of the known keys: returns the key's index in `keys`, or bails. */
  key(keys: readonly string[]): number {
    if (this.s.charCodeAt(this.i) !== QUOTE) bail();
    const start = this.i + 1;
    const first = this.s.charCodeAt(start);
    for (let k = 0; k < keys.length; k++) {
      const name = keys[k]!;
      const length = name.length;
      if (name.charCodeAt(0) !== first || this.s.charCodeAt(start + length) !== QUOTE || this.s.charCodeAt(start + length + 1) !== COLON) continue;
      let j = 1;
      while (j < length && this.s.charCodeAt(start + j) === name.charCodeAt(j)) j++;
      if (j === length) {
        this.i = start + length + 2;
        return k;
      }
    }
    return bail();
  }

  /** A JSON string without escapes or control characters. */
  plainString(): string {
    if (this.s.charCodeAt(this.i) !== QUOTE) bail();
    const start = ++this.i;
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20 || c !== c) bail(); // escape, control character, or end of text (NaN)
      this.i++;
    }
    return this.s.slice(start, this.i++);
  }

  /** A string matching ^-?[0-9]+(\.[0-9]+)?$ (the schema's decimal). */
  decimal(): string {
    if (this.s.charCodeAt(this.i) !== QUOTE) bail();
    const start = ++this.i;
    if (this.s.charCodeAt(this.i) === MINUS) this.i++;
    let c = this.s.charCodeAt(this.i);
    if (c < D0 || c > D9) bail();
    do c = this.s.charCodeAt(++this.i);
    while (c >= D0 && c <= D9);
    if (c === DOT) {
      c = this.s.charCodeAt(++this.i);
      if (c < D0 || c > D9) bail();
      do c = this.s.charCodeAt(++this.i);
      while (c >= D0 && c <= D9);
    }
    if (c !== QUOTE) bail();
    return this.s.slice(start, this.i++);
  }


  /** A string matching ^0x[0-9a-fA-F]{digits}$. */
  hexString(digits: number): string {
    if (this.s.charCodeAt(this.i) !== QUOTE || this.s.charCodeAt(this.i + 1) !== D0 || this.s.charCodeAt(this.i + 2) !== 0x78 || this.s.charCodeAt(this.i + 3 + digits) !== QUOTE) bail();
    const end = this.i + 3 + digits;
    const value = this.s.slice(this.i + 1, end);
    // Native regex beats a per-character loop here; the 0x prefix and length are checked above.
    if (!HEX_DIGITS.test(value)) bail();
    this.i = end + 1;
    return value;
  }

  /** A JSON integer (no fraction or exponent, no leading zeros); `signed` allows a minus. */
  integer(signed: boolean): number {
    let negative = false;
    if (this.s.charCodeAt(this.i) === MINUS) {
      if (!signed) bail();
      negative = true;
      this.i++;
    }
    const first = this.i;
    let c = this.s.charCodeAt(this.i);
    if (c < D0 || c > D9) bail();
    let value = 0;
    do {
      value = value * 10 + (c - D0);
      c = this.s.charCodeAt(++this.i);
    } while (c >= D0 && c <= D9);
    if (c === DOT || c === 0x65 || c === 0x45) bail(); // fraction or exponent: leave to JSON.parse
    const digits = this.i - first;
    if (digits > 1 && this.s.charCodeAt(first) === D0) bail(); // leading zero: not JSON
    // Beyond 15 digits the running sum may round differently from JSON.parse's conversion.
    if (digits > 15) value = Number(this.s.slice(first, this.i));
    if (negative) {
      if (value === 0) bail(); // -0: leave to JSON.parse
      value = -value;
    }
    return value;
  }

  level(): { px: string; sz: string; n: number } {
    this.expect(LBRACE);
    const out: Record<string, unknown> = {};
    let seen = 0;
    for (;;) {
      const k = this.key(LEVEL_KEYS);
      const bit = 1 << k;
      if (seen & bit) bail();
      seen |= bit;
      if (k === 0) out.px = this.decimal();
      else if (k === 1) out.sz = this.decimal();
      else out.n = this.integer(false);
      const c = this.s.charCodeAt(this.i++);
      if (c === RBRACE) break;
      if (c !== COMMA) bail();
    }
    if (seen !== 7) bail();
    return out as { px: string; sz: string; n: number };
  }

  levelArray(): unknown[] {
    this.expect(LBRACKET);
    const out: unknown[] = [];
    if (this.s.charCodeAt(this.i) === RBRACKET) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.level());
      const c = this.s.charCodeAt(this.i++);
      if (c === RBRACKET) return out;
      if (c !== COMMA) bail();
    }
  }

  l2Book(): unknown {
    this.expect(LBRACE);
    const out: Record<string, unknown> = {};
    let seen = 0;
    for (;;) {
      const k = this.key(BOOK_KEYS);
      const bit = 1 << k;
      if (seen & bit) bail();
      seen |= bit;
      if (k === 0) out.coin = this.plainString();
      else if (k === 1) out.time = this.integer(false);
      else if (k === 2) {
        this.expect(LBRACKET);
        const bids = this.levelArray();
        this.expect(COMMA);
        const asks = this.levelArray();
        this.expect(RBRACKET);
        out.levels = [bids, asks];
      } else out.spread = this.decimal();
      const c = this.s.charCodeAt(this.i++);
      if (c === RBRACE) break;
      if (c !== COMMA) bail();
    }
    if ((seen & 7) !== 7) bail();
    return out;
  }

  trade(): unknown {
    this.expect(LBRACE);
    const out: Record<string, unknown> = {};
    let seen = 0;
    for (;;) {
      const k = this.key(TRADE_KEYS);
      const bit = 1 << k;
      if (seen & bit) bail();
      seen |= bit;
      switch (k) {
        case 0:
          out.coin = this.plainString();
          break;
        case 1: {
          // "B" or "A"
          const c = this.s.charCodeAt(this.i + 1);
          if (this.s.charCodeAt(this.i) !== QUOTE || (c !== 0x42 && c !== 0x41) || this.s.charCodeAt(this.i + 2) !== QUOTE) bail();
          out.side = c === 0x42 ? "B" : "A";
          this.i += 3;
          break;
        }
        case 2:
          out.px = this.decimal();
          break;
        case 3:
          out.sz = this.decimal();
          break;
        case 4:
          out.time = this.integer(false);
          break;
        case 5:
          out.hash = this.hexString(64);
          break;
        case 6:
          out.tid = this.integer(true);
          break;
        default: {
          this.expect(LBRACKET);
          const users: string[] = [];
          if (this.s.charCodeAt(this.i) === RBRACKET) this.i++;
          else
            for (;;) {
              users.push(this.hexString(40));
              const c = this.s.charCodeAt(this.i++);
              if (c === RBRACKET) break;
              if (c !== COMMA) bail();
            }
          out.users = users;
        }
      }
      const c = this.s.charCodeAt(this.i++);
      if (c === RBRACE) break;
      if (c !== COMMA) bail();
    }
    // Required: coin side px sz time hash users (tid is optional).
    if ((seen & 0b10111111) !== 0b10111111) bail();
    return out;
  }

  trades(): unknown {
    this.expect(LBRACKET);
    const out: unknown[] = [];
    if (this.s.charCodeAt(this.i) === RBRACKET) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.trade());
      const c = this.s.charCodeAt(this.i++);
      if (c === RBRACKET) return out;
      if (c !== COMMA) bail();
    }
  }

  mids(): Record<string, string> {
    this.expect(LBRACE);
    const out: Record<string, string> = {};
    if (this.s.charCodeAt(this.i) === RBRACE) {
      this.i++;
      return out;
    }
    for (;;) {
      const name = this.plainString();
      // JSON.parse makes "__proto__" an own property; assignment would set the prototype.
      // A duplicate key would keep the last value in JSON.parse: leave both to it.
      if (name === "__proto__" || Object.hasOwn(out, name)) bail();
      this.expect(COLON);
      out[name] = this.decimal();
      const c = this.s.charCodeAt(this.i++);
      if (c === RBRACE) return out;
      if (c !== COMMA) bail();
    }
  }

  allMids(): unknown {
    this.expect(LBRACE);
    const out: Record<string, unknown> = {};
    let seen = 0;
    for (;;) {
      const k = this.key(MIDS_KEYS);
      const bit = 1 << k;
      if (seen & bit) bail();
      seen |= bit;
      if (k === 0) out.mids = this.mids();
      else out.dex = this.plainString();
      const c = this.s.charCodeAt(this.i++);
      if (c === RBRACE) break;
      if (c !== COMMA) bail();
    }
    if ((seen & 1) !== 1) bail();
    return out;
  }
}

const scanner = new Scanner();

const PREFIX = '{"channel":"';

/**
 * Parses and schema-checks an l2Book, trades or allMids frame in one pass; `undefined` for
 * anything it does not fully understand (the caller then takes the generic path).
 */
export function fastFrame(text: string): FastFrame | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  let channel: FastFrame["channel"];
  let at = PREFIX.length;
  if (text.startsWith('l2Book","data":', at)) {
    channel = "l2Book";
    at += 15;
  } else if (text.startsWith('trades","data":', at)) {
    channel = "trades";
    at += 15;
  } else if (text.startsWith('allMids","data":', at)) {
    channel = "allMids";
    at += 16;
  } else return undefined;
  const sc = scanner;
  sc.s = text;
  sc.i = at;
  try {
    const data = channel === "l2Book" ? sc.l2Book() : channel === "trades" ? sc.trades() : sc.allMids();
    if (sc.s.charCodeAt(sc.i) !== RBRACE || sc.i + 1 !== text.length) return undefined;
    return { channel, data };
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  } finally {
    sc.s = "";
  }
}
