/**
 * `npm run examples`: every example in examples/ against its own freshly seeded devnet.
 *
 * For each entry of EXAMPLES (scripts/examples-list.ts): start a devnet in this process on a free
 * loopback port, fund a new key, run the entry's seeding, then run the example as a child
 * process (`node --import tsx`, python or go) with HL_EXAMPLES_URL / HL_EXAMPLES_KEY pointing at
 * it, under a timeout. Two run at a time. Prints a pass/fail table and exits 1 on any failure.
 *
 * HL_EXAMPLES_ONLY=a,b runs only those; HL_EXAMPLES_VERBOSE=1 prints
 * every example's output (failures always print theirs); HL_EXAMPLES_TSX=1 runs the sources
 * through tsx instead of a bundle.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { startDevnet } from "../devnet/index.js";
import { EXAMPLE_MARKETS, EXAMPLES, type ExampleEntry, type SeedContext } from "./examples-list.js";
import { newWallet, postFund } from "./examples-seed.js";

interface Outcome {
  entry: ExampleEntry;
  verdict: "pass" | "fail" | "timeout";
  seconds: number;
  output: string;
  note: string;
}

const VERBOSE = process.env.HL_EXAMPLES_VERBOSE === "1";
const ONLY = (process.env.HL_EXAMPLES_ONLY ?? "").split(",").filter(Boolean);
const PARALLEL = Math.max(1, Math.min(Number(process.env.HL_EXAMPLES_PARALLEL) || 2, availableParallelism()));

/** Runs `command` with `env`; resolves with its exit code (null on timeout) and combined output. */
function runChild(command: string[], env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const [file, ...args] = command as [string, ...string[]];
    // Its own process group, so a timeout also stops what it started (`go run` runs the built binary as a child).
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    const append = (chunk: Buffer): void => {
      // Bounded: an example that floods its output is cut, not kept in memory.
      if (output.length < 200_000) output += chunk.toString("utf8");
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL"); // the group is already gone
      }
    }, timeoutMs);
    child.on("error", (e) => {
      output += `\n[runner] could not start ${file}: ${e.message}`;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : (code ?? 1), output });
    });
  });
}

/** Where the TypeScript examples are bundled (under dist/, so their packages resolve from node_modules). */
const BUNDLE_DIR = join("dist", "examples-bundle");
const USE_BUNDLE = process.env.HL_EXAMPLES_TSX !== "1";

/**
 * Bundles every TypeScript example in one esbuild call (the SDK shared as a chunk): a child
 * then starts in plain node instead of transpiling the SDK again through tsx each time, which
 * on a busy 2-core machine is most of an example's run time.
 */
async function bundleExamples(entries: ExampleEntry[]): Promise<void> {
  const files = [...new Set(entries.map(tsFileOf).filter((f): f is string => f !== undefined))];
  await rm(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outdir: BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
}

function tsFileOf(entry: ExampleEntry): string | undefined {
  const file = entry.file ?? `examples/${entry.name}.ts`;
  return file.endsWith(".ts") ? file : undefined;
}

function commandOf(entry: ExampleEntry): string[] {
  const file = entry.file ?? `examples/${entry.name}.ts`;
  if (file.endsWith(".py")) return [".venv-oracle/bin/python", file, ...(entry.args ?? [])];
  if (file.endsWith(".go")) return ["go", "run", file, ...(entry.args ?? [])];
  if (USE_BUNDLE) return [process.execPath, join(BUNDLE_DIR, file.replace(/^examples\//, "").replace(/\.ts$/, ".mjs")), ...(entry.args ?? [])];
  return [process.execPath, "--import", "tsx", file, ...(entry.args ?? [])];
}

async function runOne(entry: ExampleEntry): Promise<Outcome> {
  const started = Date.now();
  const devnet = await startDevnet({ port: 0, seed: 7, markets: EXAMPLE_MARKETS });
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const main = newWallet();
    await postFund(devnet.url, main.address, { usdc: "100000", spot: { USDC: "5000", PURR: "1000", HYPE: "100" } });
    const extraArgs: string[] = [];
    const expected: string[] = [];
    const ctx: SeedContext = {
      devnet,
      main,
      onClose: (fn) => void cleanups.push(fn),
      addArgs: (...args) => void extraArgs.push(...args),
      expectOutput: (text) => void expected.push(text),
    };
    const extraEnv = (await entry.seed?.(ctx)) ?? {};
    const env = { HL_EXAMPLES_URL: devnet.url, HL_EXAMPLES_KEY: main.key, ...extraEnv };
    const result = await runChild([...commandOf(entry), ...extraArgs], env, entry.timeoutMs ?? 30_000);
    const { code } = result;
    let { output } = result;
    const missing = expected.filter((text) => !output.includes(text));
    if (code === 0 && missing.length) output += `\n[runner] the output lacks the expected ${missing.join(", ")}`;
    const seconds = (Date.now() - started) / 1000;
    const lastLine = output.trim().split("\n").at(-1) ?? "";
    if (code === 0 && missing.length === 0) return { entry, verdict: "pass", seconds, output, note: "" };
    const verdict = code === null ? "timeout" : "fail";
    return { entry, verdict, seconds, output, note: lastLine.slice(0, 100) };
  } catch (e) {
    const note = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const firstLine = note.split("\n")[0]!.slice(0, 100);
    return { entry, verdict: "fail", seconds: (Date.now() - started) / 1000, output: note, note: `seeding failed: ${firstLine}` };
  } finally {
    for (const fn of cleanups.reverse()) await fn();
    await devnet.close();
  }
}

/** Runs `entries` with at most PARALLEL at a time, in list order. */
async function runAll(entries: ExampleEntry[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(entries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++;
      const outcome = await runOne(entries[i]!);
      outcomes[i] = outcome;
      const mark = outcome.verdict === "pass" ? "ok  " : "FAIL";
      console.log(`${mark} ${outcome.entry.label ?? outcome.entry.name} (${outcome.seconds.toFixed(1)} s)`);
      if (VERBOSE || outcome.verdict === "fail" || outcome.verdict === "timeout") console.log(indent(outcome.output));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return outcomes;
}

const indent = (text: string): string =>
  text
    .trimEnd()
    .split("\n")
    .slice(-40)
    .map((l) => `    | ${l}`)
    .join("\n");

function printTable(outcomes: Outcome[]): void {
  const rows = outcomes.map((o) => [o.entry.label ?? o.entry.name, o.verdict, o.seconds.toFixed(1), o.note]);
  const head = ["example", "result", "s", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  console.log(`\n${line(head)}\n${line(widths.map((w, i) => "-".repeat(i === widths.length - 1 ? 4 : w)))}`);
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const entries = ONLY.length ? EXAMPLES.filter((e) => ONLY.includes(e.name) || ONLY.includes(e.label ?? "")) : EXAMPLES;
  if (entries.length === 0) throw new Error(`HL_EXAMPLES_ONLY=${ONLY.join(",")} matches no example`);
  const started = Date.now();
  if (USE_BUNDLE) await bundleExamples(entries);
  const outcomes = await runAll(entries);
  printTable(outcomes);
  const count = (v: Outcome["verdict"]): number => outcomes.filter((o) => o.verdict === v).length;
  const failed = count("fail") + count("timeout");
  console.log(`\n${count("pass")} passed, ${failed} failed; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
