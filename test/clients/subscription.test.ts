/** SubscriptionClient over a loopback WebSocket server: typed streams, validation modes, reconnects. */
import { afterEach, describe, expect, it } from "vitest";
import { SubscriptionClient } from "../../src/clients/subscription.js";
import { subscriptionEndpoints } from "../../generated/ts/registry.js";
import { frames } from "../ws/fixtures.js";
import { TestServer, waitFor } from "../ws/server.js";

const trade = {
  coin: "BTC",
  side: "B",
  px: "30000",
  sz: "0.1",
  time: 1,
  hash: `0x${"ab".repeat(32)}`,
  tid: 7,
  users: [`0x${"1".repeat(40)}`, `0x${"2".repeat(40)}`],
};
let server: TestServer | undefined;
let client: SubscriptionClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) out.push((await it.next()).value as T);
  return out;
}

describe("SubscriptionClient", () => {
  it("streams typed messages and survives a server-side disconnect", async () => {
    server = await TestServer.start();
    client = new SubscriptionClient({ url: server.url, validation: "strict", reconnect: { baseMs: 5, capMs: 20 } });
    const it = client.trades({ coin: "BTC" })[Symbol.asyncIterator]();
    await waitFor(() => server!.activeSubscriptions() === 1);
    server.push({ type: "trades", coin: "BTC" }, "trades", [trade]);
    const [first] = await take(it, 1);
    expect(first?.[0]?.px).toBe("30000");
    server.killAll();
    await waitFor(() => server!.activeSubscriptions() === 1, 3000, "resubscribe");
    server.push({ type: "trades", coin: "BTC" }, "trades", [{ ...trade, px: "30001" }]);
    const [second] = await take(it, 1);
    expect(second?.[0]?.px).toBe("30001");
  });

  it("strict drops invalid messages; warn reports and delivers them", async () => {
    server = await TestServer.start();
    client = new SubscriptionClient({ url: server.url, validation: "strict" });
    const errors: string[] = [];
    client.manager.on("error", (e) => errors.push(e.name));
    const strict = client.trades({ coin: "BTC" })[Symbol.asyncIterator]();
    await waitFor(() => server!.activeSubscriptions() === 1);
    server.push({ type: "trades", coin: "BTC" }, "trades", [{ ...trade, px: 30000 }]);
    server.push({ type: "trades", coin: "BTC" }, "trades", [trade]);
    const [ok] = await take(strict, 1);
    expect(ok?.[0]?.px).toBe("30000");
    expect(errors).toContain("ValidationError");
    await client.close();

    const reported: string[] = [];
    client = new SubscriptionClient({ url: server.url, validation: "warn", onValidationIssues: (_t, issues) => reported.push(issues[0]!.path) });
    const warn = client.trades({ coin: "BTC" })[Symbol.asyncIterator]();
    await waitFor(() => server!.activeSubscriptions() === 1);
    server.push({ type: "trades", coin: "BTC" }, "trades", [{ ...trade, px: 30000 }]);
    const [delivered] = await take(warn, 1);
    expect(delivered?.[0]?.px).toBe(30000);
    expect(reported).toEqual(["[0].px"]);
  });
});

describe("SubscriptionClient: every subscription type, both APIs", () => {
  it("has one method per subscription type (28): async iterator + callback, unsubscribe by handle or AbortSignal", async () => {
    const types = Object.keys(subscriptionEndpoints);
    expect(types).toHaveLength(28);
    server = await TestServer.start();
    client = new SubscriptionClient({ url: server.url, validation: "strict" });
    const errors: string[] = [];
    client.manager.on("error", (e) => errors.push(e.message));
    const fixtures = new Map<string, (typeof frames)[string]>();
    for (const f of Object.values(frames)) if (!fixtures.has(f.subscription.type as string)) fixtures.set(f.subscription.type as string, f);
    type Iter = AsyncIterable<unknown> & { unsubscribe(): Promise<void> };
    const runs: {
      type: string;
      iterator: AsyncIterator<unknown>;
      iterable: Iter;
      controller: AbortController;
      handle: { unsubscribe(): void; active: boolean };
      handleController: AbortController;
      got: unknown[];
    }[] = [];
    for (const [k, type] of types.entries()) {
      const fixture = fixtures.get(type);
      expect(fixture, `fixture for ${type}`).toBeDefined();
      const { type: _type, ...params } = fixture!.subscription;
      const method = (client as unknown as Record<string, (...args: unknown[]) => Iter>)[type];
      expect(typeof method, type).toBe("function");
      const controller = new AbortController();
      // Types without params take only options.
      const iterable = method!.length >= 2 ? method!.call(client, params, { signal: controller.signal }) : method!.call(client, { signal: controller.signal });
      if (method!.length < 2) expect(params).toEqual({});
      const got: unknown[] = [];
      const handleController = new AbortController();
      const handle = client.listen(
        type as keyof typeof subscriptionEndpoints,
        params as never,
        (m) => void got.push(m),
        k % 2 ? { signal: handleController.signal } : {},
      );
      runs.push({ type, iterator: iterable[Symbol.asyncIterator](), iterable, controller, handle, handleController, got });
    }
    // Iterator and callback of one type share one server subscription.
    await waitFor(() => server!.subscribes === 28, 5000, "28 server subscriptions");
    for (const type of types) {
      const f = fixtures.get(type)!;
      expect(server.push(f.subscription as never, f.channel, f.data), type).toBe(1);
    }
    for (const run of runs) {
      const next = await run.iterator.next();
      expect(next.done, run.type).toBe(false);
      expect(next.value, run.type).toEqual(fixtures.get(run.type)!.data);
    }
    await waitFor(() => runs.every((r) => r.got.length === 1), 3000, "every callback");
    expect(errors).toEqual([]);
    // Unsubscribe: even types by handle (iterator and callback), odd types by AbortSignal.
    for (const [k, run] of runs.entries()) {
      if (k % 2) {
        run.controller.abort();
        run.handleController.abort();
      } else {
        await run.iterable.unsubscribe();
        run.handle.unsubscribe();
      }
    }
    await waitFor(() => server!.activeSubscriptions() === 0, 3000, "all unsubscribed");
    expect(server.unsubscribes).toBe(28);
    expect(server.strayUnsubscribes).toBe(0);
    for (const run of runs) {
      expect((await run.iterator.next()).done, run.type).toBe(true);
      expect(run.handle.active).toBe(false);
    }
  });

  it("routes activeSpotAssetCtx frames to an activeAssetCtx subscription of a spot coin", async () => {
    server = await TestServer.start();
    client = new SubscriptionClient({ url: server.url, validation: "strict" });
    const spot = frames.activeAssetCtxSpot!;
    const got: unknown[] = [];
    client.listen("activeAssetCtx", { coin: "@107" }, (m) => void got.push(m));
    const it = client.activeAssetCtx({ coin: "@107" })[Symbol.asyncIterator]();
    await waitFor(() => server!.activeSubscriptions() === 1);
    server.push(spot.subscription as never, spot.channel, spot.data);
    expect((await it.next()).value).toEqual(spot.data);
    await waitFor(() => got.length === 1);
  });

  it("tells consumers about a reconnect before the fresh snapshot (iterator and callback)", async () => {
    let snapshot = 0;
    server = await TestServer.start({ onSubscribe: (sub, c) => server!.send(c, { channel: "trades", data: [{ ...trade, coin: sub.coin, tid: ++snapshot }] }) });
    const events: string[] = [];
    client = new SubscriptionClient({
      url: server.url,
      validation: "strict",
      reconnect: { baseMs: 1, capMs: 10 },
      onReconnected: (s) => events.push(`iterator reconnected ${String(s.coin)}`),
    });
    const it = client.trades({ coin: "BTC" })[Symbol.asyncIterator]();
    client.listen("trades", { coin: "ETH" }, (m) => events.push(`callback tid ${m[0]!.tid}`), { onReconnected: () => events.push("callback reconnected") });
    expect(((await it.next()).value as { tid: number }[])[0]!.tid).toBeGreaterThan(0);
    await waitFor(() => events.includes("callback tid 1") || events.includes("callback tid 2"));
    server.killAll();
    await waitFor(() => server!.activeSubscriptions() === 2, 3000, "resubscribed");
    const after = (await it.next()).value as { tid: number }[];
    expect(after[0]!.tid).toBeGreaterThan(2);
    await waitFor(() => events.filter((e) => e.startsWith("callback tid")).length === 2);
    // Each consumer hears "reconnected" right before its fresh snapshot.
    const cb = events.filter((e) => e.startsWith("callback"));
    expect(cb[1]).toBe("callback reconnected");
    expect(events.indexOf("iterator reconnected BTC")).toBeGreaterThanOrEqual(0);
  });
});

describe("compat Info.subscribe / unsubscribe (Python semantics)", () => {
  it("delivers {channel, data} to the callback and unsubscribes by id", async () => {
    const { Info } = await import("../../src/compat/info.js");
    const { WebSocketManager } = await import("../../src/transport/ws/index.js");
    server = await TestServer.start();
    const ws = new WebSocketManager({ url: server.url });
    const info = new Info({ transport: { request: async () => ({}) } }, ws);
    const got: { channel: string; data: unknown }[] = [];
    const id = info.subscribe({ type: "trades", coin: "BTC" }, (m) => got.push(m));
    await waitFor(() => server!.activeSubscriptions() === 1);
    server.push({ type: "trades", coin: "BTC" }, "trades", [trade]);
    await waitFor(() => got.length === 1);
    expect(got[0]!.channel).toBe("trades");
    expect(info.unsubscribe({ type: "trades", coin: "ETH" }, id)).toBe(false);
    expect(info.unsubscribe({ type: "trades", coin: "BTC" }, id)).toBe(true);
    await waitFor(() => server!.activeSubscriptions() === 0);
    expect(info.unsubscribe({ type: "trades", coin: "BTC" }, id)).toBe(false);
    await ws.close();
  });
});
