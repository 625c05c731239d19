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
import { buildRustAnchor, runRustAnchor, sameSignature, type AnchorRow } from "./rust-anchor.js";

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

/** A row from out of process: a rate and CPU time per op, no per-op latencies. */
const rateRow = (name: string, r: AnchorRow): Result => ({
  name,
  opsPerSec: r.opsPerSec,
  cpuUsPerOp: r.cpuUsPerOp,
  p50us: Number.NaN,
  p99us: Number.NaN,
  samples: 0,
});

const ROUNDS = 3;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Row i averaged over rounds (latencies too: a mean of per-round percentiles). */
function meanOfRounds(rounds: Result[][], i: number): Result {
  const rows = rounds.map((r) => r[i]!);
  const cpu = rows.map((r) => r.cpuUsPerOp ?? Number.NaN);
  return {
    name: rows[0]!.name,
    opsPerSec: mean(rows.map((r) => r.opsPerSec)),
    p50us: mean(rows.map((r) => r.p50us)),
    p99us: mean(rows.map((r) => r.p99us)),
    samples: rows.reduce((a, r) => a + r.samples, 0),
    cpuUsPerOp: mean(cpu),
  };
}

/** The anchor's rows by name, rates and CPU averaged over rounds, signatures of the last round. */
function meanAnchorRows(rounds: AnchorRow[][]): Map<string, AnchorRow> {
  const out = new Map<string, AnchorRow>();
  for (const last of rounds.at(-1) ?? []) {
    const same = rounds.map((r) => r.find((x) => x.name === last.name)!);
    out.set(last.name, { ...last, opsPerSec: mean(same.map((x) => x.opsPerSec)), cpuUsPerOp: mean(same.map((x) => x.cpuUsPerOp)) });
  }
  return out;
}

export async function runSigningBench(): Promise<void> {
  const wallet = privateKeyWallet(KEY);
  const account = privateKeyToAccount(KEY);
  const order1 = orderAction(1);
  const order10 = orderAction(10);
  const secp = createRequire(import.meta.url)("secp256k1/bindings") as {
    ecdsaSign(msg32: Uint8Array, key: Uint8Array, options: object, output: Uint8Array): unknown;
  };
  // The barest call the binding has: options and output preallocated, as our signer passes them.
  const noOptions = {};
  const output = new Uint8Array(64);
  const secret = Buffer.from(KEY.slice(2), "hex");
  const digest = new Uint8Array(32).fill(0x42);
  const sign = (action: object) => signAction({ wallet, action: action as never, nonce: NONCE, isMainnet: true });

  // Our rows and the bare sign in alternating slices (a burst of load from other processes lands on all
  // alike), and the Rust anchor between those rounds rather than once before or after them.
  const rows: [string, () => unknown][] = [
    ["libsecp256k1 ecdsaSign (bare)", () => secp.ecdsaSign(digest, secret, noOptions, output)],
    ["hyperliquid-sdk (this)", () => sign(order1)],
    ["hyperliquid-sdk (this)", () => sign(order10)],
    ["hyperliquid-sdk (this)", () => sign(usd)],
  ];
  const anchor = buildRustAnchor();
  let rustSkipped = "skipped" in anchor ? anchor.skipped : undefined;
  const oursRounds: Result[][] = [];
  const rustRounds: AnchorRow[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    oursRounds.push(await measureInterleaved(rows, { warmupMs: round === 0 ? 300 : 100, durationMs: 1200, rounds: 3 }));
    if ("binary" in anchor && rustSkipped === undefined) {
      const run = runRustAnchor(anchor.binary, 300);
      if ("skipped" in run) rustSkipped = run.skipped;
      else rustRounds.push(run.rows);
    }
  }
  const [bare, ours1, ours10, oursUsd] = rows.map((_, i) => meanOfRounds(oursRounds, i));
  const rustRows = rustSkipped === undefined && rustRounds.length ? meanAnchorRows(rustRounds) : undefined;
  const rustRow = (name: AnchorRow["name"], label: string): Row => {
    const r = rustRows?.get(name);
    return r ? rateRow(label, r) : { name: label, skipped: rustSkipped ?? "no such row" };
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
  const rustOf = (name: string): Result | undefined => {
    const r = rust?.get(name);
    return r && rateRow(name, r);
  };
  const targets: [string, Result, Result | undefined, number][] = [
    ["L1 order ×1 ÷ Rust SDK", one, rustOf("l1Order1"), 1.3],
    ["L1 order ×10 ÷ Rust SDK", ten, rustOf("l1Order10"), 1.3],
    ["usdSend ÷ Rust SDK", usdSend, rustOf("usdSend"), 1.3],
    ["L1 order ×1 ÷ bare secp256k1 sign", one, bare, 0.85],
    ["L1 order ×10 ÷ L1 order ×1", ten, one, 0.8],
    ["usdSend ÷ L1 order ×1", usdSend, one, 0.9],
  ];
  console.log(`\n## targets (issue #18): rate ratios in this run (means of ${ROUNDS} rounds), and the same by CPU µs/op`);
  console.log(`${"".padEnd(36)} ${"by ops/s".padStart(9)} ${"by CPU".padStart(8)}  target`);
  for (const [name, a, b, target] of targets) {
    if (!b) {
      console.log(`${name.padEnd(36)} ${"—".padStart(9)} ${"—".padStart(8)}  ≥ ${target}×  n/a (no Rust anchor)`);
      continue;
    }
    const byRate = a.opsPerSec / b.opsPerSec;
    const byCpu = a.cpuUsPerOp && b.cpuUsPerOp ? b.cpuUsPerOp / a.cpuUsPerOp : Number.NaN;
    const verdict = byRate >= target ? "met" : "NOT met";
    console.log(`${name.padEnd(36)} ${`${byRate.toFixed(2)}×`.padStart(9)} ${`${byCpu.toFixed(2)}×`.padStart(8)}  ≥ ${target}×  ${verdict}`);
  }
}
