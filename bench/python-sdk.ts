/**
 * `npm run bench python-sdk`: the Python package (python-bindings, over `hl serve`) against the
 * official hyperliquid-python-sdk on the same devnet: bench/python/sdk_bench.py, with a smaller
 * run than its defaults so the suite stays within the Python bench timeout.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { venvPython } from "./python.js";

const root = fileURLToPath(new URL("..", import.meta.url));

interface Row {
  name: string;
  [k: string]: number | string;
}

export function runPythonSdkBench(): void {
  console.log("\n## Python: hyperliquid_sdk over hl serve vs hyperliquid-python-sdk 0.24 (same devnet)");
  if (!existsSync(venvPython)) return console.log("skipped: no .venv-oracle (run scripts/setup-python.sh)");
  const built = spawnSync(process.execPath, [`${root}scripts/build-python-server.mjs`], { encoding: "utf8" });
  if (built.status !== 0) return console.log(`skipped: build-python-server failed: ${built.stderr.trim()}`);
  const res = spawnSync(venvPython, [`${root}bench/python/sdk_bench.py`, "100", "3", "3000"], { cwd: root, encoding: "utf8", timeout: 240_000 });
  if (res.status !== 0) return console.log(`skipped: sdk_bench.py failed: ${res.stderr.trim().split("\n").pop() ?? res.status}`);
  for (const row of JSON.parse(res.stdout) as Row[]) {
    const { name, ...rest } = row;
    console.log(
      `${name.padEnd(78)} ${Object.entries(rest)
        .map(([k, v]) => `${k} ${v}`)
        .join("  ")}`,
    );
  }
}
