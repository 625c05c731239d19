/** Drives test/oracle/py_exchange.py (the official Python SDK's Exchange) over stdin/stdout, one JSON line each way. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { projectRoot } from "../helpers/shared.js";
import { pythonOracleAvailable, type PythonOracle } from "../oracle/oracle.js";

export { pythonOracleAvailable };

/** Python is required under CI=true or HL_PY_ORACLE=1; otherwise the tests skip without the venv. */
export const pythonRequired = process.env.HL_PY_ORACLE === "1" || process.env.CI === "true";

export function startPythonExchangeOracle(timeoutMs = 30_000): PythonOracle {
  const child = spawn(`${projectRoot}/.venv-oracle/bin/python`, [`${projectRoot}/test/oracle/py_exchange.py`], { stdio: ["pipe", "pipe", "pipe"] });
  const waiting: { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const w = waiting.shift();
    if (!w) return;
    clearTimeout(w.timer);
    w.resolve(JSON.parse(line));
  });
  child.on("exit", () => {
    for (const w of waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new Error(`python exchange oracle exited: ${stderr.slice(-500)}`));
    }
  });
  return {
    request(req) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`python exchange oracle timed out: ${stderr.slice(-500)}`)), timeoutMs);
        waiting.push({ resolve, reject, timer });
        child.stdin.write(`${JSON.stringify(req)}\n`);
      });
    },
    close() {
      child.stdin.end();
      child.kill();
    },
  };
}
