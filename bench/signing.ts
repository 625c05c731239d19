/**
 * Signing throughput: an L1 order (1 and 10 orders) and a user-signed usdSend, with this SDK
 * (validate + order keys + sign), @nktkas/hyperliquid and the official Python SDK.
 */
import { signL1Action, signUserSignedAction } from "@nktkas/hyperliquid/signing";
import { privateKeyToAccount } from "viem/accounts";
import { ecdsaBackend, privateKeyWallet, signAction } from "../src/signing/index.js";
import { keccakBackend } from "../src/signing/keccak.js";
import { measure, printGroup, type Result } from "./harness.js";
import { runPythonBench } from "./python.js";

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

export async function runSigningBench(): Promise<void> {
  const wallet = privateKeyWallet(KEY);
  const account = privateKeyToAccount(KEY);
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
  const py = runPythonBench("sign_bench.py");
  const pyRow = (i: number, name: string): Result | { name: string; skipped: string } => ("skipped" in py ? { name, skipped: py.skipped } : py[i]!);

  const l1: Result[] = [];
  for (const [n, i] of [
    [1, 0],
    [10, 1],
  ] as const) {
    const action = orderAction(n);
    const ours = await measure(`hyperliquid-sdk (this)`, () => signAction({ wallet, action, nonce: NONCE, isMainnet: true }));
    l1.push(ours);
    printGroup(`sign L1 order ×${n}`, [
      ours,
      await measure(`@nktkas/hyperliquid`, () => signL1Action({ wallet: account, action, nonce: NONCE })),
      pyRow(i, `python sdk: L1 order ×${n}`),
    ]);
  }
  const usdOurs = await measure(`hyperliquid-sdk (this)`, () => signAction({ wallet, action: usd, nonce: NONCE, isMainnet: true }));
  printGroup("sign user-signed usdSend", [
    usdOurs,
    await measure(`@nktkas/hyperliquid`, () => signUserSignedAction({ wallet: account, action: usd, types: usdTypes })),
    pyRow(2, "python sdk: usdSend"),
  ]);
  const one = l1[0]!;
  const ratio = (a: number | undefined, b: number | undefined): string => (a !== undefined && b !== undefined ? (a / b).toFixed(2) : "n/a");
  console.log(
    `usdSend ÷ L1 order ×1 rate: ${ratio(usdOurs.opsPerSec, one.opsPerSec)}× by ops/s, ${ratio(one.p50us, usdOurs.p50us)}× by p50, ${ratio(one.cpuUsPerOp, usdOurs.cpuUsPerOp)}× by CPU/op (target ≥ 0.8×)`,
  );
  console.log(`keccak: ${keccakBackend()}, ECDSA: ${ecdsaBackend()}`);
}
