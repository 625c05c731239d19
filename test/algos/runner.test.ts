/** The runner against the devnet: each algorithm end to end through the guard pipeline. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseGuardConfig } from "../../src/guard/config.js";
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
  it("two TWAPs slicing on the same ticks share actions; a guard refusal of one does not refuse the other", async () => {
    // 0.05 ETH slices (≈ $180) pass, 0.5 ETH slices (≈ $1800) break max_order_notional = 1000.
    const { runner, store, ready } = env.runner({ config: parseGuardConfig("[risk]\nmax_order_notional = 1000") });
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
    const rows = store.guardStore.auditRows().filter((r) => r.operation === "order");
    // Both slices in one action, refused by the rule, then each sent alone: one placed, one refused.
    const batched = rows.filter((r) => r.status === "rejected" && (JSON.parse(r.payload!) as { orders: unknown[] }).orders.length === 2);
    expect(batched.length).toBeGreaterThan(0);
    expect(duplicated(env.placements)).toEqual([]);
  });
});
