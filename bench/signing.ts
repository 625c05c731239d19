/**
 * Signing throughput: an L1 order (1 and 10 orders) and a user-signed usdSend, with this SDK
 * (validate + order keys + sign), the official Rust SDK's own signing path (release build, see
 * rust-anchor.ts), @nktkas/hyperliquid and the official Python SDK; plus the floor under all of
 * it, one bare libsecp256k1 sign of a 32-byte digest through the same binding we sign with.
 * Ends with the issue #18 targets, as ratios measured in this run.
 */
import { createRequire } from "node:module";
import { signL1Action, signUserSignedAction } from "@nktkas/hyperliquid/signing";
import { privateKeyToAccount } from "viem/accounts";
import { ecdsaBackend, privateKeyWallet, signAction, type Signature } from "../src/signing/index.js";
import { keccakBackend } from "../src/signing/keccak.js";
import { measure, measureInterleaved, printGroup, type Result } from "./harness.js";
import { runPythonBench } from "./python.js";
import { runRustAnchor, sameSignature, type AnchorRow } from "./rust-anchor.js";

const KEY = "0x8f1d3a6c0b5e4f2a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e";
const NONCE = 1_700_000_000_000;

function orderAction(n: number) {
  return {
    type: "order" as const,
    orders: Array.from({ length: n }, (_, i) => ({
      a: i % 5,
      b: i % 2 === 0,
      p: "30123.5",
      s: "0.0123",
      r: false,
      t: { limit: { tif: "Gtc" as const } },
      c: `0x${i.toString(16).padStart(32, "0")}`,
    })),
    grouping: "na" as const,
  };
}

const usd = {
  type: "usdSend" as const,
  signatureChainId: "0x66eee" as `0x${string}`,
  hyperliquidChain: "Mainnet" as const,
  destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a",
  amount: "12.5",
  time: NONCE,
};
const usdTypes = {
  "HyperliquidTransaction:UsdSend": [
    { name: "hyperliquidChain", type: "string" },
    { name: "destination", type: "string" },
    { name: "amount", type: "string" },
    { name: "time", type: "uint64" },
  ],
};

type Row = Result | { name: string; skipped: string };

/** A rate-only row (out of process: no per-op latencies or CPU time). */
const rateRow = (name: string, opsPerSec: number): Result => ({ name, opsPerSec, p50us: Number.NaN, p99us: Number.NaN, samples: 0 });

export async function runSigningBench(): Promise<void> {
  const wallet = privateKeyWallet(KEY);
  const account = privateKeyToAccount(KEY);
  const order1 = orderAction(1);
  const order10 = orderAction(10);
  const secp = createRequire(import.meta.url)("secp256k1/bindings") as { ecdsaSign(msg32: Uint8Array, key: Uint8Array): unknown };
  const secret = Buffer.from(KEY.slice(2), "hex");
  const digest = new Uint8Array(32).fill(0x42);
  const sign = (action: object) => signAction({ wallet, action: action as never, nonce: NONCE, isMainnet: true });

  // Our rows and the bare sign in alternating rounds: a burst of load from other processes lands on all alike.
  const [bare, ours1, ours10, oursUsd] = await measureInterleaved(
    [
      ["libsecp256k1 ecdsaSign (bare)", () => secp.ecdsaSign(digest, secret)],
      ["hyperliquid-sdk (this)", () => sign(order1)],
      ["hyperliquid-sdk (this)", () => sign(order10)],
      ["hyperliquid-sdk (this)", () => sign(usd)],
    ],
    { durationMs: 3000, rounds: 6 },
  );
  const rust = runRustAnchor(1500);
  const rustRows = "skipped" in rust ? undefined : new Map(rust.rows.map((r) => [r.name, r]));
  const rustRow = (name: AnchorRow["name"], label: string): Row => {
    const r = rustRows?.get(name);
    return r ? rateRow(label, r.opsPerSec) : { name: label, skipped: "skipped" in rust ? rust.skipped : "no such row" };
  };
  const py = runPythonBench("sign_bench.py");
  const pyRow = (i: number, name: string): Row => ("skipped" in py ? { name, skipped: py.skipped } : py[i]!);

  printGroup("bare secp256k1 sign of a 32-byte digest", [bare!, rustRow("k256SignDigest", "rust k256 sign_hash (Rust SDK's curve)")]);
  printGroup(`sign L1 order ×1`, [
    ours1!,
    rustRow("l1Order1", "rust sdk 0.6 (release)"),
    await measure(`@nktkas/hyperliquid`, () => signL1Action({ wallet: account, action: order1, nonce: NONCE })),
    pyRow(0, "python sdk: L1 order ×1"),
  ]);
  printGroup(`sign L1 order ×10`, [
    ours10!,
    rustRow("l1Order10", "rust sdk 0.6 (release)"),
    await measure(`@nktkas/hyperliquid`, () => signL1Action({ wallet: account, action: order10, nonce: NONCE })),
    pyRow(1, "python sdk: L1 order ×10"),
  ]);
  printGroup("sign user-signed usdSend", [
    oursUsd!,
    rustRow("usdSend", "rust sdk 0.6 (release)"),
    await measure(`@nktkas/hyperliquid`, () => signUserSignedAction({ wallet: account, action: usd, types: usdTypes })),
    pyRow(2, "python sdk: usdSend"),
  ]);
  console.log(`\nkeccak: ${keccakBackend()}, ECDSA: ${ecdsaBackend()}`);

  if (rustRows) {
    const ourSignatures: [AnchorRow["name"], Signature][] = [
      ["l1Order1", (await sign(order1)).signature],
      ["l1Order10", (await sign(order10)).signature],
      ["usdSend", (await sign(usd)).signature],
    ];
    const differing = ourSignatures.filter(([name, sig]) => !sameSignature(sig, rustRows.get(name)!)).map(([name]) => name);
    console.log(
      differing.length
        ? `signatures DIFFER from the Rust SDK's: ${differing.join(", ")}`
        : "signatures equal the Rust SDK's (r, s as integers, and v) in all 3 cases",
    );
    if (differing.length) process.exitCode = 1;
  }
  printTargets(bare!, ours1!, ours10!, oursUsd!, rustRows);
}

function printTargets(bare: Result, one: Result, ten: Result, usdSend: Result, rust: Map<string, AnchorRow> | undefined): void {
  const targets: [string, number | undefined, number][] = [
    ["L1 order ×1 ÷ Rust SDK", rust && one.opsPerSec / rust.get("l1Order1")!.opsPerSec, 1.3],
    ["L1 order ×10 ÷ Rust SDK", rust && ten.opsPerSec / rust.get("l1Order10")!.opsPerSec, 1.3],
    ["usdSend ÷ Rust SDK", rust && usdSend.opsPerSec / rust.get("usdSend")!.opsPerSec, 1.3],
    ["L1 order ×1 ÷ bare secp256k1 sign", one.opsPerSec / bare.opsPerSec, 0.85],
    ["L1 order ×10 ÷ L1 order ×1", ten.opsPerSec / one.opsPerSec, 0.8],
    ["usdSend ÷ L1 order ×1", usdSend.opsPerSec / one.opsPerSec, 0.9],
  ];
  console.log("\n## targets (issue #18; ops/s ratios in this run)");
  for (const [name, ratio, target] of targets) {
    const verdict = ratio === undefined ? "n/a (no Rust anchor)" : ratio >= target ? "met" : "NOT met";
    console.log(`${name.padEnd(36)} ${ratio === undefined ? "   —  " : `${ratio.toFixed(2)}×`.padStart(6)}  target ≥ ${target}×  ${verdict}`);
  }
}
