/** `hl serve --devnet` as a child process: prints `listening on`, makes a 0600 token file, never prints the token, stops on SIGTERM. */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, describe, expect, it } from "vitest";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { InfoService } from "../../generated/connect/hl/v1/info_service_pb.js";
import { startServeChild } from "../helpers/cli.js"; // importing it rebuilds dist/ for bin/hl.js

const dir = mkdtempSync(join(tmpdir(), "hl-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hl serve", () => {
  it("--devnet serves info and signed actions behind a token", async () => {
    const tokenFile = join(dir, "token");
    const env = { ...process.env };
    delete env.HL_PRIVATE_KEY;
    const serve = await startServeChild(["serve", "--devnet", "--port", "0", "--token-file", tokenFile], { env, timeoutMs: 30_000 });
    const { url, output } = serve;
    try {
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const token = readFileSync(tokenFile, "utf8").trim();
      expect(output.stdout).not.toContain(token);
      expect(output.stdout).toContain(tokenFile);
      const transport = createGrpcTransport({ baseUrl: url });
      expect(Object.keys((await createClient(InfoService, transport).allMids({})).mids)).toContain("BTC");
      const exchange = createClient(ExchangeService, transport);
      const e = await exchange.cancel({ cancels: [{ a: 0, o: 1n }] }).catch((err: unknown) => ConnectError.from(err));
      expect(e instanceof ConnectError && e.code).toBe(Code.Unauthenticated);
      // Cancelling an unknown order: signed by the funded wallet, answered per order.
      const res = await exchange.cancel({ cancels: [{ a: 0, o: 1n }] }, { headers: { authorization: `Bearer ${token}` } });
      expect(["ok", "err"]).toContain(res.value.case);
      serve.child.kill("SIGTERM");
      expect(await serve.exited, output.stderr).toBe(0);
    } finally {
      serve.stop();
    }
  }, 60_000);
});
