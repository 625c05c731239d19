/**
 * The Rust anchor of the signing bench: hyperliquid_rust_sdk 0.6's own signing path in a release
 * build (bench/rust-anchor/, built by build-anchor.mjs and cached in its target/). Its rows carry
 * the signature of the last op, so the bench can check that it signs what we sign.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface AnchorRow {
  name: "l1Order1" | "l1Order10" | "usdSend" | "k256SignDigest";
  opsPerSec: number;
  /** CPU time of the anchor process per op (user + system). */
  cpuUsPerOp: number;
  r: string;
  s: string;
  v: number;
}

const builder = fileURLToPath(new URL("./rust-anchor/build-anchor.mjs", import.meta.url));

/** Builds the anchor (first time: minutes; then a cargo no-op): its binary, or why not. */
export function buildRustAnchor(): { binary: string } | { skipped: string } {
  // Cargo's progress goes to our stderr; stdout is one JSON line.
  const build = spawnSync(process.execPath, [builder], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 30 * 60_000 });
  const built = JSON.parse(build.stdout.trim().split("\n").pop() || '{"skipped":"build-anchor printed nothing"}') as { binary?: string; skipped?: string };
  return built.binary ? { binary: built.binary } : { skipped: built.skipped ?? "not built" };
}

/** One run of the anchor binary, `durationMs` per case. */
export function runRustAnchor(binary: string, durationMs: number): { rows: AnchorRow[] } | { skipped: string } {
  const run = spawnSync(binary, [String(durationMs)], { encoding: "utf8", timeout: 120_000 });
  if (run.status !== 0) return { skipped: `anchor failed: ${(run.stderr || String(run.status)).trim().split("\n").pop()}` };
  return JSON.parse(run.stdout) as { rows: AnchorRow[] };
}

/** Whether two signatures are the same (r and s compared as integers: the anchor prints them without leading zeros). */
export function sameSignature(a: { r: string; s: string; v: number }, b: { r: string; s: string; v: number }): boolean {
  return BigInt(a.r) === BigInt(b.r) && BigInt(a.s) === BigInt(b.s) && a.v === b.v;
}
