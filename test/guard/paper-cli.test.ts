/**
 * Paper mode from the CLI: `hl order --mode paper` matches against the configured network's live
 * book (here a devnet behind a counting proxy) on the devnet's engine in-process, sends nothing to
 * /exchange, and its fills are in the store, so `hl positions --mode paper` sees them after restarts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { openGuardStore } from "../../src/guard/store.js";
import { runCli } from "../helpers/cli.js";
import { startCountingProxy, type CountingProxy } from "./proxy.js";

let devnet: Devnet;
let proxy: CountingProxy;
let dir: string;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0 });
  proxy = await startCountingProxy(devnet.url);
  dir = mkdtempSync(join(tmpdir(), "hl-guard-paper-cli-"));
});
afterAll(async () => {
  await proxy.close();
  await devnet.close();
  rmSync(dir, { recursive: true, force: true });
});

type Filled = { filled: { totalSz: string; avgPx: string; oid: number } };

describe("hl order --mode paper", { timeout: 120_000 }, () => {
  it("fills against the network's book like the devnet does, sends nothing, and the fills survive restarts", async () => {
    const key = generatePrivateKey();
    const address = privateKeyToAddress(key);
    devnet.fund(address, 100_000);
    const db = join(dir, "paper.db");
    const config = join(dir, "paper.toml");
    writeFileSync(config, `mode = "live"\n[store]\npath = ${JSON.stringify(db)}\n[risk]\nmax_order_notional = 50000\n`);
    const hl = (args: string[]) => runCli([...args, "--url", proxy.url, "--config", config, "--json"], { env: { HL_PRIVATE_KEY: key, HL_MODE: "" } });
    const px = String(Math.round(Number(devnet.engine.midPx("BTC")) * 1.01));
    // Large enough to take several levels of the devnet maker's ladder.
    const order = ["order", "--coin", "BTC", "--side", "buy", "--size", "0.09", "--price", px, "--tif", "Ioc"];

    const paper = await hl([...order, "--mode", "paper"]);
    expect(paper.code, paper.stderr).toBe(0);
    const paperOut = JSON.parse(paper.stdout) as { mode: string; status: Filled };
    expect(paperOut.mode).toBe("paper");
    expect(proxy.exchangeRequests).toBe(0);
    expect(devnet.engine.existing(address)?.fills.length ?? 0).toBe(0);

    // The same order on the "live" devnet, same book: the same fill.
    const live = await hl([...order, "--mode", "live"]);
    expect(live.code, live.stderr).toBe(0);
    expect(proxy.exchangeRequests).toBe(1);
    const liveFill = (JSON.parse(live.stdout) as { status: Filled }).status.filled;
    expect(paperOut.status.filled.totalSz).toBe(liveFill.totalSz);
    expect(paperOut.status.filled.avgPx).toBe(liveFill.avgPx);

    // A second process: the paper position is rebuilt from the stored fills and grows.
    const small = ["order", "--coin", "BTC", "--side", "buy", "--size", "0.01", "--market", "--mode", "paper"];
    const again = await hl(small);
    expect(again.code, again.stderr).toBe(0);
    const shown = await hl(["positions", "--mode", "paper"]);
    expect(shown.code, shown.stderr).toBe(0);
    const positions = JSON.parse(shown.stdout) as { mode: string; paper: { positions: { coin: string; size: string }[]; fees: string } };
    expect(positions.mode).toBe("paper");
    expect(positions.paper.positions).toEqual([expect.objectContaining({ coin: "BTC", size: "0.1" })]);
    expect(Number(positions.paper.fees)).toBeGreaterThan(0);
    expect(proxy.exchangeRequests).toBe(1);

    // The kill switch in paper mode: trips (nothing to cancel in a new process: resting paper orders
    // live in their process), blocks the next paper order, and is released without a key.
    const kill = await hl(["kill", "--mode", "paper", "--reason", "paper test"]);
    expect(kill.code, kill.stderr).toBe(0);
    expect(JSON.parse(kill.stdout)).toMatchObject({ mode: "paper", killSwitch: { tripped: true }, canceled: 0 });
    const blocked = await hl(small);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain("kill switch");
    const released = await runCli(["kill", "--release", "--mode", "paper", "--url", proxy.url, "--config", config, "--json"], {
      env: { HL_PRIVATE_KEY: "", HL_MODE: "" },
    });
    expect(released.code, released.stderr).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({ mode: "paper", killSwitch: { tripped: false } });
    expect(proxy.exchangeRequests).toBe(1);

    const store = openGuardStore(db, { readonly: true });
    try {
      expect(store.paperFills().length).toBeGreaterThan(2);
      expect(
        store
          .auditRows()
          .filter((r) => r.mode === "paper" && r.operation === "order" && r.phase === "after")
          .map((r) => r.status),
      ).toEqual(["ok", "ok"]);
      expect(store.verifyChain()).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  });
});
