/**
 * Every door through the same pipeline: the Python-compatible Exchange with a guard is audited,
 * refused by the risk rules and the kill switch (a refusal is thrown, never returned as a
 * Python {"status":"err"}), and read-only sends nothing, like ExchangeClient.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Exchange } from "../../src/compat/exchange.js";
import { KillSwitchError, ReadOnlyModeError, RiskLimitError } from "../../src/index.js";
import { startGuardSetup, type GuardSetup } from "./setup.js";

let env: GuardSetup;
beforeAll(async () => {
  env = await startGuardSetup();
});
afterAll(() => env.close());

/** A compat Exchange sharing the trader's guard, account and counting transport. */
async function compatTrader(toml = "") {
  const t = await env.trader({ toml });
  const exchange = new Exchange(t.wallet, t.transport, null, null, null, null, null, null, { isMainnet: env.devnet.isMainnet, guard: t.guard });
  return { ...t, compat: exchange };
}

describe("compat Exchange through the guard", () => {
  it("a Python-style order is audited before and after and recorded in order_state", async () => {
    const t = await compatTrader();
    const px = Math.round(t.account.mid("BTC")! * 0.9);
    const res = (await t.compat.order("BTC", true, 0.001, px, { limit: { tif: "Gtc" } })) as { status: string };
    expect(res.status).toBe("ok");
    expect(t.transport.exchangeRequests).toBe(1);
    expect(
      t.store
        .auditRows()
        .filter((r) => r.operation === "order")
        .map((r) => [r.phase, r.status]),
    ).toEqual([
      ["before", "pending"],
      ["after", "ok"],
    ]);
    expect(t.store.orders("open")).toMatchObject([{ symbol: "BTC", side: "buy", price: String(px), quantity: "0.001" }]);
  });

  it("a risk refusal is thrown (not a Python err answer) and nothing is sent", async () => {
    const t = await compatTrader("[risk]\nmax_order_notional = 50");
    const px = Math.round(t.account.mid("ETH")! * 0.9);
    await expect(t.compat.order("ETH", true, 0.1, px, { limit: { tif: "Gtc" } })).rejects.toMatchObject({
      name: "RiskLimitError",
      rule: "max_order_notional",
      limit: "50",
    });
    await expect(t.compat.market_open("ETH", true, 0.1)).rejects.toBeInstanceOf(RiskLimitError);
    expect(t.transport.exchangeRequests).toBe(0);
  });

  it("the kill switch blocks market_open and lets market_close through", async () => {
    const t = await compatTrader();
    await t.compat.market_open("SOL", true, 2);
    await t.account.refresh();
    expect(t.account.position("SOL")).toBe(2);
    await t.guard.trip("test");
    const sent = t.transport.exchangeRequests;
    await expect(t.compat.market_open("SOL", true, 1)).rejects.toBeInstanceOf(KillSwitchError);
    expect(t.transport.exchangeRequests).toBe(sent);
    const closed = (await t.compat.market_close("SOL")) as { status: string };
    expect(closed.status).toBe("ok");
    await t.account.refresh();
    expect(t.account.position("SOL")).toBe(0);
  });

  it("read-only refuses every compat action before signing", async () => {
    const t = await compatTrader('mode = "read-only"');
    await expect(t.compat.cancel("BTC", 1)).rejects.toBeInstanceOf(ReadOnlyModeError);
    await expect(t.compat.usd_transfer(1, "0x0000000000000000000000000000000000000001")).rejects.toBeInstanceOf(ReadOnlyModeError);
    expect(t.transport.exchangeRequests).toBe(0);
  });
});
