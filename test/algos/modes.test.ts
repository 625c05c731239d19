/**
 * Dry-run and paper mode for every algorithm, through the guard pipeline, with the devnet's
 * /exchange receiving nothing (the runners' transport counts its requests; the devnet's own
 * order events for the trader stay empty).
 *
 * Dry run: every child is signed and audited as "dry-run"; nothing fills, so each algorithm
 * ends ("done", reason "dry-run: …") once only a fill could move it on: a TWAP when its
 * schedule is over, an iceberg when its first display order rests, a trailing stop when it
 * fires, a conditional when its orders rest and every rule left waits for a fill.
 * Paper: children are matched by a PaperExchange copying the devnet's books; its fills (live
 * and reconciled) drive the algorithms to their targets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaperExchange } from "../../devnet/index.js";
import { SubscriptionClient } from "../../src/index.js";
import { bracket } from "../../src/algos/conditional.js";
import type { AlgoHandle } from "../../src/algos/handle.js";
import type { AlgoState } from "../../src/algos/core.js";
import type { TrailingData } from "../../src/algos/trailing.js";
import type { TwapData } from "../../src/algos/twap.js";
import { openGuardStore, type GuardStore } from "../../src/guard/store.js";
import { startAlgoSetup, type AlgoSetup } from "./setup.js";

let env: AlgoSetup;
let subs: SubscriptionClient;
let paperStore: GuardStore;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  env = await startAlgoSetup({ flow: 0 });
  subs = new SubscriptionClient({ url: env.devnet.wsUrl });
  paperStore = openGuardStore(`${env.dir}/paper.db`);
});
afterAll(async () => {
  await subs?.close();
  paperStore?.close();
  await env?.close();
});

/** Moves the devnet's ETH oracle (the market maker re-quotes around it) and pushes the new book and mids. */
function setEthPrice(px: number): void {
  env.devnet.engine.movePrice("ETH", px);
}

const mid = async (): Promise<number> => Number((await env.info.allMids()).ETH);

/** Nothing reached the devnet: no /exchange request, no order event for the trader. */
function nothingSent(): void {
  expect(env.transport.exchangeRequests).toBe(0);
  expect(env.placements.size).toBe(0);
}

async function finalOf(h: AlgoHandle, ms = 8000): Promise<AlgoState> {
  return Promise.race([h.done, sleep(ms).then(() => Promise.reject(new Error(`${h.id} still ${h.status} after ${ms} ms: ${JSON.stringify(h.progress)}`)))]);
}

describe("dry-run", () => {
  it("TWAP: slices signed and audited on schedule, then done when the schedule is over (no endless catch-up)", async () => {
    setEthPrice(3600);
    const { runner, store } = env.runner({ mode: "dry-run" });
    await runner.start();
    const h = await runner.twap({ coin: "ETH", side: "buy", size: "0.2", durationMs: 300, intervalMs: 50, maxSlice: "0.05" });
    const final = await finalOf(h);
    expect(final.status).toBe("done");
    expect(final.reason).toMatch(/^dry-run: the schedule is over/);
    const children = Object.values(final.children);
    // At most one slice per interval, none after the duration (catch-up grows them to maxSlice; nothing fills).
    const startAt = (final.data as TwapData).startAt!;
    expect(children.length).toBeGreaterThanOrEqual(2);
    expect(children.length).toBeLessThanOrEqual(7);
    for (const c of children) expect(c.placedAt).toBeLessThan(startAt + 300);
    expect(final.updated).toBeGreaterThanOrEqual(startAt + 300);
    expect(children.every((c) => c.simulated === true && c.status === "done")).toBe(true);
    expect(h.progress.filled).toBe("0");
    const rows = store.guardStore.auditRows().filter((r) => r.operation === "order");
    expect(rows.length).toBe(children.length);
    expect(rows.every((r) => r.status === "dry-run")).toBe(true);
    nothingSent();
  });

  it("iceberg: the first display order rests (simulated), then done; its cancel is a dry run too", async () => {
    const { runner, store } = env.runner({ mode: "dry-run" });
    await runner.start();
    const h = await runner.iceberg({ coin: "ETH", side: "buy", size: "0.3", displaySize: "0.1", limitPx: Math.round((await mid()) * 0.99) });
    const final = await finalOf(h);
    expect(final.status).toBe("done");
    expect(final.reason).toMatch(/^dry-run: the display order rests/);
    expect(Object.keys(final.children)).toHaveLength(1);
    const audited = () =>
      store.guardStore
        .auditRows()
        .filter((r) => r.operation !== "mode")
        .map((r) => `${r.operation} ${r.status}`);
    await expect.poll(audited).toEqual(["order dry-run", "cancelByCloid dry-run"]);
    nothingSent();
  });

  it("trailing stop: follows the path and fires at the right level; the stop order is simulated", async () => {
    setEthPrice(3600);
    const { runner } = env.runner({ mode: "dry-run" });
    await runner.start();
    const h = await runner.trailingStop({ coin: "ETH", side: "sell", size: "0.1", trailAmount: 20, source: "mid" });
    for (const px of [3610, 3640, 3630, 3615]) {
      setEthPrice(px);
      await sleep(60);
    }
    const final = await finalOf(h);
    const d = final.data as TrailingData;
    // Best 3640 (± the book's half-spread): the stop 20 below, fired by 3615.
    expect(Math.abs(d.best! - 3640)).toBeLessThan(2);
    expect(d.fired!.stopPx).toBe(d.best! - 20);
    expect(d.fired!.px).toBeLessThanOrEqual(d.fired!.stopPx);
    expect(final.status).toBe("done");
    expect(final.reason).toMatch(/^dry-run: the stop fired at /);
    expect(Object.values(final.children).every((c) => c.simulated && c.reduceOnly)).toBe(true);
    nothingSent();
  });

  it("native TWAP: its twapOrder is signed and audited, then done", async () => {
    const { runner, store } = env.runner({ mode: "dry-run" });
    await runner.start();
    const h = await runner.nativeTwap({ coin: "ETH", side: "buy", size: "0.5", minutes: 5 });
    const final = await finalOf(h);
    expect(final).toMatchObject({ status: "done", reason: expect.stringMatching(/^dry-run: the twapOrder/) });
    expect(
      store.guardStore
        .auditRows()
        .filter((r) => r.operation === "twapOrder")
        .map((r) => r.status),
    ).toEqual(["dry-run"]);
    nothingSent();
  });

  it("conditional bracket: the entry rests simulated and the TP/SL rules wait for a fill: done", async () => {
    const m = await mid();
    const { runner, store } = env.runner({ mode: "dry-run" });
    await runner.start();
    const h = await runner.when(
      bracket("ETH", { side: "buy", size: "0.1", px: Math.round(m * 0.95) }, { triggerPx: Math.round(m * 1.1) }, { triggerPx: Math.round(m * 0.9) }),
    );
    const final = await finalOf(h);
    expect(final.status).toBe("done");
    expect(final.reason).toMatch(/^dry-run: the orders rest/);
    expect(Object.values(final.children).map((c) => c.tag)).toEqual(["entry"]);
    expect(store.guardStore.auditRows().every((r) => r.status === "dry-run" || r.operation === "mode")).toBe(true);
    nothingSent();
  });
});

describe("paper", () => {
  let paper: PaperExchange;
  let stop: () => void;
  beforeAll(async () => {
    setEthPrice(3600);
    paper = new PaperExchange({ meta: await env.info.meta(), mids: await env.info.allMids(), store: paperStore, user: env.wallet.address });
    stop = paper.follow(subs, ["ETH"]);
    const live = await mid();
    for (let i = 0; i < 300 && paper.mid("ETH") !== live; i++) await sleep(10);
  });
  afterAll(() => stop?.());

  it("TWAP: IOC slices fill against the paper book to the exact target", async () => {
    expect(paper.mid("ETH")).toBe(await mid());
    const { runner, store } = env.runner({ mode: "paper", paper });
    await runner.start();
    const h = await runner.twap({ coin: "ETH", side: "buy", size: "0.3", durationMs: 300, intervalMs: 50, maxSlice: "0.05" });
    const final = await finalOf(h);
    expect(final.status).toBe("done");
    expect(h.progress.filled).toBe("0.3");
    expect(paper.position("ETH")).toBeCloseTo(0.3, 9);
    expect(
      store.guardStore
        .auditRows()
        .filter((r) => r.operation === "order" && r.phase === "after")
        .every((r) => r.mode === "paper" && r.status === "ok"),
    ).toBe(true);
    nothingSent();
  });

  it("iceberg: a resting display order filled by the book moving through it (the venue's fills), refreshed to the target", async () => {
    const { runner } = env.runner({ mode: "paper", paper });
    await runner.start();
    const m = await mid();
    const h = await runner.iceberg({ coin: "ETH", side: "buy", size: "0.3", displaySize: "0.1", limitPx: Math.round(m * 0.995) });
    await expect.poll(() => paper.openOrders(), { timeout: 3000 }).toBe(1);
    expect(h.progress.filled).toBe("0");
    const moved = performance.now();
    setEthPrice(Math.round(m * 0.98)); // asks now below the bid: the paper book crosses it
    const final = await finalOf(h);
    // Live from the venue's fills, not from the reconcile of a stale order (5 s).
    expect(performance.now() - moved).toBeLessThan(2500);
    expect(final.status).toBe("done");
    expect(h.progress.filled).toBe("0.3");
    expect(Object.keys(final.children)).toHaveLength(3);
    expect(paper.position("ETH")).toBeCloseTo(0.6, 9);
    nothingSent();
  });

  it("resume: a runner stopped while its paper order rests reconciles the fills it missed from the venue", async () => {
    setEthPrice(3600);
    for (let i = 0; i < 300 && paper.mid("ETH") !== 3600; i++) await sleep(10);
    const storePath = `${env.dir}/paper-resume.db`;
    const first = env.runner({ mode: "paper", paper, storePath });
    await first.runner.start();
    const h = await first.runner.iceberg({ coin: "ETH", side: "sell", size: "0.2", displaySize: "0.2", limitPx: 3620 }, { id: "paper-resume" });
    await expect.poll(() => paper.openOrders(), { timeout: 3000 }).toBe(1);
    await first.runner.stop();
    const before = paper.position("ETH");
    setEthPrice(3650); // fills the resting sell while no runner listens
    await expect.poll(() => paper.position("ETH"), { timeout: 3000 }).toBeCloseTo(before - 0.2, 9);
    expect(h.status).toBe("running");
    const second = env.runner({ mode: "paper", paper, storePath });
    const [resumed] = await second.runner.start();
    expect(resumed?.id).toBe("paper-resume");
    const final = await finalOf(resumed!);
    expect(final.status).toBe("done");
    expect(resumed!.progress.filled).toBe("0.2");
    expect(Object.keys(final.children)).toHaveLength(1);
    nothingSent();
  });

  it("trailing stop: fires on the scripted path and closes the paper long, reduce-only", async () => {
    setEthPrice(3600);
    await expect.poll(() => paper.mid("ETH"), { timeout: 3000, interval: 10 }).toBe(await mid());
    const { runner } = env.runner({ mode: "paper", paper });
    await runner.start();
    const long = paper.position("ETH");
    const h = await runner.trailingStop({ coin: "ETH", side: "sell", size: String(long), trailAmount: 20, source: "mid" });
    for (const px of [3610, 3640, 3630, 3615]) {
      setEthPrice(px);
      await sleep(60);
    }
    const final = await finalOf(h);
    expect(final.status).toBe("done");
    const d = final.data as TrailingData;
    expect(Math.abs(d.best! - 3640)).toBeLessThan(2);
    expect(d.fired!.stopPx).toBe(d.best! - 20);
    expect(paper.position("ETH")).toBeCloseTo(0, 9);
    nothingSent();
  });

  it("conditional bracket: the entry fills in paper, TP and SL rest there; cancel removes them from the paper book", async () => {
    const m = await mid();
    const { runner } = env.runner({ mode: "paper", paper });
    await runner.start();
    const h = await runner.when(
      bracket("ETH", { side: "buy", size: "0.1", px: Math.round(m * 1.01) }, { triggerPx: Math.round(m * 1.1) }, { triggerPx: Math.round(m * 0.9) }),
    );
    await expect
      .poll(
        () =>
          Object.values(h.state.children)
            .map((c) => `${c.tag} ${c.status}`)
            .sort(),
        { timeout: 3000 },
      )
      .toEqual(["entry done", "sl open", "tp open"]);
    expect(paper.position("ETH")).toBeCloseTo(0.1, 9);
    expect(paper.openOrders()).toBe(2);
    await h.cancel();
    expect((await finalOf(h)).status).toBe("canceled");
    await expect.poll(() => paper.openOrders(), { timeout: 3000 }).toBe(0);
    nothingSent();
  });
});
