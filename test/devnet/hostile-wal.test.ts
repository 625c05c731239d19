/** Durability with --state: what the devnet acknowledged survives kill -9 (write-ahead log). */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generatePrivateKey } from "viem/accounts";
import { afterAll, describe, expect, it } from "vitest";
import { WriteAheadLog } from "../../devnet/wal.js";
import { startDevnet } from "../../devnet/index.js";
import { privateKeyWallet, signAction, signUserSignedActionRaw } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "hl-wal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRY = pathToFileURL(join(import.meta.dirname, "../../devnet/index.ts")).href;

/** The devnet in its own process (so it can be SIGKILLed), from the TypeScript sources. */
async function spawnDevnet(statePath: string): Promise<{ url: string; child: ChildProcess }> {
  const code = `const { startDevnet } = await import(${JSON.stringify(ENTRY)}); const d = await startDevnet({ port: 0, seed: 3, statePath: ${JSON.stringify(statePath)} }); console.log("listening " + d.url);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`devnet did not start: ${out}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (c) => reject(new Error(`devnet exited ${c}: ${out}`)));
  });
  return { url, child };
}

const kill9 = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

describe("devnet --state durability", () => {
  it(
    "regression: an acknowledged usdSend and order survive kill -9, and the same signed usdSend is refused after the restart",
    { timeout: 90_000 },
    async () => {
      const statePath = join(dir, "crash.sqlite");
      const wallet = privateKeyWallet(generatePrivateKey());
      const dest = privateKeyWallet(generatePrivateKey()).address.toLowerCase();
      const first = await spawnDevnet(statePath);
      const post = (url: string, path: string, body: unknown) =>
        fetch(`${url}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
      try {
        expect((await post(first.url, "/devnet/fund", { user: wallet.address, usdc: "1000" })).status).toBe(200);
        const time = Date.now();
        const action = { type: "usdSend", signatureChainId: "0x66eee", hyperliquidChain: "Testnet", destination: dest, amount: "125", time };
        const usdSend = { action, nonce: time, signature: await signUserSignedActionRaw({ wallet, action }) };
        expect(await (await post(first.url, "/exchange", usdSend)).json()).toEqual({ status: "ok", response: { type: "default" } });
        const mids = (await (await post(first.url, "/info", { type: "allMids" })).json()) as Record<string, string>;
        const px = String(Math.round(Number(mids.BTC) * 0.9));
        const order = await signAction({
          wallet,
          action: { type: "order", orders: [{ a: 0, b: true, p: px, s: "0.01", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" },
          nonce: time + 1,
          isMainnet: false,
        });
        const placed = (await (await post(first.url, "/exchange", order)).json()) as { response: { data: { statuses: { resting: { oid: number } }[] } } };
        expect(placed.response.data.statuses[0], JSON.stringify(placed)).toHaveProperty("resting");
        const oid = placed.response.data.statuses[0]!.resting.oid;
        await kill9(first.child);

        const second = await spawnDevnet(statePath);
        try {
          const info = async (body: unknown) => (await post(second.url, "/info", body)).json();
          const destState = (await info({ type: "clearinghouseState", user: dest })) as { withdrawable: string };
          expect(destState.withdrawable).toBe("125.0");
          const orders = (await info({ type: "openOrders", user: wallet.address })) as { oid: number; limitPx: string }[];
          expect(orders.map((o) => o.oid)).toEqual([oid]);
          const again = (await (await post(second.url, "/exchange", usdSend)).json()) as { status: string; response: string };
          expect(again).toEqual({ status: "err", response: `Invalid nonce: duplicate nonce ${time}` });
          expect(((await info({ type: "clearinghouseState", user: dest })) as { withdrawable: string }).withdrawable).toBe("125.0");
        } finally {
          await kill9(second.child);
        }
      } finally {
        await kill9(first.child);
      }
    },
  );

  it("a snapshot deletes the log generations it includes; entries after it replay exactly once", async () => {
    const statePath = join(dir, "rotate.sqlite");
    const wallet = privateKeyWallet(generatePrivateKey());
    const devnet = await startDevnet({ port: 0, statePath });
    devnet.fund(wallet.address, 10);
    await devnet.save();
    const logs = () => readdirSync(dir).filter((n) => n.startsWith("rotate.sqlite.wal."));
    expect(logs()).toEqual([]);
    await fetch(`${devnet.url}/devnet/fund`, { method: "POST", body: JSON.stringify({ user: wallet.address, usdc: "5" }) });
    expect(logs().length).toBe(1);
    // Simulates a crash: copy state + log as they are now, then let this instance close.
    const { copyFileSync } = await import("node:fs");
    copyFileSync(statePath, join(dir, "copy.sqlite"));
    for (const name of logs()) copyFileSync(join(dir, name), join(dir, name.replace("rotate", "copy")));
    await devnet.close();
    const restarted = await startDevnet({ port: 0, statePath: join(dir, "copy.sqlite") });
    try {
      expect(restarted.engine.existing(wallet.address)?.usdc.toFixed()).toBe("15");
    } finally {
      await restarted.close();
    }
    const again = await startDevnet({ port: 0, statePath: join(dir, "copy.sqlite") });
    try {
      expect(again.engine.existing(wallet.address)?.usdc.toFixed()).toBe("15");
    } finally {
      await again.close();
    }
  });

  it("replays records newer than the snapshot's and stops at a torn last line", () => {
    const statePath = join(dir, "unit.sqlite");
    const line = (s: number) => `${JSON.stringify({ s, t: 1000 + s, k: "tick" })}\n`;
    appendFileSync(`${statePath}.wal.1`, line(1) + line(2) + line(3));
    appendFileSync(`${statePath}.wal.2`, line(4) + line(5) + '{"s":6,"t":10');
    const { wal, records } = WriteAheadLog.open(statePath, 2);
    expect(records.map((r) => r.s)).toEqual([3, 4, 5]);
    expect(wal.lastSeq).toBe(5);
    expect(existsSync(`${statePath}.wal.3`)).toBe(false);
  });
});
