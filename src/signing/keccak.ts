/**
 * keccak-256: the `keccak` package's native binding (XKCP, prebuilt, loaded through its own
 * node-gyp-build) when it is installed and loads, @noble/hashes otherwise. Both give the same
 * bytes (checked in test/signing/eip712.test.ts); the native one is ~4× faster on the short
 * inputs signing hashes (32–200 bytes: ~1.3 µs, most of it the Buffer its squeeze allocates,
 * against ~7 µs here), and every signature hashes 3–6 of them.
 * `HL_PURE_JS_KECCAK=1` forces @noble/hashes.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { keccak_256 as nobleKeccak256 } from "@noble/hashes/sha3.js";

/** The binding's sponge (keccak/src/addon.cc): absorb reads any Uint8Array, squeeze allocates. */
interface NativeKeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Uint8Array): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Uint8Array;
}
type NativeKeccakStateClass = new () => NativeKeccakState;

let state: NativeKeccakState | null | undefined;

function loadNative(): NativeKeccakState | null {
  if (state !== undefined) return state;
  if (process.env.HL_PURE_JS_KECCAK === "1") return (state = null);
  try {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve("keccak/package.json"));
    // The raw sponge, not the package's stream-based API: one reused state, no Transform per hash.
    const Binding: NativeKeccakStateClass = createRequire(`${root}/`)("node-gyp-build")(root);
    if (typeof Binding !== "function") return (state = null);
    const probe = new Binding();
    state = probe;
    // A binding that loads but hashes wrongly must never sign: compare one known digest.
    if (toHexString(nativeKeccak256(probe, new Uint8Array(0))) !== EMPTY_KECCAK) state = null;
  } catch {
    state = null;
  }
  return state;
}

const EMPTY_KECCAK = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

function toHexString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

function nativeKeccak256(s: NativeKeccakState, data: Uint8Array): Uint8Array {
  // Keccak-256: rate 1088, capacity 512, original Keccak padding (0x01), not SHA3's 0x06. XKCP's
  // squeeze pads with exactly 0x01 itself when nothing was padded yet (SpongeSqueeze), which
  // saves one call into the binding per hash.
  s.initialize(1088, 512);
  s.absorb(data);
  return s.squeeze(32);
}

/** keccak-256 of `data` (32 bytes). */
export function keccak256(data: Uint8Array): Uint8Array {
  const s = loadNative();
  return s ? nativeKeccak256(s, data) : nobleKeccak256(data);
}

/** keccak-256 of `head ‖ tail` without concatenating them. */
export function keccak256Concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const s = loadNative();
  if (!s) return nobleKeccak256.create().update(head).update(tail).digest();
  s.initialize(1088, 512);
  s.absorb(head);
  s.absorb(tail);
  return s.squeeze(32); // padded with 0x01 by the squeeze, as above
}

/** Which implementation hashes: "native" (`keccak` package) or "noble". */
export function keccakBackend(): "native" | "noble" {
  return loadNative() ? "native" : "noble";
}
