/**
 * startGuardRuntime (what `hl serve --guard` and a bot use): config file hot reload, a drawdown
 * from a devnet price move seen by the poll, the trip cancelling orders, the dead-man's switch armed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePrivateKey } from "viem/accounts";
import { KillSwitchError, privateKeyWallet, RiskLimitError } from "../../src/index.js";
import { startGuardRuntime } from "../../src/guard/runtime.js";
import { GuardRails } from "../../src/guard/pipeline.js";
import { openGuardStore } from "../../src/guard/store.js";
import { counting, startGuardSetup, wireOrder, type GuardSetup } from "./setup.js";
import { HttpTransport } from "../../src/index.js";

let env: GuardSetup;
beforeAll(async () => {
  env = await startGuardSetup();
});
afterAll(() => env.close());

describe("guard runtime", () => {
  it("reloads the config file, trips on a drawdown from a price move, cancels, keeps scheduleCancel armed", async () => {
    const wallet = privateKeyWallet(generatePrivateKey());
    env.devnet.fund(wallet.address, 10_000);
    const configPath = join(env.dir, "runtime.toml");
    const store = join(env.dir, "runtime.db");
    writeFileSync(configPath, `[store]\npath = ${JSON.stringify(store)}\n[risk]\nmax_drawdown = 0.5\n`);
    const transport = counting(new HttpTransport({ url: env.devnet.url, retry: { attempts: 1 } }));
    const lines: string[] = [];
    const rt = await startGuardRuntime({
      configPath,
      wallet,
      transport,
      isMainnet: false,
      info: env.info,
      network: "local",
      pollMs: 25,
      deadman: { everyMs: 1000, windowMs: 60_000 },
      log: (l) => lines.push(l),
    });
    try {
      expect(rt.deadman!.arms).toBe(1);
      expect(env.devnet.engine.existing(wallet.address)!.scheduledCancel).toBe(rt.deadman!.deadline);
      const btc = env.devnet.engine.market("BTC")!;
      const mid = Number(env.devnet.engine.midPx("BTC"));
      await rt.exchange.order({ orders: [wireOrder(btc.asset, true, String(Math.round(mid * 1.02)), "0.5", { tif: "Ioc" })], grouping: "na" });
      await rt.exchange.order({ orders: [wireOrder(btc.asset, true, String(Math.round(mid * 0.8)), "0.001")], grouping: "na" });

      writeFileSync(configPath, `[store]\npath = ${JSON.stringify(store)}\n[risk]\nmax_drawdown = 0.1\nmax_order_notional = 10\n`);
      await expect.poll(() => rt.guard.risk!.config.max_order_notional, { timeout: 3000, interval: 20 }).toBe(10);
      await expect(rt.exchange.order({ orders: [wireOrder(btc.asset, true, String(Math.round(mid * 0.8)), "0.001")], grouping: "na" })).rejects.toBeInstanceOf(
        RiskLimitError,
      );
      writeFileSync(configPath, "[risk]\nmax_drawdown = 7\n");
      await expect.poll(() => lines.length, { timeout: 3000, interval: 20 }).toBeGreaterThan(0);
      expect(lines[0]).toMatch(/^\[guard live local\] config reload refused, the previous version stays: .*risk\.max_drawdown/);

      env.devnet.engine.movePrice("BTC", mid * 0.95);
      await expect.poll(() => rt.guard.killState.tripped, { timeout: 3000, interval: 20 }).toBe(true);
      await expect.poll(async () => (await env.info.openOrders({ user: wallet.address })).length, { timeout: 3000, interval: 20 }).toBe(0);
      await expect(rt.exchange.order({ orders: [wireOrder(btc.asset, true, String(Math.round(mid * 0.8)), "0.001")], grouping: "na" })).rejects.toBeInstanceOf(
        KillSwitchError,
      );
      // `hl kill --release` from another process (another connection to the same store) reaches the runtime.
      const other = new GuardRails({ store: openGuardStore(store), network: "local", env: {} });
      other.release("released elsewhere");
      other.store!.close();
      await expect.poll(() => rt.guard.killState.tripped, { timeout: 2000, interval: 20 }).toBe(false);
      expect(lines.at(-1)).toBe("[guard live local] kill switch released from the store (released elsewhere)");
      expect(rt.store.verifyChain()).toMatchObject({ ok: true });
    } finally {
      await rt.close();
    }
  });
});
