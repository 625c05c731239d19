/**
 * A real crash between send and answer: a child process sends a guarded order to a devnet that
 * holds the answer back, and is killed (SIGKILL) once its "before" row is in the store. The next
 * open completes that row as outcome-unknown: whether the order executed depends on whether the
 * request had left the process before the kill, which nobody can know from the store alone.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevnet, type Devnet } from "../../devnet/index.js";
import { openGuardStore } from "../../src/guard/store.js";

let devnet: Devnet;
let dir: string;
beforeAll(async () => {
  devnet = await startDevnet({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), "hl-guard-crash-"));
});
afterAll(async () => {
  await devnet.close();
  rmSync(dir, { recursive: true, force: true });
});

const src = (p: string): string => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).pathname);

describe("crash between send and answer", () => {
  it("leaves an outcome-unknown row after SIGKILL while the answer is outstanding", async () => {
    const key = generatePrivateKey();
    const user = privateKeyToAddress(key);
    devnet.fund(user, 100_000);
    const path = join(dir, "crash.db");
    const px = String(Math.round(Number(devnet.engine.midPx("BTC")) * 0.9));
    devnet.setFaults({ delayMs: 3000 });
    const script = `
      import { ExchangeClient, HttpTransport, privateKeyWallet } from ${src("index.ts")};
      import { GuardRails } from ${src("guard/pipeline.ts")};
      import { openGuardStore } from ${src("guard/store.ts")};
      const store = openGuardStore(${JSON.stringify(path)});
      const guard = new GuardRails({ store, network: "local", env: {} });
      const exchange = new ExchangeClient({ wallet: privateKeyWallet(process.env.KEY), transport: new HttpTransport({ url: ${JSON.stringify(devnet.url)}, retry: { attempts: 1 } }), isMainnet: false, guard });
      await exchange.order({ orders: [{ a: 0, b: true, p: ${JSON.stringify(px)}, s: "0.001", r: false, t: { limit: { tif: "Gtc" } } }], grouping: "na" });
      process.stdout.write("answered\\n");`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, KEY: key }, stdio: "pipe" });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on("exit", (_code, signal) => r(signal)));
    try {
      // Wait for the "before" row (read-only peeks: they never complete or change anything).
      await expect
        .poll(
          () => {
            try {
              const peek = openGuardStore(path, { readonly: true });
              try {
                return peek.auditRows().some((r) => r.operation === "order" && r.phase === "before");
              } finally {
                peek.close();
              }
            } catch {
              return false;
            }
          },
          { timeout: 20_000, interval: 50 },
        )
        .toBe(true);
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
    } finally {
      child.kill("SIGKILL");
      devnet.setFaults({});
    }
    expect(out).toBe("");
    const store = openGuardStore(path);
    try {
      const unknown = store.recoveredUnknown.filter((r) => r.operation === "order");
      expect(unknown).toHaveLength(1);
      const after = store.auditRows().find((r) => r.ref === unknown[0]!.id)!;
      expect(after).toMatchObject({ phase: "after", status: "outcome-unknown" });
      expect(JSON.parse(after.error!).message).toContain("check the order by its cloid or nonce");
      expect(store.verifyChain()).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  });
});
