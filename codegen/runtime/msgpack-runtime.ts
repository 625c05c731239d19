/**
 * Runtime of the generated msgpack writers. codegen/ts-msgpack.ts copies this file, minus this
 * comment, to generated/ts/msgpack-runtime.ts; it is type-checked here as a real source.
 */
import { Encoder } from "@msgpack/msgpack";

/** The reference: the encoder and options the signing path hashes with. The writers equal it byte for byte. */
export const referenceEncoder = new Encoder({ ignoreUndefined: true });

// One growable buffer: a write runs synchronously from reset() to written(), nothing awaits in between.
let bytes = new Uint8Array(1024);
let view = new DataView(bytes.buffer);
let pos = 0;

function ensure(n: number): void {
  if (pos + n <= bytes.length) return;
  let size = bytes.length * 2;
  while (size < pos + n) size *= 2;
  const next = new Uint8Array(size);
  next.set(bytes.subarray(0, pos));
  bytes = next;
  view = new DataView(next.buffer);
}

export function reset(): void {
  pos = 0;
}

/** The bytes written since reset(): a view, valid until the next reset(). */
export function written(): Uint8Array {
  return bytes.subarray(0, pos);
}

export function raw(b: Uint8Array): void {
  const n = b.length;
  ensure(n);
  if (n < 16) for (let i = 0; i < n; i++) bytes[pos + i] = b[i]!;
  else bytes.set(b, pos);
  pos += n;
}

function ref(v: unknown): void {
  raw(referenceEncoder.encodeSharedRef(v));
}

function header(n: number, fix: number, b16: number, b32: number, fixLimit: number): void {
  ensure(5);
  if (n < fixLimit) bytes[pos++] = fix + n;
  else if (n < 0x10000) {
    bytes[pos++] = b16;
    view.setUint16(pos, n);
    pos += 2;
  } else {
    bytes[pos++] = b32;
    view.setUint32(pos, n);
    pos += 4;
  }
}

export function mapHeader(n: number): void {
  header(n, 0x80, 0xde, 0xdf, 16);
}

export function arrayHeader(n: number): void {
  header(n, 0x90, 0xdc, 0xdd, 16);
}

export function nil(): void {
  ensure(1);
  bytes[pos++] = 0xc0;
}

/** ASCII strings are copied code unit by code unit; any other string is the reference's job. */
export function str(s: string): void {
  const n = s.length;
  ensure(5 + n);
  const start = pos + (n < 32 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return ref(s);
    bytes[start + i] = c;
  }
  if (n < 32) bytes[pos] = 0xa0 + n;
  else if (n < 0x100) {
    bytes[pos] = 0xd9;
    bytes[pos + 1] = n;
  } else if (n < 0x10000) {
    bytes[pos] = 0xda;
    view.setUint16(pos + 1, n);
  } else {
    bytes[pos] = 0xdb;
    view.setUint32(pos + 1, n);
  }
  pos = start + n;
}

/** The reference's number rules: the smallest integer form for safe integers, float64 otherwise. */
export function num(v: number): void {
  ensure(9);
  if (!Number.isSafeInteger(v)) {
    bytes[pos++] = 0xcb;
    view.setFloat64(pos, v);
    pos += 8;
  } else if (v >= 0) {
    if (v < 0x80) bytes[pos++] = v;
    else if (v < 0x100) {
      bytes[pos++] = 0xcc;
      bytes[pos++] = v;
    } else if (v < 0x10000) {
      bytes[pos++] = 0xcd;
      view.setUint16(pos, v);
      pos += 2;
    } else if (v < 0x100000000) {
      bytes[pos++] = 0xce;
      view.setUint32(pos, v);
      pos += 4;
    } else {
      bytes[pos++] = 0xcf;
      view.setUint32(pos, Math.floor(v / 0x100000000));
      view.setUint32(pos + 4, v >>> 0);
      pos += 8;
    }
  } else if (v >= -0x20) bytes[pos++] = 0xe0 | (v + 0x20);
  else if (v >= -0x80) {
    bytes[pos++] = 0xd0;
    view.setInt8(pos++, v);
  } else if (v >= -0x8000) {
    bytes[pos++] = 0xd1;
    view.setInt16(pos, v);
    pos += 2;
  } else if (v >= -0x80000000) {
    bytes[pos++] = 0xd2;
    view.setInt32(pos, v);
    pos += 4;
  } else ref(v);
}

/** A value the schema does not type further: scalars here, anything else through the reference. */
export function any(v: unknown): void {
  if (typeof v === "string") str(v);
  else if (typeof v === "number") num(v);
  else if (typeof v === "boolean") {
    ensure(1);
    bytes[pos++] = v ? 0xc3 : 0xc2;
  } else if (v === null || v === undefined) nil();
  else ref(v);
}
