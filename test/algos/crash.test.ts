/**
 * SIGKILL the runner process at random points of a TWAP and of an iceberg, 20 times each,
 * resuming from the same store each time: the final filled size equals the target within
 * one lot and the devnet never accepted the same cloid twice.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloidOf } from "../../src/algos/core.js";
import { AlgoStore } from "../../src/algos/store.js";
import { duplicated, startAlgoSetup, type AlgoSetup } from "./setup.js";

let env: AlgoSetup;
beforeAll(async () => {
  // 42 process starts are most of this test's CPU. One CommonJS file with every pure-JS
  // dependency inside (no module resolution, no CJS-in-ESM lexing; only the native addons are
  // loaded from node_modules), run through a V8 code cache made once here: a worker process
  // then loads in ~0.11 s of CPU instead of ~0.26 s (the ESM bundle with external undici/ws).
  const ready = build({
    entryPoints: [join(import.meta.dirname, "worker.ts")],
    outfile: WORKER,
    bundle: true,
    minify: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
    external: ["secp256k1", "better-sqlite3", "bufferutil", "utf-8-validate"],
    define: { "import.meta.url": "__bundleUrl" },
    banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  }).then(() => {
    rmSync(`${WORKER}.v8cache`, { force: true });
    // A load-only run writes the code cache: stdin closed, the worker exits 1 right after loading.
    const primed = spawnSync(process.execPath, [LOADER, WORKER], { stdio: ["ignore", "ignore", "inherit"] });
    if (primed.status !== 1 || !existsSync(`${WORKER}.v8cache`)) throw new Error(`priming the worker's code cache failed (exit ${primed.status})`);
  });
  [env] = await Promise.all([startAlgoSetup(), ready]);
});
const spawned = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of spawned) if (child.exitCode === null) child.kill("SIGKILL");
  await env.close();
});

const KILLS = 20;
// Inside the project so the bundle's native addons resolve from node_modules.
const WORKER = join(import.meta.dirname, "../../dist/test/algos-crash-worker.cjs");
const LOADER = join(import.meta.dirname, "cached-loader.mjs");

interface Worker {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
  go(): void;
}

/** A worker process that has loaded its modules and waits for go(). */
function worker(statePath: string, spec: unknown): Worker {
  const child = spawn(process.execPath, [LOADER, WORKER], {
    env: {
      ...process.env,
      DEVNET_URL: env.devnet.url,
      DEVNET_WS: env.devnet.wsUrl,
      HL_PRIVATE_KEY: env.key,
      ALGO_STATE: statePath,
      ALGO_SPEC: JSON.stringify(spec),
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  spawned.add(child);
  const lines: string[] = [];
  child.stdout!.on("data", (b: Buffer) => lines.push(...b.toString().split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, lines, exited, go: () => child.stdin!.write("go\n") };
}

/** Kills the worker `KILLS` times, each after it has sent a random number of commands (1..3) or a random delay. */
/** Returns how many kills hit the algorithm while it was still running. */
async function crashAndResume(spec: { id: string }, statePath: string, seed: number): Promise<number> {
  let midRun = 0;
  let rnd = seed;
  const next = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let warm = worker(statePath, spec);
  for (let i = 0; i < KILLS; i++) {
    const w = warm;
    w.go();
    warm = worker(statePath, spec);
    const commandsBeforeKill = 1 + Math.floor(next() * 3);
    const extraMs = Math.floor(next() * 15);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        const sent = w.lines.filter((l) => l.includes('"place"')).length;
        if (sent >= commandsBeforeKill || w.lines.some((l) => l.includes("finished"))) {
          clearInterval(check);
          setTimeout(resolve, extraMs);
        }
      }, 2);
      void w.exited.then(() => {
        clearInterval(check);
        resolve();
      });
    });
    if (w.child.exitCode === null && !w.lines.some((l) => l.includes('"status":"done"'))) midRun++;
    w.child.kill("SIGKILL");
    await w.exited;
  }
  const last = warm;
  last.go();
  const code = await last.exited;
  expect(code).toBe(0);
  return midRun;
}

/** The algorithm's final status, as its store has it. */
function storedStatus(statePath: string, id: string): string | undefined {
  const store = AlgoStore.open(statePath);
  try {
    return store.load(id)?.status;
  } finally {
    store.close();
  }
}

async function filledByAlgo(id: string, steps: number, szDecimals: number): Promise<number> {
  const cloids = new Set(Array.from({ length: steps + 5 }, (_, i) => cloidOf(id, i + 1)));
  const fills = await env.info.userFillsByTime({ user: env.wallet.address, startTime: 0 });
  return fills.filter((f) => cloids.has((f as { cloid?: string }).cloid ?? "")).reduce((n, f) => n + Math.round(Number(f.sz) * 10 ** szDecimals), 0);
}

// The two run side by side: most of the time goes to starting processes, not to trading.
describe.concurrent("SIGKILL and resume", () => {
  it(`a TWAP killed ${KILLS} times finishes with its target, no cloid placed twice`, { timeout: 300_000 }, async () => {
    const spec = { kind: "twap", id: "crash-twap", params: { coin: "ETH", side: "buy", size: "3", durationMs: 3000, intervalMs: 30, maxSlice: "0.02" } };
    const path = join(env.dir, "twap.db");
    expect(await crashAndResume(spec, path, 7)).toBe(KILLS);
    expect(storedStatus(path, spec.id)).toBe("done");
    const lots = await filledByAlgo("crash-twap", 1000, 4);
    expect(Math.abs(lots - 30_000)).toBeLessThanOrEqual(1);
    expect(duplicated(env.placements)).toEqual([]);
  });

  it(`an iceberg killed ${KILLS} times finishes with its target, no cloid placed twice`, { timeout: 300_000 }, async () => {
    const mid = Number((await env.info.allMids()).ETH);
    const spec = { kind: "iceberg", id: "crash-ice", params: { coin: "ETH", side: "sell", size: "2", displaySize: "0.02", limitPx: Math.round(mid * 0.98) } };
    const path = join(env.dir, "ice.db");
    expect(await crashAndResume(spec, path, 11)).toBe(KILLS);
    expect(storedStatus(path, spec.id)).toBe("done");
    const lots = await filledByAlgo("crash-ice", 1000, 4);
    expect(Math.abs(lots - 20_000)).toBeLessThanOrEqual(1);
    expect(duplicated(env.placements)).toEqual([]);
  });
});
