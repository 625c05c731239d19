/**
 * `hl serve --devnet --algo-state FILE` with a Python grpcio client on the package's committed
 * stubs (python-bindings/hyperliquid_sdk/_pb, from `npm run generate`): a TWAP started and
 * watched to its end, listed, an iceberg canceled, a bad spec refused, no token refused
 * (test/algos/py/algo_client.py). Skipped with a message when grpcio is missing, failed under CI=true.
 */
import { execFile, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import "../helpers/cli.js"; // rebuilds dist/ for bin/hl.js
import { projectRoot } from "../helpers/shared.js";
import { AlgoStore } from "../../src/algos/store.js";

const run = promisify(execFile);
const PYTHON = [join(projectRoot, ".venv-oracle/bin/python")].find((p) => existsSync(p)) ?? "python3";
const probe = spawnSync(PYTHON, ["-c", "import grpc"], { encoding: "utf8" });
const missing = probe.status === 0 ? undefined : `grpcio not importable by ${PYTHON}: ${(probe.stderr || String(probe.error)).trim().split("\n").at(-1)}`;
if (missing && process.env.CI === "true") throw new Error(`serve-cli test cannot run under CI: ${missing}`);
if (missing) console.warn(`skipping the Python AlgoService test: ${missing}`);

const dir = mkdtempSync(join(tmpdir(), "hl-serve-algos-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(missing !== undefined)("hl serve --algo-state, from Python", () => {
  it("start, watch, list, cancel over grpcio; the state is in the --algo-state store", async () => {
    const token = randomBytes(24).toString("hex");
    writeFileSync(join(dir, "token"), `${token}\n`, { mode: 0o600 });
    const state = join(dir, "algos.db");
    const env = { ...process.env };
    delete env.HL_PRIVATE_KEY;
    const child = spawn(
      process.execPath,
      ["bin/hl.js", "serve", "--devnet", "--port", "0", "--key-stdin", "--token-file", join(dir, "token"), "--algo-state", state],
      { cwd: projectRoot, env },
    );
    child.stdin.end(`${generatePrivateKey()}\n`);
    const killer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const target = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const url = /listening on http:\/\/(127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
        if (url && /algos \S+ \(0 resumed\)/.test(stdout)) resolve(url);
      });
      void exited.then(() => reject(new Error(`hl serve exited early: ${stderr}`)));
    });
    try {
      const result = await run(PYTHON, [join(projectRoot, "test/algos/py/algo_client.py"), target, token], {
        timeout: 90_000,
        env: { ...process.env, PYTHONPATH: join(projectRoot, "python-bindings") },
      }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: e.stderr ?? String(e) }));
      const answer = JSON.parse(result.stdout.trim().split("\n").at(-1) || "{}") as Record<string, unknown>;
      expect(answer, result.stderr).toMatchObject({
        started: "running",
        final: { status: "done", filled: "0.1" },
        canceled: "canceled",
        no_token: "UNAUTHENTICATED",
      });
      expect(answer.causes).toEqual(expect.arrayContaining(["snapshot", "placed"]));
      expect(answer.listed).toContainEqual(["py-twap", "twap", "done"]);
      expect(answer.bad).toEqual(["INVALID_ARGUMENT", expect.stringContaining("twap.side")]);
    } finally {
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      clearTimeout(killer);
    }
    // Written by the server's runner into the file it was given.
    const store = AlgoStore.open(state);
    try {
      expect(store.list().map((r) => [r.id, r.status])).toEqual([
        ["py-twap", "done"],
        ["py-ice", "canceled"],
      ]);
    } finally {
      store.close();
    }
  }, 180_000);
});
