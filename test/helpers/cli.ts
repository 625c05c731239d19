/** Runs the `hl` CLI as a child process (the real entry point) and collects its output. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
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

/** A running `hl serve` child: its URL once it printed `listening on` and the wallet line. */
export interface ServeChild {
  url: string;
  child: ChildProcess;
  /** Everything printed so far. */
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Kills it (if still running) and clears its kill timer. */
  stop(): void;
}

/** Starts `hl <args>` (a serve command) and waits until it listens; killed after `timeoutMs` whatever happens. */
export async function startServeChild(
  args: string[],
  { env = process.env, timeoutMs = 60_000 }: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ServeChild> {
  const child = spawn(process.execPath, ["bin/hl.js", ...args], { cwd: projectRoot, env });
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const output = { stdout: "", stderr: "" };
  child.stderr.on("data", (d: Buffer) => (output.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  const stop = (): void => {
    child.kill("SIGKILL");
    clearTimeout(killer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        output.stdout += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(output.stdout);
        if (m && /wallet .*\n/.test(output.stdout)) resolve(m[1]!);
      });
      child.once("close", () => reject(new Error(`exited early: ${output.stderr}`)));
    });
    return { url, child, output, exited, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
