/** SubscriptionClient over a loopback WebSocket server: typed streams, validation modes, reconnects. */
import { afterEach, describe, expect, it } from "vitest";
import { SubscriptionClient } from "../../src/clients/subscription.js";
import { TestServer, waitFor } from "../ws/server.js";

const trade = { coin: "BTC", side: "B", px: "30000", sz: "0.1", time: 1, hash: `0x${"ab".repeat(32)}`, tid: 7, users: [`0x${"1".repeat(40)}`, `0x${"2".repeat(40)}`] };
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
