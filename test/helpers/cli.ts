/** Runs the `hl` CLI as a child process (the real entry point) and collects its output. */
import { execFileSync, spawn } from "node:child_process";
import { projectRoot } from "./shared.js";

// bin/hl.js runs dist/: rebuild it (incremental, ~0.1 s when current) before any test spawns it,
// so a stale build cannot make a test pass or fail for the wrong code.
execFileSync(process.execPath, ["scripts/build.mjs", "--js"], { cwd: projectRoot, stdio: ["ignore", "ignore", "inherit"] });

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  { input, env, timeoutMs = 60_000 }: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/hl.js", ...args], { cwd: projectRoot, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`hl ${args.join(" ")} timed out`));
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}
