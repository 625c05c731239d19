/** `hl serve --devnet` as a child process: prints `listening on`, makes a 0600 token file, never prints the token, stops on SIGTERM. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, describe, expect, it } from "vitest";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { InfoService } from "../../generated/connect/hl/v1/info_service_pb.js";
import "../helpers/cli.js"; // rebuilds dist/ for bin/hl.js
import { projectRoot } from "../helpers/shared.js";

const dir = mkdtempSync(join(tmpdir(), "hl-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hl serve", () => {
  it("--devnet serves info and signed actions behind a token", async () => {
    const tokenFile = join(dir, "token");
    const env = { ...process.env };
    delete env.HL_PRIVATE_KEY;
    const child = spawn(process.execPath, ["bin/hl.js", "serve", "--devnet", "--port", "0", "--token-file", tokenFile], { cwd: projectRoot, env });
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(stdout);
          if (m && /wallet .*\n/.test(stdout)) resolve(m[1]!);
        });
        child.once("close", () => reject(new Error(`exited early: ${stderr}`)));
      });
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const token = readFileSync(tokenFile, "utf8").trim();
      expect(stdout).not.toContain(token);
      expect(stdout).toContain(tokenFile);
      const transport = createGrpcTransport({ baseUrl: url });
      expect(Object.keys((await createClient(InfoService, transport).allMids({})).mids)).toContain("BTC");
      const exchange = createClient(ExchangeService, transport);
      const e = await exchange.cancel({ cancels: [{ a: 0, o: 1n }] }).catch((err: unknown) => ConnectError.from(err));
      expect(e instanceof ConnectError && e.code).toBe(Code.Unauthenticated);
      // Cancelling an unknown order: signed by the funded wallet, answered per order.
      const res = await exchange.cancel({ cancels: [{ a: 0, o: 1n }] }, { headers: { authorization: `Bearer ${token}` } });
      expect(["ok", "err"]).toContain(res.value.case);
      child.kill("SIGTERM");
      expect(await exited, stderr).toBe(0);
    } finally {
      child.kill("SIGKILL");
      clearTimeout(killer);
    }
  }, 60_000);
});
