/**
 * `hl serve --guard FILE` as a child process: every ExchangeService action passes the guard (here
 * read-only: refused before signing, audited in the store), and the startup line names the mode.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, describe, expect, it } from "vitest";
import { ExchangeService } from "../../generated/connect/hl/v1/exchange_service_pb.js";
import { openGuardStore } from "../../src/guard/store.js";
import { startServeChild } from "../helpers/cli.js"; // importing it rebuilds dist/ for bin/hl.js

const dir = mkdtempSync(join(tmpdir(), "hl-serve-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hl serve --guard", () => {
  it("refuses ExchangeService actions in read-only mode and audits them", async () => {
    const tokenFile = join(dir, "token");
    const db = join(dir, "guard.db");
    const config = join(dir, "guard.toml");
    writeFileSync(config, `mode = "read-only"\n[store]\npath = ${JSON.stringify(db)}\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, HL_MODE: "" };
    delete env.HL_PRIVATE_KEY;
    const serve = await startServeChild(["serve", "--devnet", "--port", "0", "--token-file", tokenFile, "--guard", config], { env, timeoutMs: 60_000 });
    const { url, output } = serve;
    try {
      expect(output.stdout).toContain(`guard read-only (${config})`);
      const token = readFileSync(tokenFile, "utf8").trim();
      const exchange = createClient(ExchangeService, createGrpcTransport({ baseUrl: url }));
      const e = await exchange
        .cancel({ cancels: [{ a: 0, o: 1n }] }, { headers: { authorization: `Bearer ${token}` } })
        .catch((err: unknown) => ConnectError.from(err));
      expect(e).toBeInstanceOf(ConnectError);
      expect((e as ConnectError).rawMessage).toContain("the guard rails are in read-only mode");
      expect((e as ConnectError).code).toBe(Code.FailedPrecondition);
      serve.child.kill("SIGTERM");
      expect(await serve.exited, output.stderr).toBe(0);
    } finally {
      serve.stop();
    }
    const store = openGuardStore(db, { readonly: true });
    try {
      expect(store.tail(1)[0]).toMatchObject({ operation: "cancel", status: "rejected", mode: "read-only" });
      expect(store.verifyChain()).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  }, 90_000);
});
