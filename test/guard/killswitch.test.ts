/**
 * The kill switch against the devnet: a trip clears 100 resting orders on 5 coins (perps and
 * spot) within a second, blocks the next order but lets a reduce-only close through, persists
 * across a restart until released; a drawdown made by moving the devnet's price trips it.
 */
import { Decimal } from "decimal.js";
import { afterEach, describe, expect, it } from "vitest";
import { KillSwitchError } from "../../src/index.js";
import { attachKillSwitch } from "../../src/guard/killswitch.js";
import { GuardRails } from "../../src/guard/pipeline.js";
import { parseGuardConfig } from "../../src/guard/config.js";
import { openGuardStore } from "../../src/guard/store.js";
import { roundPx } from "../../devnet/markets.js";
import { startGuardSetup, wireOrder, type GuardedTrader, type GuardSetup } from "./setup.js";

let env: GuardSetup | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

// "@1035": the devnet lists HYPE/USDC under its testnet pair index (devnet/presets.ts).
const COINS = ["BTC", "ETH", "SOL", "PURR/USDC", "@1035"] as const;

async function fundSpot(setup: GuardSetup, user: string, usdc: string): Promise<void> {
  const res = await fetch(`${setup.devnet.url}/devnet/fund`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user, spot: { USDC: usdc } }),
  });
  expect(res.status).toBe(200);
}

/** A resting bid 10–30% under the mid, sized to at least $11 and rounded as the devnet wants. */
function restingBid(t: GuardedTrader, setup: GuardSetup, coin: string, i: number): ReturnType<typeof wireOrder> {
  const market = setup.devnet.engine.market(coin)!;
  const mid = t.account.mid(coin)!;
  const px = Number(roundPx(mid * (0.7 + i * 0.01), market));
  const sz = new Decimal(12 / px).toDecimalPlaces(market.szDecimals, Decimal.ROUND_UP);
  return wireOrder(market.asset, true, String(px), sz.toFixed());
}

async function openOrderCount(setup: GuardSetup, user: string): Promise<number> {
  return (await setup.info.openOrders({ user })).length;
}

describe("kill switch", () => {
  it("clears 100 resting orders on 5 coins within 1 s, blocks the next order, lets a reduce-only close pass", async () => {
    env = await startGuardSetup();
    const setup = env;
    const t = await setup.trader({ toml: "[risk]\nmax_open_orders = 1000" });
    await fundSpot(setup, t.wallet.address, "100000");
    attachKillSwitch(t.guard, t.exchange, t.account);
    // A position to close later: 0.1 ETH long taken from the devnet's maker.
    const ethMid = t.account.mid("ETH")!;
    await t.exchange.order({ orders: [wireOrder(t.assets.ETH!, true, String(Math.round(ethMid * 1.02)), "0.1", { tif: "Ioc" })], grouping: "na" });
    for (const coin of COINS) await t.exchange.order({ orders: Array.from({ length: 20 }, (_, i) => restingBid(t, setup, coin, i)), grouping: "na" });
    expect(await openOrderCount(setup, t.wallet.address)).toBe(100);
    const coinsOpen = new Set((await setup.info.openOrders({ user: t.wallet.address })).map((o) => o.coin));
    expect(coinsOpen.size).toBe(5);

    const started = performance.now();
    await t.guard.trip("test: hl kill");
    const elapsed = performance.now() - started;
    expect(await openOrderCount(setup, t.wallet.address)).toBe(0);
    expect(elapsed).toBeLessThan(1000);

    const sent = t.transport.exchangeRequests;
    const next = await t.exchange.order({ orders: [restingBid(t, setup, "BTC", 0)], grouping: "na" }).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(KillSwitchError);
    expect((next as KillSwitchError).details).toContain("mode live (local)");
    expect(t.transport.exchangeRequests).toBe(sent);

    await t.account.refresh();
    const close = wireOrder(t.assets.ETH!, false, String(Math.round(t.account.mid("ETH")! * 0.98)), "0.1", { r: true, tif: "Ioc" });
    await t.exchange.order({ orders: [close], grouping: "na" });
    expect(t.transport.exchangeRequests).toBe(sent + 1);
    await t.account.refresh();
    expect(t.account.position("ETH")).toBe(0);

    const events = t.store.auditRows().filter((r) => r.operation === "kill-switch");
    expect(events.map((r) => JSON.parse(r.payload!))).toEqual([{ tripped: true, reason: "test: hl kill" }]);
  });

  it("stays tripped across a restart until released", async () => {
    env = await startGuardSetup();
    const setup = env;
    const path = `${setup.dir}/restart.db`;
    const t = await setup.trader({ storePath: path });
    await t.guard.trip("manual");
    t.store.close();
    const store = openGuardStore(path);
    try {
      const again = new GuardRails({ config: parseGuardConfig(""), store, account: t.account, network: "local", env: {} });
      expect(again.killState).toMatchObject({ tripped: true, reason: "manual" });
      again.release("checked");
      const third = new GuardRails({ config: parseGuardConfig(""), store, account: t.account, network: "local", env: {} });
      expect(third.killState.tripped).toBe(false);
      expect(store.verifyChain()).toMatchObject({ ok: true });
    } finally {
      store.close();
    }
  });

  it("a drawdown made by moving the devnet's price trips it and cancels the resting orders", async () => {
    env = await startGuardSetup();
    const setup = env;
    const t = await setup.trader({ fund: 10_000, toml: "[risk]\nmax_drawdown = 0.1" });
    attachKillSwitch(t.guard, t.exchange, t.account);
    const btc = setup.devnet.engine.market("BTC")!;
    const mid = t.account.mid("BTC")!;
    // 0.5 BTC long (~5x the account), and one resting bid for the trip to cancel.
    await t.exchange.order({ orders: [wireOrder(btc.asset, true, String(Math.round(mid * 1.02)), "0.5", { tif: "Ioc" })], grouping: "na" });
    await t.exchange.order({ orders: [restingBid(t, setup, "SOL", 0)], grouping: "na" });
    await t.account.refresh();
    expect(t.guard.killState.tripped).toBe(false);
    const stop = t.account.poll(25);
    try {
      // The devnet's way to move a price: its oracle, then the built-in maker re-quotes around it.
      setup.devnet.engine.movePrice("BTC", mid * 0.95);
      await expect.poll(() => t.guard.killState.tripped, { timeout: 2000, interval: 20 }).toBe(true);
    } finally {
      stop();
    }
    expect(t.guard.killState.reason).toMatch(/^max_drawdown: drawdown 0\.\d+ of the high-water mark \d+(\.\d+)? exceeds 0\.1$/);
    await expect.poll(() => openOrderCount(setup, t.wallet.address), { timeout: 2000, interval: 20 }).toBe(0);
    await expect(t.exchange.order({ orders: [restingBid(t, setup, "SOL", 0)], grouping: "na" })).rejects.toBeInstanceOf(KillSwitchError);
  });
});
