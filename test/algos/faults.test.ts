/**
 * Hostile conditions mid-algorithm on the devnet: a 429 and a 5xx storm (the algorithm
 * pauses, reconciles by cloid and finishes with its target, no cloid twice), a WebSocket
 * drop while fills happen (paused on the reconnect, fills found by userFillsByTime), and a
 * trailing stop following a scripted price path that fires at the right level.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExchangeClient, HttpTransport, privateKeyWallet } from "../../src/index.js";
import type { AlgoUpdate } from "../../src/algos/handle.js";
import type { TrailingData } from "../../src/algos/trailing.js";
import { generatePrivateKey } from "viem/accounts";
import { duplicated, startAlgoSetup, type AlgoSetup } from "./setup.js";

let env: AlgoSetup;
beforeAll(async () => {
  env = await startAlgoSetup();
});
afterAll(() => env.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves the devnet's ETH oracle (the market maker re-quotes around it) and pushes the new mids. */
function setEthPrice(px: number): void {
  env.devnet.engine.movePrice("ETH", px);
}

describe("faults mid-algorithm", () => {
  it("429 then 503 storms: the TWAP pauses, reconciles and finishes with exactly its target", async () => {
    const { runner } = env.runner();
    await runner.start();
    const h = await runner.twap({ coin: "ETH", side: "buy", size: "1", durationMs: 1500, intervalMs: 30, maxSlice: "0.05" });
    const updates: AlgoUpdate[] = [];
    h.on((u) => updates.push(u));
    while (Number(h.progress.filled) < 0.2) await sleep(10);
    env.devnet.setFaults({ errorRate: 0.8, status: 429 });
    await sleep(400);
    env.devnet.setFaults({ errorRate: 0.8, status: 503 });
    await sleep(400);
    env.devnet.setFaults({});
    const final = await h.done;
    expect(final.status).toBe("done");
    expect(h.progress.filled).toBe("1");
    expect(updates.some((u) => u.paused)).toBe(true);
    expect(updates.some((u) => u.cause === "resumed")).toBe(true);
    expect(Object.values(final.children).some((c) => c.status === "lost")).toBe(true);
    expect(duplicated(env.placements)).toEqual([]);
  });

  it("a WebSocket drop while the iceberg is hit: paused on the reconnect, the missed fills reconciled, finished", async () => {
    const { runner } = env.runner();
    await runner.start();
    const mid = Number((await env.info.allMids()).ETH);
    const px = Number((mid * 1.0002).toFixed(1));
    const h = await runner.iceberg({ coin: "ETH", side: "sell", size: "0.3", displaySize: "0.1", limitPx: px });
    const updates: AlgoUpdate[] = [];
    h.on((u) => updates.push(u));
    const taker = privateKeyWallet(generatePrivateKey());
    env.devnet.fund(taker.address, 1_000_000);
    const takerEx = new ExchangeClient({ wallet: taker, transport: new HttpTransport({ url: env.devnet.url }), isMainnet: false });
    for (let i = 0; i < 3; i++) {
      while (!Object.values(h.state.children).some((c) => c.status === "open")) await sleep(5);
      env.devnet.ws.dropAll(); // the fill below happens while the runner is disconnected
      const res = await takerEx.order({ orders: [{ a: 1, b: true, p: String(px), s: "0.1", r: false, t: { limit: { tif: "Ioc" } } }], grouping: "na" });
      expect(JSON.stringify(res)).toContain("filled");
      while (Number(h.progress.filled) < (i + 1) / 10 - 1e-9) await sleep(5);
    }
    const final = await h.done;
    expect(final.status).toBe("done");
    expect(h.progress.filled).toBe("0.3");
    expect(updates.filter((u) => u.cause === "paused").length).toBeGreaterThanOrEqual(1);
    expect(duplicated(env.placements)).toEqual([]);
  });

  it("a trailing stop follows a scripted path and fires, reduce-only, at best × (1 − 1%)", async () => {
    const { runner } = env.runner();
    await runner.start();
    setEthPrice(3600);
    const mid = () => env.info.allMids().then((m) => Number(m.ETH));
    // A long to protect: 0.2 ETH.
    const twap = await runner.twap({ coin: "ETH", side: "buy", size: "0.2", durationMs: 50, intervalMs: 50 });
    await twap.done;
    const before = await env.info.clearinghouseState({ user: env.wallet.address });
    const long = Number(before.assetPositions.find((p) => p.position.coin === "ETH")!.position.szi);
    expect(long).toBeGreaterThanOrEqual(0.2);
    const h = await runner.trailingStop({ coin: "ETH", side: "sell", size: String(long), trailPercent: 0.01, source: "mid", activationPx: 3620 });
    const path = [3610, 3630, 3680, 3720, 3700, 3690, 3684, 3682, 3670, 3600];
    const stops: (number | undefined)[] = [];
    for (const px of path) {
      setEthPrice(px);
      const seen = await mid();
      while ((h.state.data as TrailingData).best === undefined && seen >= 3620) await sleep(5);
      await sleep(40);
      stops.push((h.state.data as TrailingData).stopPx);
      if (h.status !== "running" || (h.state.data as TrailingData).fired) break;
    }
    const final = await h.done;
    const d = final.data as TrailingData;
    expect(final.status).toBe("done");
    // Best 3720 → stop 3682.8: 3690 and 3684 hold, 3682 breaches.
    expect(d.best).toBe(3720);
    expect(d.stopPx).toBeCloseTo(3682.8, 6);
    expect(d.fired?.px).toBe(3682);
    const after = await env.info.clearinghouseState({ user: env.wallet.address });
    expect(after.assetPositions.find((p) => p.position.coin === "ETH")?.position.szi ?? "0").toBe("0");
    // Never against the trader along the way.
    const defined = stops.filter((s): s is number => s !== undefined);
    for (let i = 1; i < defined.length; i++) expect(defined[i]!).toBeGreaterThanOrEqual(defined[i - 1]!);
  });
});
