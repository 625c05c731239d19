#!/usr/bin/env node
/**
 * The server the Python package starts (its sidecar): `hl serve` as one self-contained ES module,
 * python-bindings/hyperliquid_sdk/_server/hl-serve.mjs, which the wheel carries as package data.
 * Everything is bundled except native addons; each of those has a pure-JS fallback in the SDK
 * (secp256k1 -> @noble/curves, keccak -> @noble/hashes, ws's bufferutil/utf-8-validate -> JS),
 * so after `pip install` only `node` >= 20 is needed. sql.js (devnet persistence, unused by
 * `hl serve`) and better-sqlite3 (guard store) are loaded by createRequire at run time only.
 */
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outfile = join(root, "python-bindings/hyperliquid_sdk/_server/hl-serve.mjs");
const NATIVE = ["secp256k1", "secp256k1/*", "keccak", "keccak/*", "bufferutil", "utf-8-validate", "better-sqlite3", "sql.js"];

mkdirSync(join(root, "python-bindings/hyperliquid_sdk/_server"), { recursive: true });
await build({
  entryPoints: [join(root, "python-bindings/server-entry/hl-serve-entry.ts")],
  outfile,
  bundle: true,
  minify: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: NATIVE,
  legalComments: "none",
  logLevel: "warning",
  // CommonJS dependencies (ws, undici) call require(); an ES module has none of its own.
  banner: { js: 'import { createRequire as __hlCreateRequire } from "node:module"; const require = __hlCreateRequire(import.meta.url);' },
});
console.error(`build-python-server: ${outfile} (${Math.round(statSync(outfile).size / 1024)} KiB)`);
