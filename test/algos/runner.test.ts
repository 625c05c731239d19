/** The runner against the devnet: each algorithm end to end through the guard pipeline. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeClient } from "../../src/clients/exchange.js";
import { cloidOf, type MarketRef } from "../../src/algos/core.js";
import { executePlaces } from "../../src/algos/execute.js";
import { AccountState } from "../../src/guard/account.js";
import { parseGuardConfig } from "../../src/guard/config.js";
import { GuardRails } from "../../src/guard/pipeline.js";
import { startAlgoSetup, duplicated, type AlgoSetup } from "./setup.js";

let env: AlgoSetup;
beforeAll(async () => {
  env = await startAlgoSetup();
});
afterAll(() => env.close());

describe("runner on the devnet", () => {
  it("a TWAP fills its target in slices; every child order is audited by the guard", async () => {
    const { runner, store } = env.runner();
    await runner.start();
    const h = await runner.twap({ coin: "ETH", side: "buy", size: "0.5", durationMs: 1000, intervalMs: 100, maxSlice: "0.05" });
    const final = await h.done;
    expect(final.status).toBe("done");
    expect(h.progress.filled).toBe("0.5");
    const slices = Object.values(final.children);
    // Catch-up may grow a late slice, never past maxSlice: at least 10 slices for 0.5.
    expect(slices.length).toBeGreaterThanOrEqual(10);
    for (const c of slices) expect(c.lots).toBeLessThanOrEqual(500);
    const audited = store.guardStore.auditRows().filter((r) => r.operation === "order" && r.phase === "before");
    expect(audited.length).toBe(slices.length);
    expect(store.list("done").map((r) => r.id)).toContain(h.id);
    expect(duplicated(env.placements)).toEqual([]);
  });

  it("an iceberg refreshes its display order until the size is filled", async () => {
    const { runner } = env.runner();
    await runner.start();
    const mid = Number((await env.info.allMids()).ETH);
    const h = await runner.iceberg({ coin: "ETH", side: "sell", size: "0.3", displaySize: "0.1", limitPx: Math.round(mid * 0.99) });
    const seen: string[] = [];
    for await (const u of h.events()) seen.push(`${u.status} ${u.progress.filled}`);
    expect(seen.at(-1)).toBe("done 0.3");
    const final = await h.done;
    expect(final.status).toBe("done");
    expect(h.progress.filled).toBe("0.3");
    expect(Object.keys(final.children).length).toBe(3);
  });

  it("dry-run: every slice is signed and audited as dry-run, nothing reaches the devnet", async () => {
    const { runner, store } = env.runner({ mode: "dry-run" });
    await runner.start();
    const before = env.placements.size;
    const h = await runner.twap({ coin: "ETH", side: "buy", size: "0.2", durationMs: 400, intervalMs: 50, maxSlice: "0.05" });
    while (Object.keys(h.state.children).length < 3) await new Promise((r) => setTimeout(r, 10));
    await h.cancel();
    expect((await h.done).status).toBe("canceled");
    const rows = store.guardStore.auditRows().filter((r) => r.operation === "order");
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.status === "dry-run")).toBe(true);
    expect(h.progress.filled).toBe("0");
    expect(env.placements.size).toBe(before);
  });
});

describe("placements of one event go out as one order action", () => {
  it("two TWAPs at once: a guard refusal of one's slices does not refuse the other's", async () => {
    // 0.05 ETH slices (≈ $180) pass, 0.5 ETH slices (≈ $1800) break max_order_notional = 1000.
    const { runner, ready } = env.runner({ config: parseGuardConfig("[risk]\nmax_order_notional = 1000") });
    await ready;
    await runner.start();
    const [ok, big] = await Promise.all([
      runner.twap({ coin: "ETH", side: "buy", size: "0.5", durationMs: 600, intervalMs: 60, minSlice: "0.05", maxSlice: "0.05" }),
      runner.twap({ coin: "ETH", side: "sell", size: "5", durationMs: 600, intervalMs: 60, minSlice: "0.5", maxSlice: "0.5" }),
    ]);
    const [okFinal, bigFinal] = await Promise.all([ok.done, big.done]);
    expect(okFinal.status).toBe("done");
    expect(ok.progress.filled).toBe("0.5");
    expect(bigFinal.status).toBe("failed");
    expect(bigFinal.reason).toMatch(/max_order_notional/);
    expect(big.progress.filled).toBe("0");
    expect(duplicated(env.placements)).toEqual([]);
  });

  it("executePlaces: one action for both; refused as a whole by the guard, each is resent alone", async () => {
    const { store } = env.runner();
    const account = new AccountState(env.info, env.wallet.address);
    await account.refresh();
    const guard = new GuardRails({
      store: store.guardStore,
      config: parseGuardConfig("[risk]\nmax_order_notional = 1000"),
      account,
      network: "local",
      env: {},
    });
    const exchange = new ExchangeClient({ wallet: env.wallet, transport: env.transport, isMainnet: env.devnet.isMainnet, guard });
    const meta = await env.info.meta();
    const eth: MarketRef = { coin: "ETH", asset: meta.universe.findIndex((u) => u.name === "ETH"), szDecimals: 4, isSpot: false };
    const mid = Number((await env.info.allMids()).ETH);
    const place = (id: string, lots: number, side: "buy" | "sell") =>
      ({ type: "place", cloid: cloidOf(id, 1), side, lots, px: side === "buy" ? mid * 1.01 : mid * 0.99, tif: "Ioc", reduceOnly: false }) as const;
    const io = { exchange, info: env.info, user: env.wallet.address };
    const requests = env.transport.exchangeRequests;
    // Both fine: one request, one status each.
    const both = await executePlaces(
      io,
      [
        { market: eth, command: place("batch-a", 200, "buy") },
        { market: eth, command: place("batch-b", 100, "sell") },
      ],
      Date.now,
    );
    expect(env.transport.exchangeRequests - requests).toBe(1);
    expect(both.map((o) => o.event)).toMatchObject([
      { type: "placed", cloid: cloidOf("batch-a", 1), filledLots: 200 },
      { type: "placed", cloid: cloidOf("batch-b", 1), filledLots: 100 },
    ]);
    // One breaks max_order_notional (1 ETH ≈ $3600): the action is refused, then each goes alone.
    const mixed = await executePlaces(
      io,
      [
        { market: eth, command: place("batch-c", 200, "buy") },
        { market: eth, command: place("batch-d", 10_000, "sell") },
      ],
      Date.now,
    );
    expect(mixed.map((o) => o.event?.type)).toEqual(["placed", "rejected"]);
    expect(mixed[1]!.event).toMatchObject({ error: expect.stringMatching(/max_order_notional/) });
    const rejected = store.guardStore.auditRows().filter((r) => r.operation === "order" && r.status === "rejected");
    expect(rejected.map((r) => (JSON.parse(r.payload!) as { orders: unknown[] }).orders.length)).toEqual([2, 1]);
    expect(duplicated(env.placements)).toEqual([]);
  });
});
