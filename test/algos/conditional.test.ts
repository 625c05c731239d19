/** Conditional orders and the native TWAP wrapper on the devnet. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bracket, oco, type ConditionalData } from "../../src/algos/conditional.js";
import type { NativeTwapData } from "../../src/algos/native-twap.js";
import { duplicated, startAlgoSetup, type AlgoSetup } from "./setup.js";

let env: AlgoSetup;
beforeAll(async () => {
  env = await startAlgoSetup();
});
afterAll(() => env.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setPrice(coin: string, px: number): void {
  env.devnet.engine.movePrice(coin, px); // trigger orders see the new mark
}

const position = async (coin: string): Promise<number> =>
  Number((await env.info.clearinghouseState({ user: env.wallet.address })).assetPositions.find((p) => p.position.coin === coin)?.position.szi ?? 0);

describe("conditional on the devnet", () => {
  it("bracket: the entry fills, TP and SL rest as reduce-only triggers, the SL fires and the TP is canceled", async () => {
    const { runner } = env.runner();
    await runner.start();
    setPrice("SOL", 200);
    const h = await runner.when(bracket("SOL", { side: "buy", size: 1, px: 202, tif: "Ioc" }, { triggerPx: 220 }, { triggerPx: 190 }));
    while (Object.values(h.state.children).filter((c) => c.status === "open").length < 2) await sleep(10);
    expect(await position("SOL")).toBe(1);
    const triggers = await env.info.frontendOpenOrders({ user: env.wallet.address });
    expect(triggers.map((o) => o.orderType).sort()).toEqual(["Stop Market", "Take Profit Market"]);
    setPrice("SOL", 188);
    const final = await h.done;
    expect(final.status).toBe("done");
    expect(await position("SOL")).toBe(0);
    for (let i = 0; i < 50 && (await env.info.openOrders({ user: env.wallet.address })).length; i++) await sleep(20);
    expect(await env.info.openOrders({ user: env.wallet.address })).toEqual([]);
    expect(duplicated(env.placements)).toEqual([]);
  });

  it("OCO: the first to fill cancels the other", async () => {
    const { runner } = env.runner();
    await runner.start();
    setPrice("SOL", 200);
    const h = await runner.when(oco("SOL", { side: "buy", size: 1, px: 199.9 }, { side: "buy", size: 1, px: 180 }));
    while (Object.values(h.state.children).filter((c) => c.status === "open").length < 2) await sleep(10);
    setPrice("SOL", 199); // the market maker's asks now cross order a
    const final = await h.done;
    expect(final.status).toBe("done");
    const named = (final.data as ConditionalData).named;
    const [a, b] = [final.children[named.a!]!, final.children[named.b!]!];
    expect([a.fillLots, b.fillLots]).toEqual([100, 0]);
    expect(await env.info.openOrders({ user: env.wallet.address })).toEqual([]);
    // close the long for the next tests
    await (
      await runner.twap({ coin: "SOL", side: "sell", size: 1, durationMs: 10, intervalMs: 10 })
    ).done;
    expect(await position("SOL")).toBe(0);
  });

  it("position and time conditions: the entry opens a position, the position rule closes it after a time condition", async () => {
    const { runner } = env.runner();
    await runner.start();
    setPrice("SOL", 200);
    const after = Date.now() + 300;
    const h = await runner.when({
      coin: "SOL",
      orders: { entry: { side: "buy", size: 0.5, px: 202, tif: "Ioc" }, exit: { side: "sell", size: 0.5, px: 198, tif: "Ioc", reduceOnly: true } },
      start: [{ place: "entry" }],
      rules: [{ if: { all: [{ position: { above: 0.5 } }, { time: { after } }] }, then: [{ place: "exit" }] }],
    });
    const final = await h.done;
    expect(final.status).toBe("done");
    const exit = final.children[(final.data as ConditionalData).named.exit!]!;
    expect(exit.placedAt).toBeGreaterThanOrEqual(after);
    expect(exit.fillLots + exit.reportedLots).toBeGreaterThan(0);
    expect(await position("SOL")).toBe(0);
  });

  it("native TWAP: started once, its id kept, canceled with twapCancel", async () => {
    const { runner } = env.runner();
    await runner.start();
    const h = await runner.nativeTwap({ coin: "ETH", side: "buy", size: "1", minutes: 5 });
    while ((h.state.data as NativeTwapData).twapId === undefined) await sleep(10);
    const twapId = (h.state.data as NativeTwapData).twapId!;
    await h.cancel();
    const final = await h.done;
    expect(final.status).toBe("canceled");
    await sleep(100);
    const history = await env.info.twapHistory({ user: env.wallet.address });
    expect(JSON.stringify(history)).toContain(`"twapId":${twapId}`);
    expect(JSON.stringify(history)).toContain("terminated");
  });
});
