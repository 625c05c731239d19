/** Runs a Python anchor benchmark in the oracle venv (scripts/setup-python.sh), if present. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Result } from "./harness.js";

const root = fileURLToPath(new URL("..", import.meta.url));
export const venvPython = `${root}.venv-oracle/bin/python`;

export function runPythonBench(script: string, args: string[] = []): Result[] | { skipped: string } {
  if (!existsSync(venvPython)) return { skipped: "no .venv-oracle (run scripts/setup-python.sh)" };
  const res = spawnSync(venvPython, [fileURLToPath(new URL(`./python/${script}`, import.meta.url)), ...args], { encoding: "utf8", timeout: 120_000 });
  if (res.status !== 0) return { skipped: `python failed: ${res.stderr.trim().split("\n").pop() ?? res.status}` };
  return JSON.parse(res.stdout) as Result[];
}
