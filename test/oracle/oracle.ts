/** Drives test/oracle/py_sign.py (the official Python SDK) over stdin/stdout, one JSON line each way. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { projectRoot } from "../helpers/shared.js";

const PYTHON = `${projectRoot}/.venv-oracle/bin/python`;

export function pythonOracleAvailable(): boolean {
  return existsSync(PYTHON);
}

export interface PythonOracle {
  request(req: unknown): Promise<unknown>;
  close(): void;
}

/** Runs a JSON-lines Python script from the oracle venv: one request line in, one answer line out. */
export function startPythonScript(script: string, name: string, timeoutMs = 30_000): PythonOracle {
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [`${projectRoot}/${script}`], { stdio: ["pipe", "pipe", "pipe"] });
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
      w.reject(new Error(`${name} exited: ${stderr.slice(-500)}`));
    }
  });
  return {
    request(req) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} timed out: ${stderr.slice(-500)}`)), timeoutMs);
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

/** The signing oracle (test/oracle/py_sign.py). */
export async function startPythonOracle(timeoutMs = 30_000): Promise<PythonOracle> {
  return startPythonScript("test/oracle/py_sign.py", "python oracle", timeoutMs);
}
